import { float, NULL, type Comparator, type Value } from '../../eval/values.js';
import type { FieldOperator, ListFilter } from '../types.js';

/**
 * Decomposing a query's filter into "ways" (rules-language.md §8.3): a disjunction of conjunctions, each
 * of which the rules must allow on its own.
 */

/** One filter of a way: `field <op> operand`, `field` as path segments. */
export interface WayFilter {
  readonly field: readonly string[];
  readonly op: Comparator;
  readonly operand: Value;
}

export type Way = readonly WayFilter[];

/** Firestore rejects queries whose disjunctive normal form has more than 30 terms; so do rules. */
export const MAX_WAYS = 30;

export const tooManyWays = (): string =>
  `The query's filters expand to more than ${MAX_WAYS} ways (disjunctions); the list rules cannot be evaluated.`;

/**
 * The ways of `filter`: one empty way without a filter; `null` when there would be more than `max`
 * (checked while expanding, so a nest of `or`s and `in`s never materialises its full product). A filter
 * with no way at all (an empty `in` list, which Firestore rejects) is decided as one unconstrained way.
 */
export function listWays(filter: ListFilter | undefined, max = MAX_WAYS): Way[] | null {
  const ways = filter === undefined ? [] : expand(filter, max);
  return ways?.length === 0 ? [[]] : ways;
}

const SINGLE: Partial<Record<FieldOperator, Comparator>> = {
  EQUAL: 'EQ',
  NOT_EQUAL: 'NEQ',
  LESS_THAN: 'LT',
  LESS_THAN_OR_EQUAL: 'LTE',
  GREATER_THAN: 'GT',
  GREATER_THAN_OR_EQUAL: 'GTE',
  ARRAY_CONTAINS: 'LIST_CONTAINS',
};

function expand(f: ListFilter, max: number): Way[] | null {
  switch (f.kind) {
    case 'unary':
      return [[unary(f.field, f.op)]];
    case 'field':
      return fieldWays(f.field, f.op, f.value, max);
    case 'composite':
      return f.op === 'OR' ? union(f.filters, max) : product(f.filters, max);
  }
}

function unary(field: readonly string[], op: 'IS_NULL' | 'IS_NAN' | 'IS_NOT_NULL' | 'IS_NOT_NAN'): WayFilter {
  const operand = op === 'IS_NULL' || op === 'IS_NOT_NULL' ? NULL : float(NaN);
  return { field, op: op === 'IS_NULL' || op === 'IS_NAN' ? 'EQ' : 'NEQ', operand };
}

function fieldWays(field: readonly string[], op: FieldOperator, value: Value, max: number): Way[] | null {
  const single = SINGLE[op];
  if (single) return [[{ field, op: single, operand: value }]];
  // IN / ARRAY_CONTAINS_ANY / NOT_IN take a list; the query layer guarantees it, a scalar counts as one.
  const values = value.t === 'list' ? value.v : [value];
  if (op === 'NOT_IN') return [values.map((operand) => ({ field, op: 'NEQ', operand }))];
  if (values.length > max) return null;
  const each: Comparator = op === 'IN' ? 'EQ' : 'LIST_CONTAINS';
  return values.map((operand) => [{ field, op: each, operand }]);
}

function union(filters: readonly ListFilter[], max: number): Way[] | null {
  const out: Way[] = [];
  for (const f of filters) {
    const ways = expand(f, max);
    if (ways === null || out.length + ways.length > max) return null;
    out.push(...ways);
  }
  return out;
}

function product(filters: readonly ListFilter[], max: number): Way[] | null {
  let out: Way[] = [[]];
  for (const f of filters) {
    const ways = expand(f, max);
    if (ways === null || out.length * ways.length > max) return null;
    out = out.flatMap((left) => ways.map((right) => [...left, ...right]));
  }
  return out;
}
