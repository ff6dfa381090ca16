import { describe, expect, it } from 'vitest';
import { isRulesError, rulesError } from './errors.js';
import { reason, run, value } from './harness.js';
import { int, map, NULL, str } from './values.js';

const ERR = '(1/0 == 1)';

describe('literals and identifiers', () => {
  it.each([
    ['null', null],
    ['true', true],
    ['42', 42n],
    ['1.5', 1.5],
    ["'s'", 's'],
    ['[1, "a", [true]]', [1n, 'a', [true]]],
    ["{'a': 1, 'b': {'c': null}}", { a: 1n, b: { c: null } }],
    ['[]', []],
    ['{}', {}],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));

  it('bytes', () => expect(value("b'ab'")).toEqual(new Uint8Array([97, 98])));

  it('reads variables from the activation', () => {
    expect(value('x + 1', { x: int(41n) })).toBe(42n);
    expect(reason('y')).toMatch(/Variable y is not defined/);
  });

  it('a bound error surfaces only where used', () => {
    const vars = { bad: rulesError('boom') };
    expect(value('true || bad', vars)).toBe(true);
    expect(reason('bad == 1', vars)).toBe('boom');
  });

  it('map keys must be strings', () => expect(reason('{1: 2}')).toMatch(/Unsupported operation/));
  it('errors carry the range of the innermost node', () => {
    const r = run('true && (1/0 == 1)');
    // The condition starts at column 75; the failing `(1/0 == 1)` starts 8 columns later, not the `&&`.
    expect(isRulesError(r) && r.range?.start.column).toBeGreaterThanOrEqual(83);
  });
});

describe('&&, || and ?: error semantics (§5.2, §5.3)', () => {
  it.each([
    ['false && ' + ERR, false],
    ['true || ' + ERR, true],
    ['true && false', false],
    ['true && true', true],
    ['false || true', true],
    ['false || false', false],
    [ERR + ' && false', false],
    [ERR + ' || true', true],
    // D01–D07
    ['true || (1/0 == 1)', true],
    ['(1/0 == 1) || true', true],
    ['!((1/0 == 1) && false)', true],
    ['true ? true : (1/0 == 1)', true],
    ['false ? (1/0 == 1) : true', true],
    ['true ? 1 : 2', 1n],
    ['false ? 1 : 2', 2n],
  ])('%s → %s', (src, expected) => expect(value(src)).toEqual(expected));

  it.each([
    ERR + ' && true',
    ERR + ' || false',
    ERR + ' && ' + ERR,
    ERR + ' || ' + ERR,
    'true && ' + ERR,
    'false || ' + ERR,
    '!((1/0 == 1) || false)', // D04
    '!(1/0 == 1)', // D05
    '(1/0 == 1) ? true : true', // D08
    '1 && true',
    'true && 1',
    'false || 1',
    "'x' ? 1 : 2",
  ])('%s → error', (src) => expect(reason(src)).toBeDefined());

  it('the skipped side is never evaluated', () => {
    expect(value('false && nope', {})).toBe(false);
    expect(value('true || nope', {})).toBe(true);
  });

  it('the left error wins when both sides fail', () => {
    expect(reason('(1/0 == 1) && nope')).toBe('Division by zero.');
    expect(reason('nope || (1/0 == 1)')).toMatch(/nope/);
  });
});

describe('unary', () => {
  it.each([
    ['!true', false],
    ['!false', true],
    ['-5', -5n],
    ['-(2.5)', -2.5],
    ['--3', 3n],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));
  it.each(["!'a'", '!1', "-'a'", '-true', '-null'])('%s → error', (src) => expect(reason(src)).toBeDefined());
  it('negating INT_MIN overflows', () => {
    expect(reason('-x', { x: int(-(2n ** 63n)) })).toBe('Integer overflow.');
  });
});

describe('member, index and slice (§5.9)', () => {
  const m = map(
    new Map([
      ['a', int(1n)],
      ['n', NULL],
    ]),
  );
  it.each([
    ["{'a': 1}.a", 1n],
    ["{'a': 1}['a']", 1n],
    ['[1,2,3][1]', 2n],
    ["'rules'[1]", 'u'],
    ["'rules'[1:4]", 'ule'],
    ['[1,2,3][0:2]', [1n, 2n]],
    ['[1,2,3][1:]', [2n, 3n]],
    ['[1,2,3][:1]', [1n]],
    ["'abc'[3:]", ''],
    ['/a/b/c[1]', 'b'],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));

  it('missing key, null target, bad index', () => {
    expect(reason('m.b', { m })).toBe('Property b is undefined on object.');
    expect(reason("m['b']", { m })).toBe('Property b is undefined on object.');
    expect(reason('m.n.x', { m })).toBe('Null value error.');
    expect(reason('m.n[0]', { m })).toBe('Null value error.');
    expect(reason('m.a.x', { m })).toMatch(/Unsupported operation error/);
    expect(reason('[1,2][5]')).toBe('Index out of bound error. Index: [5] , size: [2].');
    expect(reason('[1,2][-1]')).toMatch(/Index out of bound/);
    expect(reason("'abc'[5]")).toMatch(/Index out of bound/);
    expect(reason("[1]['a']")).toBe(
      'Unsupported operation error. Received: list[string]. Expected: list[int].',
    );
    expect(reason('m[1]', { m })).toMatch(/map\[int\]/);
    expect(reason('1[0]')).toMatch(/Unsupported/);
  });

  it('slice bounds', () => {
    expect(reason('[1,2][0:3]')).toMatch(/Index out of bound/);
    expect(reason('[1,2][2:1]')).toMatch(/Index out of bound/);
    expect(reason('[1,2][-1:]')).toMatch(/Index out of bound/);
    expect(reason("[1,2]['a':]")).toMatch(/Unsupported/);
    expect(reason('1[0:1]')).toMatch(/Unsupported/);
  });
});

describe('paths', () => {
  it('literals interpolate strings and paths', () => {
    expect(value('/databases/$(db)/documents/u/$(uid)', { db: str('(default)'), uid: str('alice') })).toEqual(
      {
        path: 'databases/(default)/documents/u/alice',
      },
    );
    const p = run("path('x/y')");
    expect(value('/a/$(p)/c', { p })).toEqual({
      path: 'a/x/y/c',
    });
  });
  it('G15: path equality', () => {
    const vars = { database: str('(default)'), uid: str('alice') };
    expect(
      value(
        '/databases/$(database)/documents/users/$(uid) == /databases/(default)/documents/users/alice',
        vars,
      ),
    ).toBe(true);
    expect(value('/a/b == /a/c')).toBe(false);
    expect(value("/a/b == 'a/b'")).toBe(false);
  });
  it('interpolating null or a number fails', () => {
    expect(reason('/a/$(null)')).toBe('Null value error.');
    expect(reason('/a/$(1)')).toMatch(/Unsupported/);
  });
});
