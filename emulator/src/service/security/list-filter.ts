import { parseFieldPath } from '../../core/field-path.js';
import { COMPOSITE_OPS, enumName, FIELD_OPS, UNARY_OPS } from '../../core/query/filter.js';
import { normalizeValue, normalizeValueList } from '../../core/values/normalize.js';
import type { _google_firestore_v1_StructuredQuery_Filter__Output as FilterInput } from '../../gen/google/firestore/v1/StructuredQuery.js';
import type { StructuredQuery__Output } from '../../gen/google/firestore/v1/StructuredQuery.js';
import type { FieldOperator, ListFilter, QueryInfo } from '../../rules/decide/types.js';
import { toRulesValue } from './rules-values.js';

/**
 * A structured query as list rules see it (rules-language.md §7.1, §8): limit, offset, explicit
 * orderBy and the filter tree. Runs after parseQuery has validated the query, so the shapes are sound.
 */
export function queryInfo(
  q: StructuredQuery__Output | null | undefined,
  collectionGroup: boolean,
): QueryInfo {
  const limit = q?.limit == null ? undefined : Number(typeof q.limit === 'object' ? q.limit.value : q.limit);
  const offset = q?.offset ? Number(q.offset) : undefined;
  const orderBy = (q?.orderBy ?? []).map((o) => ({
    field: o.field?.fieldPath ?? '',
    direction: (enumName(o.direction, ['DIRECTION_UNSPECIFIED', 'ASCENDING', 'DESCENDING']) === 'DESCENDING'
      ? 'DESCENDING'
      : 'ASCENDING') as 'ASCENDING' | 'DESCENDING',
  }));
  const filter = q?.where ? listFilter(q.where) : undefined;
  return {
    ...(limit !== undefined && { limit }),
    ...(offset !== undefined && { offset }),
    ...(orderBy.length > 0 && { orderBy }),
    ...(filter && { filter }),
    ...(collectionGroup && { collectionGroup }),
  };
}

function listFilter(f: FilterInput): ListFilter {
  if (f.compositeFilter) {
    return {
      kind: 'composite',
      op: enumName(f.compositeFilter.op, COMPOSITE_OPS) === 'OR' ? 'OR' : 'AND',
      filters: (f.compositeFilter.filters ?? []).map(listFilter),
    };
  }
  if (f.unaryFilter) {
    return {
      kind: 'unary',
      field: parseFieldPath(f.unaryFilter.field?.fieldPath),
      op: enumName(f.unaryFilter.op, UNARY_OPS) as 'IS_NULL' | 'IS_NAN' | 'IS_NOT_NULL' | 'IS_NOT_NAN',
    };
  }
  const ff = f.fieldFilter!;
  const op = enumName(ff.op, FIELD_OPS) as FieldOperator;
  const listOp = op === 'IN' || op === 'NOT_IN' || op === 'ARRAY_CONTAINS_ANY';
  return {
    kind: 'field',
    field: parseFieldPath(ff.field?.fieldPath),
    op,
    value: toRulesValue(listOp ? normalizeValueList(ff.value) : normalizeValue(ff.value)),
  };
}
