import { describe, expect, it } from 'vitest';
import { js } from '../../eval/harness.js';
import { and, or, where } from '../testing.js';
import type { ListFilter } from '../types.js';
import { listWays, MAX_WAYS, type Way } from './ways.js';

// rules-language.md §8.3.
const show = (ways: Way[] | null) =>
  ways?.map((w) => w.map((f) => `${f.field.join('.')} ${f.op} ${JSON.stringify(js(f.operand), big)}`));
const big = (_: string, v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

describe('listWays', () => {
  it('no filter is one empty way', () => {
    expect(listWays(undefined)).toEqual([[]]);
  });
  it('each comparison maps to its comparator', () => {
    const f = and(
      where('a', '<', 1),
      where('b', '<=', 1),
      where('c', '>', 1),
      where('d', '>=', 1),
      where('e', '!=', 1),
      where('f', 'array-contains', 'x'),
      where('g.h', '==', 'y'),
    );
    expect(show(listWays(f))).toEqual([
      ['a LT 1', 'b LTE 1', 'c GT 1', 'd GTE 1', 'e NEQ 1', 'f LIST_CONTAINS "x"', 'g.h EQ "y"'],
    ]);
  });
  it('unary filters: is null / is nan pin; is not null / is not nan are NEQ', () => {
    const u = (op: 'IS_NULL' | 'IS_NAN' | 'IS_NOT_NULL' | 'IS_NOT_NAN'): ListFilter => ({
      kind: 'unary',
      field: ['x'],
      op,
    });
    const [way] = listWays(and(u('IS_NULL'), u('IS_NOT_NULL'))) ?? [];
    expect(way?.map((f) => [f.op, f.operand.t])).toEqual([
      ['EQ', 'null'],
      ['NEQ', 'null'],
    ]);
    const [[nan]] = listWays(u('IS_NAN')) as [[Way[number]]];
    expect(nan.op === 'EQ' && nan.operand.t === 'float' && Number.isNaN(nan.operand.v)).toBe(true);
    const [[notNaN]] = listWays(u('IS_NOT_NAN')) as [[Way[number]]];
    expect(notNaN.op === 'NEQ' && notNaN.operand.t === 'float' && Number.isNaN(notNaN.operand.v)).toBe(true);
  });
  it('or branches, in and array-contains-any are separate ways; not-in stays one way', () => {
    expect(show(listWays(or(where('x', '==', 7), where('x', '==', 40))))).toEqual([['x EQ 7'], ['x EQ 40']]);
    expect(show(listWays(where('x', 'in', [1, 2, 3])))).toEqual([['x EQ 1'], ['x EQ 2'], ['x EQ 3']]);
    expect(show(listWays(where('t', 'array-contains-any', ['a', 'b'])))).toEqual([
      ['t LIST_CONTAINS "a"'],
      ['t LIST_CONTAINS "b"'],
    ]);
    expect(show(listWays(where('x', 'not-in', [1, 2])))).toEqual([['x NEQ 1', 'x NEQ 2']]);
  });
  it('and distributes over the ways of its parts', () => {
    const f = and(
      where('a', 'in', [1, 2]),
      or(where('b', '==', 'x'), where('c', '>', 0)),
      where('d', '==', true),
    );
    expect(show(listWays(f))).toEqual([
      ['a EQ 1', 'b EQ "x"', 'd EQ true'],
      ['a EQ 1', 'c GT 0', 'd EQ true'],
      ['a EQ 2', 'b EQ "x"', 'd EQ true'],
      ['a EQ 2', 'c GT 0', 'd EQ true'],
    ]);
  });
  it('an empty in list is decided as one unconstrained way', () => {
    expect(listWays(where('x', 'in', []))).toEqual([[]]);
  });
  it(`more than ${MAX_WAYS} ways is refused, without building the product`, () => {
    const thirty = Array.from({ length: 30 }, (_, i) => i);
    expect(listWays(where('x', 'in', thirty))).toHaveLength(30);
    expect(listWays(where('x', 'in', [...thirty, 30]))).toBeNull();
    expect(
      listWays(and(where('a', 'in', [1, 2, 3, 4, 5, 6]), where('b', 'in', [1, 2, 3, 4, 5]))),
    ).toHaveLength(30);
    expect(
      listWays(and(where('a', 'in', [1, 2, 3, 4, 5, 6]), where('b', 'in', [1, 2, 3, 4, 5, 6]))),
    ).toBeNull();
    expect(listWays(or(where('a', 'in', thirty), where('b', '==', 1)))).toBeNull();
    const huge = and(...Array.from({ length: 40 }, () => where('x', 'in', thirty)));
    expect(listWays(huge)).toBeNull();
    expect(listWays(where('x', 'in', [1, 2, 3]), 2)).toBeNull();
  });
});
