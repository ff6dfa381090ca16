/**
 * Structured queries no SDK would send: bad cursors, negative limits, oversized disjunctions,
 * unknown enum numbers, filters without field paths. Each → INVALID_ARGUMENT with the words that
 * say why; a valid query still runs afterwards and stored data is unchanged.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { expectStatus, status } from './expect-status.js';
import { dbName, docName, RawFirestore } from './raw-firestore.js';
import { Sentinel } from './sentinel.js';

const projectId = uniqueProjectId('queries');
const root = docName(projectId);
const ref = (path: string) => ({ referenceValue: docName(projectId, path) });
const int = (n: number) => ({ integerValue: String(n) });
const field = (fieldPath: string) => ({ fieldPath });
const from = [{ collectionId: 'sentinel' }];
const fieldFilter = (op: unknown, value: unknown, path = 'n') => ({ fieldFilter: { field: field(path), op, value } });
const list = (count: number) => ({ arrayValue: { values: Array.from({ length: count }, (_, i) => int(i)) } });
const nestedAnd = (depth: number): object =>
  depth === 0 ? fieldFilter('EQUAL', int(1)) : { compositeFilter: { op: 'AND', filters: [nestedAnd(depth - 1)] } };

const BAD_QUERIES: { label: string; query: object; words: RegExp }[] = [
  { label: 'a cursor with more values than order-by fields', query: { from, startAt: { values: [ref('sentinel/a'), int(1)] } }, words: /Too many cursor values/ },
  { label: 'an end cursor longer than explicit + implicit orders', query: { from, orderBy: [{ field: field('n') }], endAt: { values: [int(1), ref('sentinel/a'), int(2)] } }, words: /Too many cursor values/ },
  { label: 'a __name__ cursor that is a string', query: { from, startAt: { values: [{ stringValue: 'sentinel/a' }] } }, words: /__name__ values must be references/ },
  { label: 'a __name__ cursor that is an integer, __name__ ordered explicitly', query: { from, orderBy: [{ field: field('__name__'), direction: 'DESCENDING' }], startAt: { values: [int(5)] } }, words: /__name__ values must be references/ },
  { label: 'a negative limit', query: { from, limit: { value: -1 } }, words: /Limit is negative/ },
  { label: 'a negative offset', query: { from, offset: -5 }, words: /Offset is negative/ },
  { label: '`in` with 31 values', query: { from, where: fieldFilter('IN', list(31)) }, words: /supports up to 30 comparison values/ },
  { label: '`not-in` with 31 values', query: { from, where: fieldFilter('NOT_IN', list(31)) }, words: /supports up to 30 comparison values/ },
  { label: '`array-contains-any` with 31 values', query: { from, where: fieldFilter('ARRAY_CONTAINS_ANY', list(31)) }, words: /supports up to 30 comparison values/ },
  { label: '`in` with a non-array value', query: { from, where: fieldFilter('IN', int(1)) }, words: /requires an array value/ },
  { label: '`in` with an empty array', query: { from, where: fieldFilter('IN', list(0)) }, words: /requires a non-empty array/ },
  { label: 'field filter operator number 99', query: { from, where: fieldFilter(99, int(1)) }, words: /Invalid field filter operator/ },
  { label: 'field filter OPERATOR_UNSPECIFIED', query: { from, where: fieldFilter('OPERATOR_UNSPECIFIED', int(1)) }, words: /Invalid field filter operator/ },
  { label: 'field filter with no operator', query: { from, where: { fieldFilter: { field: field('n'), value: int(1) } } }, words: /Invalid field filter operator/ },
  { label: 'composite filter operator number 99', query: { from, where: { compositeFilter: { op: 99, filters: [fieldFilter('EQUAL', int(1))] } } }, words: /Invalid composite filter operator/ },
  { label: 'unary filter operator number 99', query: { from, where: { unaryFilter: { op: 99, field: field('n') } } }, words: /Invalid unary filter operator/ },
  { label: 'order-by direction number 99', query: { from, orderBy: [{ field: field('n'), direction: 99 }] }, words: /direction/i },
  { label: 'a field filter without a field path', query: { from, where: { fieldFilter: { op: 'EQUAL', value: int(1) } } }, words: /Field path must not be empty/ },
  { label: 'a unary filter without a field path', query: { from, where: { unaryFilter: { op: 'IS_NULL' } } }, words: /Field path must not be empty/ },
  { label: 'an order-by without a field path', query: { from, orderBy: [{ direction: 'ASCENDING' }] }, words: /Field path must not be empty/ },
  { label: 'a field path with an empty segment', query: { from, where: fieldFilter('EQUAL', int(1), 'a..b') }, words: /Invalid property path/ },
  { label: 'a field path with an unterminated backtick', query: { from, orderBy: [{ field: field('`abc') }] }, words: /unterminated backtick/ },
  { label: 'a select of an invalid field path', query: { from, select: { fields: [field('a.')] } }, words: /Invalid property path/ },
  { label: 'a composite filter with no filters', query: { from, where: { compositeFilter: { op: 'AND', filters: [] } } }, words: /at least one filter/ },
  { label: 'a filter with no type', query: { from, where: {} }, words: /Filter must set a filter type/ },
  { label: 'filters nested 25 deep', query: { from, where: nestedAnd(25) }, words: /nested too deeply/ },
  { label: 'a field filter without a value', query: { from, where: { fieldFilter: { field: field('n'), op: 'EQUAL' } } }, words: /Value must be an object/ },
  { label: 'a field filter value with no type', query: { from, where: fieldFilter('EQUAL', {}) }, words: /Value must have a value type set/ },
  { label: 'a __name__ filter on a string', query: { from, where: fieldFilter('EQUAL', { stringValue: 'a' }, '__name__') }, words: /__key__ filter value must be a Key/ },
  { label: 'a __name__ filter on another project', query: { from, where: fieldFilter('EQUAL', { referenceValue: docName('demo-elsewhere', 'sentinel/a') }, '__name__') }, words: /in the query's database/ },
  { label: 'array-contains on __name__', query: { from, where: fieldFilter('ARRAY_CONTAINS', ref('sentinel/a'), '__name__') }, words: /not supported on __name__/ },
  { label: 'the same order-by field twice', query: { from, orderBy: [{ field: field('n') }, { field: field('n') }] }, words: /specified more than once/ },
  { label: 'two collections in from', query: { from: [{ collectionId: 'a' }, { collectionId: 'b' }] }, words: /exactly one collection/ },
  { label: 'no collection in from', query: { from: [] }, words: /exactly one collection/ },
  { label: 'a kind-less from without allDescendants', query: { from: [{}] }, words: /must set allDescendants/ },
];

describe('bad structured queries', () => {
  let target: EmulatorTarget;
  let raw: RawFirestore;
  let admin: Awaited<ReturnType<typeof adminFirestore>>;
  let sentinel: Sentinel;

  beforeAll(async () => {
    target = await startTarget();
    raw = new RawFirestore(target.hostAndPort);
    admin = await adminFirestore(projectId);
    sentinel = await Sentinel.plant(admin.db, raw, projectId);
  });
  // Every case, not just the suite, must leave the server serving and the planted data untouched.
  afterEach(() => sentinel.assertUnchanged());
  afterAll(async () => {
    raw?.close();
    await admin?.close();
    await target?.stop();
  });

  describe.each(BAD_QUERIES)('$label', ({ query, words }) => {
    it('RunQuery → INVALID_ARGUMENT, no documents sent', async () => {
      const outcome = await raw.call('RunQuery', { parent: root, structuredQuery: query });
      expectStatus(outcome, status.INVALID_ARGUMENT, words);
      expect(outcome.responses).toEqual([]);
    });

    it('RunAggregationQuery → INVALID_ARGUMENT', async () => {
      const structuredAggregationQuery = { structuredQuery: query, aggregations: [{ alias: 'n', count: {} }] };
      expectStatus(await raw.call('RunAggregationQuery', { parent: root, structuredAggregationQuery }), status.INVALID_ARGUMENT, words);
    });
  });

  it('`in` with exactly 30 values is accepted', async () => {
    const outcome = await raw.call('RunQuery', { parent: root, structuredQuery: { from, where: fieldFilter('IN', list(30)) } });
    expectStatus(outcome, status.OK);
    expect(outcome.responses.map((r) => (r['document'] as { name: string } | undefined)?.name)).toEqual([docName(projectId, 'sentinel/a')]);
  });

  describe('request-level problems', () => {
    const structuredQuery = { from };
    it.each([
      { label: 'a missing structured query', request: { parent: root }, words: /Missing structured query/ },
      { label: 'a read time in the future', request: { parent: root, structuredQuery, readTime: { seconds: String(Math.floor(Date.now() / 1000) + 3600) } }, words: /read_time cannot be in the future/ },
      { label: 'read-time nanos out of range', request: { parent: root, structuredQuery, readTime: { seconds: '1', nanos: 1_000_000_000 } }, words: /nanos must be between/ },
      { label: 'a read time before year 1', request: { parent: root, structuredQuery, readTime: { seconds: '-62135596801' } }, words: /out of range/ },
      { label: 'both a transaction and a read time', request: { parent: root, structuredQuery, transaction: Buffer.from('t'), readTime: { seconds: '1' } }, words: /Only one of transaction, new_transaction and read_time/ },
    ])('RunQuery with $label → INVALID_ARGUMENT', async ({ request, words }) => {
      expectStatus(await raw.call('RunQuery', request), status.INVALID_ARGUMENT, words);
    });
  });

  describe('bad aggregations', () => {
    const structuredQuery = { from };
    it.each([
      { label: 'no aggregations', aggregations: [], words: /At least one aggregation/ },
      { label: 'six aggregations', aggregations: Array.from({ length: 6 }, (_, i) => ({ alias: `a${i}`, count: {} })), words: /at most 5 aggregations/ },
      { label: 'a duplicate alias', aggregations: [{ alias: 'x', count: {} }, { alias: 'x', sum: { field: field('n') } }], words: /Duplicate aggregation alias/ },
      { label: 'sum without a field', aggregations: [{ alias: 's', sum: {} }], words: /Field path must not be empty/ },
      { label: 'avg of an invalid field path', aggregations: [{ alias: 'a', avg: { field: field('a..b') } }], words: /Invalid property path/ },
      { label: 'count up_to 0', aggregations: [{ alias: 'c', count: { upTo: { value: '0' } } }], words: /up_to must be positive/ },
      { label: 'count up_to -3', aggregations: [{ alias: 'c', count: { upTo: { value: '-3' } } }], words: /up_to must be positive/ },
      { label: 'an aggregation with no operator', aggregations: [{ alias: 'z' }], words: /must be count, sum or avg/ },
    ])('$label → INVALID_ARGUMENT', async ({ aggregations, words }) => {
      const outcome = await raw.call('RunAggregationQuery', { parent: root, structuredAggregationQuery: { structuredQuery, aggregations } });
      expectStatus(outcome, status.INVALID_ARGUMENT, words);
    });

    it('a missing structured aggregation query → INVALID_ARGUMENT', async () => {
      expectStatus(await raw.call('RunAggregationQuery', { parent: root }), status.INVALID_ARGUMENT, /Missing structured aggregation query/);
    });
  });

  it('afterwards a valid query runs, the Admin SDK works and the stored data is unchanged', async () => {
    const outcome = await raw.call('RunQuery', { parent: root, structuredQuery: { from, orderBy: [{ field: field('n'), direction: 'DESCENDING' }] } });
    expectStatus(outcome, status.OK);
    expect(outcome.responses.map((r) => (r['document'] as { name: string }).name)).toEqual([docName(projectId, 'sentinel/b'), docName(projectId, 'sentinel/a')]);
    expect(dbName(projectId)).toContain(projectId);
    await sentinel.assertIntact();
  });
});
