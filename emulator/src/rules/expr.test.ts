import { describe, expect, it } from 'vitest';
import type { Allow, Expr, Match } from './ast.js';
import { parseRules } from './parser.js';

/** S-expression rendering, so precedence and shape are visible in one string. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'null':
      return 'null';
    case 'bool':
      return String(e.value);
    case 'int':
      return `${e.value}`;
    case 'float':
      return `${e.value}f`;
    case 'string':
      return JSON.stringify(e.value);
    case 'bytes':
      return `b[${[...e.value].join(',')}]`;
    case 'ident':
      return e.name;
    case 'path':
      return e.segments.map((s) => (s.kind === 'text' ? `/${s.text}` : `/$(${show(s.expr)})`)).join('');
    case 'unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'binary':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'is':
      return `(is ${show(e.operand)} ${e.type})`;
    case 'ternary':
      return `(? ${show(e.cond)} ${show(e.ifTrue)} ${show(e.ifFalse)})`;
    case 'member':
      return `(. ${show(e.target)} ${e.name})`;
    case 'call':
      return `(${e.target ? `${show(e.target)}.` : ''}${e.name}${e.args.map((a) => ` ${show(a)}`).join('')})`;
    case 'index':
      return `([] ${show(e.target)} ${show(e.index)})`;
    case 'slice':
      return `([:] ${show(e.target)} ${e.from ? show(e.from) : '_'} ${e.to ? show(e.to) : '_'})`;
    case 'list':
      return `[${e.elements.map(show).join(' ')}]`;
    case 'map':
      return `{${e.entries.map((en) => `${show(en.key)}: ${show(en.value)}`).join(', ')}}`;
  }
}

const PREFIX = 'service cloud.firestore { match /t/{id} { allow read: if ';

export function condition(src: string): Expr {
  const r = parseRules(`${PREFIX}${src}; } }`);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const match = r.ruleset.service.body[0] as Match;
  const allow = match.body[0] as Allow;
  if (!allow.condition) throw new Error('no condition');
  return allow.condition;
}

const s = (src: string) => show(condition(src));

describe('expression literals', () => {
  it.each([
    ['null', 'null'],
    ['true', 'true'],
    ['false', 'false'],
    ['42', '42'],
    ['0x1F', '31'],
    ['9223372036854775807', '9223372036854775807'],
    ['-9223372036854775808', '-9223372036854775808'],
    ['1.5', '1.5f'],
    ['2.0', '2f'],
    ['1e3', '1000f'],
    ['2.5E-3', '0.0025f'],
    ["'it\\'s'", '"it\'s"'],
    ['"double"', '"double"'],
    ["'\\n\\t\\\\'", '"\\n\\t\\\\"'],
    ["'\\x41\\101\\u00e9\\U0001F600'", '"AAé😀"'],
    ["r'\\d+'", '"\\\\d+"'],
    ["'''multi\nline'''", '"multi\\nline"'],
    ["b'\\xff\\001a'", 'b[255,1,97]'],
    ["b'é'", 'b[195,169]'],
    ['[]', '[]'],
    ['[1, 2,]', '[1 2]'],
    ['{}', '{}'],
    ["{'a': 1, 'b': [true],}", '{"a": 1, "b": [true]}'],
  ])('%s', (src, expected) => expect(s(src)).toBe(expected));
});

describe('path literals', () => {
  it.each([
    [
      '/databases/$(database)/documents/users/$(request.auth.uid)',
      '/databases/$(database)/documents/users/$((. (. request auth) uid))',
    ],
    ['/databases/(default)/documents/c/d', '/databases/(default)/documents/c/d'],
    ['/a/b-c.d~e%20@f+g!h*i:j=k', '/a/b-c.d~e%20@f+g!h*i:j=k'],
    ['/a/$(x + "y")', '/a/$((+ x "y"))'],
  ])('%s', (src, expected) => expect(s(src)).toBe(expected));

  it('ends at whitespace, so a following operator applies to the whole path', () => {
    expect(s('/a/$(b) == /a/c')).toBe('(== /a/$(b) /a/c)');
  });

  it('is an argument of get() and exists() and may be bound after parentheses', () => {
    expect(s('get(/databases/$(database)/documents/u/$(uid)).data.admin')).toBe(
      '(. (. (get /databases/$(database)/documents/u/$(uid)) data) admin)',
    );
    expect(s("(/a/$(b)).bind({'b': 'c'})")).toBe('(/a/$(b).bind {"b": "c"})');
  });

  it('keeps segment ranges', () => {
    const e = condition('/a/$(b)');
    expect(e.kind === 'path' && e.segments.map((seg) => seg.range.start.column)).toEqual([
      PREFIX.length + 2,
      PREFIX.length + 4,
    ]);
  });
});

describe('precedence (rules-language.md §2.1)', () => {
  it.each([
    ['a || b && c', '(|| a (&& b c))'],
    ['a && b || c && d', '(|| (&& a b) (&& c d))'],
    ['a == b && c != d', '(&& (== a b) (!= c d))'],
    ['a is int == true', '(== (is a int) true)'],
    ['a is null', '(is a null)'],
    ['x[:]', '([:] x _ _)'],
    ["'k' in m is bool", '(is (in "k" m) bool)'],
    ['a < b in c', '(in (< a b) c)'],
    ['a + b < c * d', '(< (+ a b) (* c d))'],
    ['a - b - c', '(- (- a b) c)'],
    ['a * b / c % d', '(% (/ (* a b) c) d)'],
    ['a + b * c', '(+ a (* b c))'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['!a && b', '(&& (! a) b)'],
    ['!!a', '(! (! a))'],
    ['-a * b', '(* (- a) b)'],
    ['-a.b', '(- (. a b))'],
    ['-5', '(- 5)'],
    ['a ? b : c ? d : e', '(? a b (? c d e))'],
    ['a || b ? c : d', '(? (|| a b) c d)'],
    ['a ? b ? c : d : e', '(? a (? b c d) e)'],
    ['a.b.c(d)[e]', '([] ((. a b).c d) e)'],
  ])('%s', (src, expected) => expect(s(src)).toBe(expected));

  it('only names can be called: f(a)(b) is a syntax error', () => {
    expect(() => s('f(a)(b)')).toThrow(/Unexpected '\('/);
  });
});

describe('postfix and calls', () => {
  it.each([
    ['x[1]', '([] x 1)'],
    ["x['k']", '([] x "k")'],
    ['x[1:2]', '([:] x 1 2)'],
    ['x[:2]', '([:] x _ 2)'],
    ['x[1:]', '([:] x 1 _)'],
    ['f()', '(f)'],
    ['math.abs(-1)', '(math.abs (- 1))'],
    [
      "request.resource.data.diff(resource.data).affectedKeys().hasOnly(['a', 'b'])",
      '((((. (. request resource) data).diff (. resource data)).affectedKeys).hasOnly ["a" "b"])',
    ],
    ["request.resource.data.keys().hasAll(['a'])", '(((. (. request resource) data).keys).hasAll ["a"])'],
    ['a.size() > 0 && b', '(&& (> (a.size) 0) b)'],
  ])('%s', (src, expected) => expect(s(src)).toBe(expected));

  it('gives every node a unique id and a range covering its source', () => {
    const e = condition('a.b(c) + d');
    expect(e.range.start.column).toBe(PREFIX.length + 1);
    expect(e.range.end.column).toBe(PREFIX.length + 11);
    const ids = new Set<number>();
    const walk = (n: Expr): void => {
      ids.add(n.id);
      if (n.kind === 'binary') [n.left, n.right].forEach(walk);
      if (n.kind === 'call') [...(n.target ? [n.target] : []), ...n.args].forEach(walk);
    };
    walk(e);
    expect(ids.size).toBe(5);
  });
});
