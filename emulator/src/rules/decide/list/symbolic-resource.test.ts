import { describe, expect, it } from 'vitest';
import { js } from '../../eval/harness.js';
import { list } from '../../eval/values.js';
import { and, ref, where, whereValue } from '../testing.js';
import type { ListFilter } from '../types.js';
import { namedDocument, symbolicResource } from './symbolic-resource.js';
import { listWays, type Way } from './ways.js';

// rules-language.md §8.4: the pseudo-document of one way.
const oneWay = (f: ListFilter): Way => {
  const ways = listWays(f);
  if (ways?.length !== 1) throw new Error('expected one way');
  return ways[0]!;
};
const resourceOf = (f: ListFilter) => js(symbolicResource(oneWay(f)));

describe('symbolicResource', () => {
  it('holds only data, with only the filtered fields', () => {
    expect(resourceOf(where('author', '==', 'alice'))).toEqual({ data: { author: 'alice' } });
    expect(js(symbolicResource([]))).toEqual({ data: {} });
  });
  it('a single pinning filter is a concrete value; anything else a constraint', () => {
    expect(resourceOf(and(where('a', '==', 1), where('b', '>', 2), where('c', '!=', 3)))).toEqual({
      data: { a: 1n, b: { constraint: [['GT', 2n]] }, c: { constraint: [['NEQ', 3n]] } },
    });
    expect(resourceOf(and(where('a', '==', 1), where('a', '!=', 2)))).toEqual({
      data: {
        a: {
          constraint: [
            ['EQ', 1n],
            ['NEQ', 2n],
          ],
        },
      },
    });
    expect(resourceOf(where('x', 'not-in', [1, 2]))).toEqual({
      data: {
        x: {
          constraint: [
            ['NEQ', 1n],
            ['NEQ', 2n],
          ],
        },
      },
    });
    expect(resourceOf(where('m', 'array-contains', 'alice'))).toEqual({
      data: { m: { constraint: [['LIST_CONTAINS', 'alice']] } },
    });
    expect(resourceOf({ kind: 'unary', field: ['d'], op: 'IS_NULL' })).toEqual({ data: { d: null } });
  });
  it('nested field paths make nested maps', () => {
    expect(resourceOf(and(where('a.b', '==', 1), where('a.c.d', '>', 2), where('e', '==', 'x')))).toEqual({
      data: { a: { b: 1n, c: { d: { constraint: [['GT', 2n]] } } }, e: 'x' },
    });
  });
  it('a field filtered directly wins over a filter on a path under it, in either order', () => {
    const expected = { data: { a: 5n } };
    expect(resourceOf(and(where('a', '==', 5), where('a.b', '==', 1)))).toEqual(expected);
    expect(resourceOf(and(where('a.b', '==', 1), where('a', '==', 5)))).toEqual(expected);
  });
  it('__name__ filters are not fields', () => {
    expect(resourceOf(and(whereValue('__name__', '>', ref('s/a')), where('x', '==', 1)))).toEqual({
      data: { x: 1n },
    });
  });
});

describe('namedDocument', () => {
  it('is the path of the first __name__ == in the database', () => {
    const named = (f: ListFilter) => namedDocument(oneWay(f), '(default)');
    expect(named(whereValue('__name__', '==', ref('s/a')))).toBe('s/a');
    expect(named(and(where('x', '==', 1), whereValue('__name__', '==', ref('s/b'))))).toBe('s/b');
    expect(named(whereValue('__name__', '>=', ref('s/a')))).toBeUndefined();
    expect(named(where('x', '==', 1))).toBeUndefined();
    expect(namedDocument(oneWay(whereValue('__name__', '==', ref('s/a'))), 'other')).toBeUndefined();
  });
  it('each value of __name__ in names one way', () => {
    const ways = listWays(whereValue('__name__', 'in', list([ref('s/a'), ref('s/b')])));
    expect(ways?.map((w) => namedDocument(w, '(default)'))).toEqual(['s/a', 's/b']);
  });
});
