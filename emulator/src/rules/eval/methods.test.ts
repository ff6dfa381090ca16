import { describe, expect, it } from 'vitest';
import { reason, value } from './harness.js';

describe('string methods (§6.4)', () => {
  it.each([
    ["'abc'.size()", 3n],
    ["'€'.size()", 1n],
    ["'😀'.size()", 2n],
    ["'HeLLo'.lower()", 'hello'],
    ["'mix3d'.upper()", 'MIX3D'],
    ["'éa'.upper()", 'éA'],
    ["'  a b  '.trim()", 'a b'],
    ["'\\t\\na\\n'.trim()", 'a'],
    ["'x-y-z'.split('-')", ['x', 'y', 'z']],
    ["'a1b22c'.split('[0-9]+')", ['a', 'b', 'c']],
    ["'cocoa'.replace('o', 'a')", 'cacaa'],
    ["'a.b'.replace('.', '-')", '---'],
    ["'ab'.replace('b', '$1')", 'a$1'],
    ["'€'.toUtf8().size()", 3n],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));

  it('matches is a whole-string match (E04)', () => {
    expect(value("'bob@example.org'.matches('.*@example[.]org')")).toBe(true);
    expect(value("'bob@example.orgx'.matches('.*@example[.]org')")).toBe(false);
    expect(value("'ab'.matches('a|ab')")).toBe(true);
    expect(value("'xab'.matches('ab')")).toBe(false);
  });

  it('patterns are RE2: linear time, RE2 syntax, and no lookaround or backreferences', () => {
    // Exponential for a backtracking engine (2^40 paths); RE2 answers at once.
    const started = performance.now();
    expect(value(`'${'a'.repeat(40)}!'.matches('(a+)+')`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(value("'ab'.matches('(?P<first>a)b')")).toBe(true);
    expect(reason("'ab'.matches('a(?=b)b')")).toMatch(/invalid regex/);
    expect(reason("'aa'.matches('(a)\\\\1')")).toMatch(/invalid regex/);
    // `.` is one code point, as in RE2 over UTF-8, not one UTF-16 unit.
    expect(value("'😀'.matches('.')")).toBe(true);
    expect(value("'a,b,'.split(',')")).toEqual(['a', 'b', '']);
  });

  it('a cached pattern gives the same answers on reuse', () => {
    const src = "'a-b'.replace('-', '+') == 'a+b' && 'a-b'.split('-').size() == 2 && 'a-b'.matches('a-b')";
    expect(value(src)).toBe(true);
    expect(value(src)).toBe(true);
    expect(reason("'a'.matches('(')")).toMatch(/invalid regex/);
  });

  it('errors', () => {
    expect(reason("'a'.matches('(')")).toMatch(/invalid regex/);
    expect(reason("'a'.split('[')")).toMatch(/invalid regex/);
    expect(reason("'a'.matches(1)")).toBe(
      'Unsupported operation error. Received: string.matches(int). Expected: string.matches(string).',
    );
    expect(reason("'a'.size(1)")).toMatch(/Unsupported/);
    expect(reason("'a'.foo() == 1")).toBe('Function not found error: Name: [foo].'); // D24
    expect(reason('null.size()')).toBe('Null value error.');
  });

  it('E01–E03, E05–E07, E10', () => {
    expect(value("'abc'.size() == 3")).toBe(true);
    expect(value("'HeLLo'.lower() == 'hello' && 'mix3d'.upper() == 'MIX3D'")).toBe(true);
    expect(value("'  a b  '.trim() == 'a b'")).toBe(true);
    expect(value("'x-y-z'.split('-') == ['x', 'y', 'z']")).toBe(true);
    expect(value("'cocoa'.replace('o', 'a') == 'cacaa'")).toBe(true);
    expect(value("'rules'[1] == 'u' && 'rules'[1:4] == 'ule'")).toBe(true);
    expect(value("'€'.toUtf8().size() == 3")).toBe(true);
  });
});

describe('bytes methods (§6.5)', () => {
  it('G13', () => {
    expect(
      value("b'\\x7F'.toHexString() == '7F' && b'ab'.size() == 2 && b'\\xFF\\xFF\\xFF'.toBase64() == '____'"),
    ).toBe(true);
    expect(value("b'\\xFB\\xFF'.toBase64()")).toBe('-_8=');
    expect(reason("b'a'.lower()")).toMatch(/Function not found/);
  });
});

describe('list methods (§6.6)', () => {
  it.each([
    ['[1,2,3].size()', 3n],
    ["['a','b'].concat(['c'])", ['a', 'b', 'c']],
    ["['a','b','a'].removeAll(['a'])", ['b']],
    ['[1, 2].removeAll([1.0])', [2n]],
    ["['x','y'].join('-')", 'x-y'],
    ["[].join(',')", ''],
    ["['p','q'].hasAll(['q'])", true],
    ["['p','q'].hasAll([])", true],
    ["['p','q'].hasAll(['q', 'z'])", false],
    ["['p','q'].hasAny(['z','p'])", true],
    ["['p','q'].hasAny([])", false],
    ["['p','q','p'].hasOnly(['q','p','r'])", true],
    ["['p','q'].hasOnly(['p','r'])", false],
    ["['a','a','b'].toSet()", { set: ['a', 'b'] }],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));

  it('F01–F09', () => {
    expect(value('[1,2,3].size() == 3 && 2 in [1,2,3] && !(4 in [1,2,3])')).toBe(true);
    expect(
      value("['p','q'].hasAll(['q']) && ['p','q'].hasAny(['z','p']) && ['p','q','p'].hasOnly(['q','p','r'])"),
    ).toBe(true);
    expect(value("['a','b'].concat(['c']) == ['a','b','c']")).toBe(true);
    expect(value("['a','b','a'].removeAll(['a']) == ['b']")).toBe(true);
    expect(value("['x','y'].join('-') == 'x-y'")).toBe(true);
    expect(value('[1,2,3][1] == 2 && [1,2,3][0:2] == [1,2]')).toBe(true);
    expect(reason('[1,2][5] == 1')).toMatch(/Index out of bound/);
    expect(value("['a','a','b'].toSet().size() == 2 && 'a' in ['a'].toSet()")).toBe(true);
  });

  it('argument errors', () => {
    expect(reason("['a'].hasAny('a')")).toBe(
      'Unsupported operation error. Received: list.hasAny(string). Expected: list.hasAny(list).',
    );
    expect(reason("[1].join(',')")).toMatch(/Unsupported/);
    expect(reason('[1].concat(1)')).toMatch(/Unsupported/);
    expect(reason('[1].keys()')).toMatch(/Function not found/);
  });
});

describe('set methods (§6.7)', () => {
  it('F10', () => {
    const src =
      "['x','y'].toSet().union(['z'].toSet()).size() == 3 && ['x','y'].toSet().intersection(['x','z'].toSet()) == ['x'].toSet() && ['x','y'].toSet().difference(['x','z'].toSet()) == ['y'].toSet()";
    expect(value(src)).toBe(true);
  });
  it.each([
    ["['a','b'].toSet().size()", 2n],
    ["['a','b'].toSet().hasAll(['a'])", true],
    ["['a','b'].toSet().hasAll(['a'].toSet())", true],
    ["['a','b'].toSet().hasAny(['c'])", false],
    ["['a','b'].toSet().hasOnly(['a','b','c'].toSet())", true],
    ["['a','b'].toSet() == ['b','a'].toSet()", true],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));
  it('union/intersection/difference need a set', () => {
    expect(reason("['x'].toSet().difference(['x'])")).toMatch(/Expected: set.difference\(set\)/);
  });
});

describe('map methods (§6.8)', () => {
  it.each([
    ["{'a':1,'b':2}.size()", 2n],
    ["{'b':1,'a':2}.keys()", ['a', 'b']],
    ["{'b':1,'a':2}.values()", [2n, 1n]],
    ["{'a': 1}.get('b', 2)", 2n],
    ["{'a': 1}.get('a', 2)", 1n],
    ["{'x': {'y': 5}}.get(['x', 'y'], 0)", 5n],
    ["{'x': {'y': 5}}.get(['x', 'q'], 0)", 0n],
    ["{'x': 1}.get(['x', 'y'], 0)", 0n],
    ["{'x': 1}.get([], 0)", { x: 1n }],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));

  it('F11–F14, F16, F17', () => {
    expect(value("{'a': 1}.a == 1 && {'a': 1}['a'] == 1 && 'a' in {'a': 1}")).toBe(true);
    expect(reason("{'a': 1}.b == 1")).toBe('Property b is undefined on object.');
    expect(value("{'a': 1}.get('b', 2) == 2")).toBe(true);
    expect(value("{'x': {'y': 5}}.get(['x', 'y'], 0) == 5 && {'x': {'y': 5}}.get(['x', 'q'], 0) == 0")).toBe(
      true,
    );
    expect(
      value("{'a':1,'b':2}.size() == 2 && {'a':1,'b':2}.keys().hasAll(['a','b']) && {'a':1}.values() == [1]"),
    ).toBe(true);
    expect(reason("1 in {'a': 1}")).toMatch(/map.in\(int\)/);
    expect(reason("{'a': 1}.hasAll(['a'])")).toBe('Function not found error: Name: [hasAll].');
    expect(value("{'a': 1}.keys().hasAll(['a'])")).toBe(true);
  });

  it('argument errors', () => {
    expect(reason("{'a': 1}.get(1, 2)")).toMatch(/Unsupported/);
    expect(reason("{'a': 1}.get('a')")).toMatch(/Unsupported/);
    expect(reason("{'a': 1}.diff([])")).toMatch(/Unsupported/);
  });
});

describe('map_diff (§6.9)', () => {
  const d = "{'a':1,'b':2,'c':3}.diff({'a':1,'b':9,'d':4})";
  it('F15', () => {
    expect(value(`${d}.addedKeys() == ['c'].toSet()`)).toBe(true);
    expect(value(`${d}.removedKeys() == ['d'].toSet()`)).toBe(true);
    expect(value(`${d}.changedKeys() == ['b'].toSet()`)).toBe(true);
    expect(value(`${d}.unchangedKeys() == ['a'].toSet()`)).toBe(true);
    expect(value(`${d}.affectedKeys() == ['b','c','d'].toSet()`)).toBe(true);
  });
  it('the H11 idiom', () => {
    const ok = "{'name':'b','role':'user'}.diff({'name':'a','role':'user'}).affectedKeys().hasOnly(['name'])";
    const no =
      "{'name':'a','role':'admin'}.diff({'name':'a','role':'user'}).affectedKeys().hasOnly(['name'])";
    expect(value(ok)).toBe(true);
    expect(value(no)).toBe(false);
  });
  it('equality and unknown methods', () => {
    expect(value("{'a':1}.diff({}) == {'a':1.0}.diff({})")).toBe(true);
    expect(reason(`${d}.keys()`)).toMatch(/Function not found/);
    expect(reason(`${d}.addedKeys(1)`)).toMatch(/Unsupported/);
  });
});
