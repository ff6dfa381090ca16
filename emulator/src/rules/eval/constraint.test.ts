import { describe, expect, it } from 'vitest';
import { constraint } from './constraint.js';
import { isRulesError } from './errors.js';
import { run } from './harness.js';
import { float, int, list, NULL, str, TRUE, type Comparator, type Value } from './values.js';

// rules-language.md §8.4 "Constraint semantics", one block per bullet.
const c = (...filters: [Comparator, Value][]) =>
  constraint(filters.map(([op, operand]) => ({ op, operand })));

/** 'true', 'false', 'error' (message-less, as §8.4 requires) or the message of any other error. */
function outcome(source: string, vars: Record<string, Value>): string {
  const r = run(source, vars);
  if (isRulesError(r)) return r.reason === '' ? 'error' : r.reason;
  return r.t === 'bool' ? String(r.v) : `value ${r.t}`;
}
const on = (source: string, x: Value) => outcome(source, { c: x });

describe('single-filter implication', () => {
  it('GT 5 implies > 4, > 5, >= 5.0, != 1, != 5, and nothing below', () => {
    const gt5 = c(['GT', int(5n)]);
    for (const e of ['c > 4', 'c > 5', 'c >= 5.0', 'c >= 5', 'c != 1', 'c != 5', 'c > 4.5']) {
      expect(on(e, gt5), e).toBe('true');
    }
    for (const e of ['c > 6', 'c >= 6', 'c < 100', 'c == 7', 'c != 6', 'c <= 1000']) {
      expect(on(e, gt5), e).toBe('error');
    }
  });
  it('GTE / LT / LTE / NEQ', () => {
    expect(['c > 4', 'c >= 5', 'c > 5', 'c != 5', 'c != 4'].map((e) => on(e, c(['GTE', int(5n)])))).toEqual([
      'true',
      'true',
      'error',
      'error',
      'true',
    ]);
    expect(['c < 5', 'c <= 5', 'c < 6', 'c != 5', 'c < 4'].map((e) => on(e, c(['LT', int(5n)])))).toEqual([
      'true',
      'true',
      'true',
      'true',
      'error',
    ]);
    expect(['c <= 5', 'c < 5', 'c < 6', 'c != 6', 'c != 5'].map((e) => on(e, c(['LTE', int(5n)])))).toEqual([
      'true',
      'error',
      'true',
      'true',
      'error',
    ]);
    expect(['c != 3', 'c != 4', 'c == 4', 'c > 3'].map((e) => on(e, c(['NEQ', int(3n)])))).toEqual([
      'true',
      'error',
      'error',
      'error',
    ]);
  });
  it('the constraint may stand on either side', () => {
    const gt5 = c(['GT', int(5n)]);
    expect(['4 < c', '5 <= c', '6 < c', '1 != c'].map((e) => on(e, gt5))).toEqual([
      'true',
      'true',
      'error',
      'true',
    ]);
  });
  it('EQ (when combined) implies what the pinned value satisfies', () => {
    const eq = c(['EQ', str('alice')], ['NEQ', str('bob')]);
    expect(["c == 'alice'", "c != 'carol'", "c > 'a'", "c == 'carol'"].map((e) => on(e, eq))).toEqual([
      'true',
      'true',
      'true',
      'error',
    ]);
  });
  it('filters are not combined: GTE 1 and LTE 1 do not imply == 1', () => {
    expect(on('c == 1', c(['GTE', int(1n)], ['LTE', int(1n)]))).toBe('error');
    expect(on('c >= 1', c(['GTE', int(1n)], ['LTE', int(1n)]))).toBe('true');
  });
  it('strings, timestamps and bools order like the operators', () => {
    expect(on("c > 'm'", c(['GT', str('n')]))).toBe('true');
    expect(on("c > 'o'", c(['GT', str('n')]))).toBe('error');
    expect(on('c > false', c(['GT', { t: 'bool', v: false }]))).toBe('true');
    expect(on('c < true', c(['LT', { t: 'bool', v: true }]))).toBe('true');
    const ts = (ns: bigint): Value => ({ t: 'timestamp', ns });
    expect(outcome('c >= t', { c: c(['GT', ts(10n)]), t: ts(5n) })).toBe('true');
  });
});

