import { invalidArgument } from '../core/errors.js';
import { getField, parseFieldPath } from '../core/field-path.js';
import type { Query } from '../core/query/query.js';
import type { Doc } from '../core/store/document.js';
import { toTimestamp } from '../core/time.js';
import { NULL_VALUE, doubleValue, integerValue, type Value } from '../core/values/value.js';
import type { RunAggregationQueryRequest__Output } from '../gen/google/firestore/v1/RunAggregationQueryRequest.js';
import type { RunAggregationQueryResponse } from '../gen/google/firestore/v1/RunAggregationQueryResponse.js';
import type { _google_firestore_v1_StructuredAggregationQuery_Aggregation__Output as Aggregation } from '../gen/google/firestore/v1/StructuredAggregationQuery.js';
import type { CallContext } from './context.js';
import { queryTarget, queryUnderView } from './run-query.js';

const MAX_AGGREGATIONS = 5;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Numbers at `field` across `docs`: integers exactly, doubles as doubles. */
function numbers(docs: readonly Doc[], field: string | undefined): Value[] {
  const path = parseFieldPath(field);
  return docs.map((d) => getField(d.fields, path)).filter((v): v is Value => v?.valueType === 'integerValue' || v?.valueType === 'doubleValue');
}

const asDouble = (v: Value): number => (v.valueType === 'integerValue' ? Number(v.integerValue) : v.doubleValue!);

/** sum: an integer while every input is an integer and the total fits in int64, else a double. */
function sum(values: readonly Value[]): Value {
  if (values.every((v) => v.valueType === 'integerValue')) {
    const total = values.reduce((n, v) => n + BigInt(v.integerValue!), 0n);
    if (total >= INT64_MIN && total <= INT64_MAX) return integerValue(total);
  }
  return doubleValue(values.reduce((n, v) => n + asDouble(v), 0));
}

function aggregate(a: Aggregation, docs: readonly Doc[]): Value {
  const op = a.operator ?? (a.count ? 'count' : a.sum ? 'sum' : a.avg ? 'avg' : undefined);
  switch (op) {
    case 'count': {
      const upTo = a.count?.upTo;
      const limit = upTo === undefined || upTo === null ? undefined : Number(typeof upTo === 'object' ? upTo.value : upTo);
      if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) throw invalidArgument('count up_to must be positive.');
      return integerValue(BigInt(limit === undefined ? docs.length : Math.min(limit, docs.length)));
    }
    case 'sum':
      return sum(numbers(docs, a.sum?.field?.fieldPath));
    case 'avg': {
      const values = numbers(docs, a.avg?.field?.fieldPath);
      return values.length === 0 ? NULL_VALUE : doubleValue(values.reduce((n, v) => n + asDouble(v), 0) / values.length);
    }
    default:
      throw invalidArgument('Aggregation must be count, sum or avg.');
  }
}

/** RunAggregationQuery: count, sum and avg over a query, echoing the caller's aliases. */
export async function runAggregationQuery(ctx: CallContext, req: RunAggregationQueryRequest__Output): Promise<RunAggregationQueryResponse[]> {
  const saq = req.structuredAggregationQuery;
  if (!saq) throw invalidArgument('Missing structured aggregation query.');
  const aggregations = saq.aggregations ?? [];
  if (aggregations.length === 0) throw invalidArgument('At least one aggregation is required.');
  if (aggregations.length > MAX_AGGREGATIONS)
    throw invalidArgument(`Aggregation query can only contain at most ${MAX_AGGREGATIONS} aggregations.`);
  const aliases = new Set<string>();
  aggregations.forEach((a, i) => {
    const alias = a.alias || `field_${i + 1}`;
    if (aliases.has(alias)) throw invalidArgument(`Duplicate aggregation alias: ${alias}`);
    aliases.add(alias);
  });
  const target = queryTarget(ctx, req.parent, saq.structuredQuery);
  const { db } = target;
  // Like the backend (and its docs): sum/avg imply that their field exists, for every aggregation
  // of the request, count() included, and before any limit or offset; a null value still counts.
  const required = aggregations
    .flatMap((a) => [a.sum?.field?.fieldPath, a.avg?.field?.fieldPath])
    .filter((f) => f !== undefined)
    .map((f) => parseFieldPath(f));
  const query: Query =
    required.length === 0
      ? target.query
      : { ...target.query, matches: (d) => target.query.matches(d) && required.every((p) => target.query.read(d, p) !== undefined) };
  const { docs, view, readTime } = await queryUnderView(db, query, req, { ordered: false });
  const aggregateFields: Record<string, Value> = {};
  aggregations.forEach((a, i) => (aggregateFields[a.alias || `field_${i + 1}`] = aggregate(a, docs)));
  const response: RunAggregationQueryResponse = { result: { aggregateFields }, readTime: toTimestamp(readTime) };
  if (view.newTransactionId) response.transaction = view.newTransactionId;
  return [response];
}