describe('null', () => {
  it('c != null is always true; EQ null implies == null; nothing else concerns null', () => {
    expect(on('c != null', c(['LIST_CONTAINS', str('a')]))).toBe('true');
    expect(on('null != c', c(['GT', int(1n)]))).toBe('true');
    expect(on('c == null', c(['EQ', NULL], ['NEQ', int(1n)]))).toBe('true');
    expect(on('c == null', c(['NEQ', NULL]))).toBe('error');
    expect(on('c == null', c(['GT', int(1n)]))).toBe('error');
  });
});

describe('types', () => {
  it('a filter implies nothing about values of another type', () => {
    expect(on("c != 'x'", c(['GT', int(5n)]))).toBe('error');
    expect(on("c > 'x'", c(['GT', int(5n)]))).toBe('error');
  });
  it('a float filter says nothing about an int in the rule; an int filter does about a float', () => {
    expect(on('c > 1', c(['GTE', float(1.5)]))).toBe('error');
    expect(on('c > 1.0', c(['GTE', float(1.5)]))).toBe('true');
    expect(on('c != 1', c(['EQ', float(1)], ['NEQ', int(2n)]))).toBe('true');
    expect(on('c == 1', c(['EQ', float(1)], ['NEQ', int(2n)]))).toBe('error');
    expect(on('c > 4.5', c(['GT', int(5n)]))).toBe('true');
  });
});

describe('NaN', () => {
  const nan = float(NaN);
  it('EQ NaN lets nothing through, so it implies every numeric comparison', () => {
    const eqNaN = c(['EQ', nan], ['NEQ', int(0n)]);
    for (const e of ['c > 100', 'c < -100', 'c == 3', 'c != 3']) expect(on(e, eqNaN), e).toBe('true');
  });
  it('other numeric filters imply != NaN only', () => {
    const gt = c(['GT', int(5n)]);
    expect(outcome('c != n', { c: gt, n: nan })).toBe('true');
    expect(outcome('c == n', { c: gt, n: nan })).toBe('error');
    expect(outcome('c > n', { c: gt, n: nan })).toBe('error');
    expect(outcome('c > 4', { c: c(['GT', nan]) })).toBe('error');
  });
});

describe('membership, methods and type tests', () => {
  const members = c(['LIST_CONTAINS', str('alice')]);
  it('x in c is true iff c has LIST_CONTAINS x', () => {
    expect(on("'alice' in c", members)).toBe('true');
    expect(on("'bob' in c", members)).toBe('error');
    expect(on("'alice' in c", c(['EQ', list([str('alice')])], ['NEQ', NULL]))).toBe('error');
  });
  it('c.hasAny(list) is true iff c has LIST_CONTAINS of some element', () => {
    expect(on("c.hasAny(['bob', 'alice'])", members)).toBe('true');
    expect(on("c.hasAny(['bob'])", members)).toBe('error');
  });
  it('c in list is false; c is constraint is true', () => {
    expect(on("c in ['alice']", members)).toBe('false');
    expect(on('c is constraint', members)).toBe('true');
    expect(on('c is list', members)).toBe('false');
  });
  it('any other use errors without a message', () => {
    for (const e of [
      'c.size() == 1',
      "c.hasAll(['alice'])",
      'c.x',
      'c[0]',
      'c + 1',
      '-c',
      'c in c',
      "c in {'a': 1}",
    ]) {
      expect(on(e, members), e).toBe('error');
    }
    expect(on('c == c', members)).toBe('error');
  });
  it('an implied comparison is a real bool for the logical operators', () => {
    expect(run('c > 4 && true', { c: c(['GT', int(5n)]) })).toEqual(TRUE);
    expect(run('c > 9 || true', { c: c(['GT', int(5n)]) })).toEqual(TRUE);
  });
});
