import { beforeEach, describe, expect, it } from 'vitest';
import type {
  StructuredQuery__Output,
  _google_firestore_v1_StructuredQuery_Filter__Output as Filter,
  _google_firestore_v1_StructuredQuery_Order__Output as OrderBy,
} from '../../gen/google/firestore/v1/StructuredQuery.js';
import { Code, FirestoreError } from '../errors.js';
import { databaseId, parseParent, type ResourcePath } from '../paths.js';
import { DocumentStore } from '../store/database.js';
import type { Nanos } from '../time.js';
import {
  NULL_VALUE,
  arrayValue,
  doubleValue,
  integerValue,
  mapValue,
  type Fields,
  type Value,
} from '../values/value.js';
import { parseQuery, project, runQuery } from './query.js';

// StructuredQuery objects below are shaped like @grpc/proto-loader output: enums as strings,
// oneof names set, `limit` as an Int32Value wrapper.

const db = databaseId('demo-p');
const DOCS = `${db.name}/documents`;
const ROOT = parseParent(DOCS);
const int = (n: number | bigint): Value => integerValue(BigInt(n));
const dbl = doubleValue;
const str = (s: string): Value => ({ valueType: 'stringValue', stringValue: s });
const bool = (b: boolean): Value => ({ valueType: 'booleanValue', booleanValue: b });
const arr = (...values: Value[]): Value => arrayValue(values);
const ref = (path: string): Value => ({ valueType: 'referenceValue', referenceValue: `${DOCS}/${path}` });

type FieldOp =
  | 'LESS_THAN'
  | 'LESS_THAN_OR_EQUAL'
  | 'GREATER_THAN'
  | 'GREATER_THAN_OR_EQUAL'
  | 'EQUAL'
  | 'NOT_EQUAL'
  | 'ARRAY_CONTAINS'
  | 'IN'
  | 'ARRAY_CONTAINS_ANY'
  | 'NOT_IN';
const where = (fieldPath: string, op: FieldOp, value: Value): Filter => ({
  fieldFilter: { field: { fieldPath }, op, value },
  filterType: 'fieldFilter',
});
const unary = (fieldPath: string, op: 'IS_NAN' | 'IS_NULL' | 'IS_NOT_NAN' | 'IS_NOT_NULL'): Filter => ({
  unaryFilter: { field: { fieldPath }, op, operandType: 'field' },
  filterType: 'unaryFilter',
});
const and = (...filters: Filter[]): Filter => ({
  compositeFilter: { op: 'AND', filters },
  filterType: 'compositeFilter',
});
const or = (...filters: Filter[]): Filter => ({
  compositeFilter: { op: 'OR', filters },
  filterType: 'compositeFilter',
});
const asc = (fieldPath: string): OrderBy => ({ field: { fieldPath }, direction: 'ASCENDING' });
const desc = (fieldPath: string): OrderBy => ({ field: { fieldPath }, direction: 'DESCENDING' });
const from = (collectionId: string): StructuredQuery__Output['from'] => [
  { collectionId, allDescendants: false },
];

let store: DocumentStore;
let clock: Nanos;

function put(path: string, fields: Fields): void {
  clock += 1000n;
  store.apply(clock, [
    { path, before: store.get(path), after: { path, fields, createTime: clock, updateTime: clock } },
  ]);
}

function remove(path: string): void {
  clock += 1000n;
  store.apply(clock, [{ path, before: store.get(path), after: null }]);
}

/** Runs a query and returns the ids (relative paths) of the results, in order. */
function run(q: StructuredQuery__Output, parent: ResourcePath = ROOT): string[] {
  return runQuery(store, parseQuery(parent, q)).map((d) => d.path);
}
const ids = (paths: string[]) => paths.map((p) => p.slice(p.lastIndexOf('/') + 1));
const filtered = (filter: Filter, extra: Partial<StructuredQuery__Output> = {}) =>
  ids(run({ from: from('n'), where: filter, ...extra }));

function invalid(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FirestoreError);
    expect((e as FirestoreError).code).toBe(Code.INVALID_ARGUMENT);
    return (e as FirestoreError).message;
  }
  throw new Error('expected INVALID_ARGUMENT, nothing was thrown');
}

beforeEach(() => {
  store = new DocumentStore(db);
  clock = 1_000_000n;
});

describe('field filters', () => {
  beforeEach(() => {
    put('n/a', { v: int(1) });
    put('n/b', { v: dbl(1) });
    put('n/c', { v: int(2) });
    put('n/d', { v: dbl(2.5) });
    put('n/e', { v: str('x') });
    put('n/f', { v: NULL_VALUE });
    put('n/g', { other: int(1) });
    put('n/h', { v: dbl(NaN) });
    put('n/i', { v: arr(int(1), str('x')) });
    put('n/j', { v: dbl(-0) });
    put('n/k', { v: bool(true) });
  });

  it('range filters match only values of the same type order, sorted by the field then the name', () => {
    expect(filtered(where('v', 'GREATER_THAN', int(1)))).toEqual(['c', 'd']);
    expect(filtered(where('v', 'GREATER_THAN_OR_EQUAL', int(1)))).toEqual(['a', 'b', 'c', 'd']);
    // NaN sorts below every number but range filters never match it (the official emulator agrees;
    // the conformance suite checks that through the Admin SDK).
    expect(filtered(where('v', 'LESS_THAN', int(2)))).toEqual(['j', 'a', 'b']);
    expect(filtered(where('v', 'LESS_THAN_OR_EQUAL', dbl(2)))).toEqual(['j', 'a', 'b', 'c']);
    expect(filtered(where('v', 'GREATER_THAN', str('')))).toEqual(['e']);
    expect(filtered(where('v', 'LESS_THAN', bool(true)))).toEqual([]);
  });

  it('== compares numbers by value across int and double (1 == 1.0, -0 == 0)', () => {
    expect(filtered(where('v', 'EQUAL', int(1)))).toEqual(['a', 'b']);
    expect(filtered(where('v', 'EQUAL', dbl(1)))).toEqual(['a', 'b']);
    expect(filtered(where('v', 'EQUAL', int(0)))).toEqual(['j']);
    expect(filtered(where('v', 'EQUAL', NULL_VALUE))).toEqual(['f']);
    expect(filtered(where('v', 'EQUAL', arr(int(1), str('x'))))).toEqual(['i']);
  });

  it('!= matches every other value, of any type, but skips missing fields and nulls', () => {
    // Ordered by v (an inequality): true < NaN < -0 < 2 < 2.5 < 'x' < [1, 'x'].
    expect(filtered(where('v', 'NOT_EQUAL', int(1)))).toEqual(['k', 'h', 'j', 'c', 'd', 'e', 'i']);
    // NaN != NaN is false in Firestore's ordering (NaN equals itself).
    expect(filtered(where('v', 'NOT_EQUAL', dbl(NaN)))).not.toContain('h');
    expect(filtered(where('v', 'NOT_EQUAL', NULL_VALUE))).not.toContain('f');
  });

  it('in uses strict equality (1 does not match 1.0) and matches null and NaN members', () => {
    expect(filtered(where('v', 'IN', arr(int(1), int(2))))).toEqual(['a', 'c']);
    expect(filtered(where('v', 'IN', arr(dbl(1))))).toEqual(['b']);
    expect(filtered(where('v', 'IN', arr(NULL_VALUE, dbl(NaN))))).toEqual(['f', 'h']);
    expect(filtered(where('v', 'IN', arr(arr(int(1), str('x')))))).toEqual(['i']);
  });

  it('not-in skips missing fields and nulls, and excludes members strictly', () => {
    expect(filtered(where('v', 'NOT_IN', arr(int(1), str('x'), bool(true))))).toEqual([
      'h',
      'j',
      'b',
      'c',
      'd',
      'i',
    ]);
  });

  it('not-in excludes array fields equal to an array member', () => {
    expect(filtered(where('v', 'NOT_IN', arr(arr(int(1), str('x')), dbl(NaN), int(2))))).toEqual([
      'k',
      'j',
      'a',
      'b',
      'd',
      'e',
    ]);
  });

  it('not-in with null among its values matches nothing', () => {
    expect(filtered(where('v', 'NOT_IN', arr(int(5), NULL_VALUE)))).toEqual([]);
  });

  it('array-contains and array-contains-any look inside arrays only, strictly', () => {
    expect(filtered(where('v', 'ARRAY_CONTAINS', int(1)))).toEqual(['i']);
    expect(filtered(where('v', 'ARRAY_CONTAINS', dbl(1)))).toEqual([]);
    expect(filtered(where('v', 'ARRAY_CONTAINS', str('x')))).toEqual(['i']);
    expect(filtered(where('v', 'ARRAY_CONTAINS_ANY', arr(dbl(1), str('x'))))).toEqual(['i']);
    expect(filtered(where('v', 'ARRAY_CONTAINS_ANY', arr(int(7))))).toEqual([]);
  });

  it('unary filters: IS_NAN, IS_NULL, IS_NOT_NAN, IS_NOT_NULL', () => {
    expect(filtered(unary('v', 'IS_NAN'))).toEqual(['h']);
    expect(filtered(unary('v', 'IS_NULL'))).toEqual(['f']);
    // != NaN: every present, non-null, non-NaN value, ordered by v (an inequality).
    expect(filtered(unary('v', 'IS_NOT_NAN'))).toEqual(['k', 'j', 'a', 'b', 'c', 'd', 'e', 'i']);
    expect(filtered(unary('v', 'IS_NOT_NULL'))).toEqual(['k', 'h', 'j', 'a', 'b', 'c', 'd', 'e', 'i']);
  });

  it('filters on nested fields and on fields whose names need quoting', () => {
    put('n/m1', { m: mapValue({ 'x.y': int(3), z: mapValue({ w: int(4) }) }) });
    expect(filtered(where('m.`x.y`', 'EQUAL', int(3)))).toEqual(['m1']);
    expect(filtered(where('m.z.w', 'GREATER_THAN', int(3)))).toEqual(['m1']);
    expect(filtered(where('m.x', 'EQUAL', int(3)))).toEqual([]);
  });

  it('accepts numeric enums, as REST clients with enum-encoding=int send them', () => {
    const numeric = {
      fieldFilter: { field: { fieldPath: 'v' }, op: 5 as unknown as FieldOp, value: int(2) },
    };
    expect(filtered(numeric)).toEqual(['c']);
  });
});

describe('composite filters', () => {
  beforeEach(() => {
    put('n/a', { x: int(1), y: int(1) });
    put('n/b', { x: int(1), y: int(2) });
    put('n/c', { x: int(2), y: int(1) });
    put('n/d', { x: int(2) });
  });

  it('AND needs every filter, OR any', () => {
    expect(filtered(and(where('x', 'EQUAL', int(1)), where('y', 'EQUAL', int(2))))).toEqual(['b']);
    expect(filtered(or(where('x', 'EQUAL', int(1)), where('y', 'EQUAL', int(1))))).toEqual(['a', 'b', 'c']);
  });

  it('nests AND inside OR and OR inside AND', () => {
    const q = or(
      and(where('x', 'EQUAL', int(1)), where('y', 'EQUAL', int(2))),
      and(where('x', 'EQUAL', int(2)), unary('y', 'IS_NOT_NULL')),
    );
    // IS_NOT_NULL is an inequality on y, so y orders the result: c (y 1) before b (y 2).
    expect(filtered(q)).toEqual(['c', 'b']);
    const q2 = and(
      or(where('x', 'EQUAL', int(1)), where('x', 'EQUAL', int(2))),
      or(where('y', 'EQUAL', int(1)), where('y', 'EQUAL', int(5))),
    );
    expect(filtered(q2)).toEqual(['a', 'c']);
  });

  it('an inequality inside an OR still orders (and so excludes docs missing its field)', () => {
    // web SDK queryMatchesOrderBy: "a > 1 || b == 1" has an implicit orderBy a.
    expect(filtered(or(where('y', 'GREATER_THAN', int(1)), where('x', 'EQUAL', int(2))))).toEqual(['c', 'b']);
  });

  it('rejects an empty composite filter', () => {
    invalid(() =>
      parseQuery(ROOT, { from: from('n'), where: { compositeFilter: { op: 'AND', filters: [] } } }),
    );
  });
});

describe('ordering', () => {
  beforeEach(() => {
    put('o/a', { p: int(2), q: str('b') });
    put('o/b', { p: int(1), q: str('b') });
    put('o/c', { p: int(2), q: str('a') });
    put('o/d', { q: str('z') });
    put('o/e', { p: NULL_VALUE, q: str('c') });
  });
  const ordered = (q: Partial<StructuredQuery__Output>) => ids(run({ from: from('o'), ...q }));

  it('orders by __name__ alone when nothing is given', () => {
    expect(ordered({})).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('orders by explicit fields, then __name__ in the direction of the last one', () => {
    expect(ordered({ orderBy: [asc('p')] })).toEqual(['e', 'b', 'a', 'c']);
    expect(ordered({ orderBy: [desc('p')] })).toEqual(['c', 'a', 'b', 'e']);
    expect(ordered({ orderBy: [desc('p'), asc('q')] })).toEqual(['c', 'a', 'b', 'e']);
    expect(ordered({ orderBy: [asc('q'), desc('p')] })).toEqual(['c', 'a', 'b', 'e']);
  });

  it('excludes documents missing an orderBy field (null is a value and stays)', () => {
    expect(ordered({ orderBy: [asc('p')] })).not.toContain('d');
    expect(ordered({ orderBy: [asc('p')] })).toContain('e');
  });

  it('orders by __name__ explicitly, either way', () => {
    expect(ordered({ orderBy: [desc('__name__')] })).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('adds inequality fields (not already ordered) after the explicit orders, then __name__', () => {
    const q = parseQuery(ROOT, {
      from: from('o'),
      where: where('p', 'GREATER_THAN', int(0)),
      orderBy: [desc('q')],
    });
    expect(q.orders.map((o) => [o.path.join('.'), o.dir])).toEqual([
      ['q', -1],
      ['p', -1],
      ['__name__', -1],
    ]);
  });

  it('orders several inequality fields by field path, segment-wise, like the SDKs', () => {
    // FieldPath.comparator (web SDK getInequalityFilterFields): `a` < `a b` segment-wise, although
    // the quoted text "`a b`" sorts before "a".
    const q = parseQuery(ROOT, {
      from: from('o'),
      where: and(
        where('`a b`', 'GREATER_THAN', int(0)),
        where('a', 'GREATER_THAN', int(0)),
        where('a.c', 'NOT_EQUAL', int(0)),
        where('B', 'LESS_THAN', int(0)),
      ),
    });
    expect(q.orders.map((o) => o.path)).toEqual([['B'], ['a'], ['a', 'c'], ['a b'], ['__name__']]);
  });

  it('does not order by a field that is only compared with ==', () => {
    const q = parseQuery(ROOT, { from: from('o'), where: where('p', 'EQUAL', int(2)) });
    expect(q.orders.map((o) => o.path.join('.'))).toEqual(['__name__']);
  });

  it('rejects the same order field twice', () => {
    invalid(() => parseQuery(ROOT, { from: from('o'), orderBy: [asc('p'), desc('p')] }));
  });
});

describe('cursors', () => {
  beforeEach(() => {
    for (const [id, p, q] of [
      ['a', 1, 'x'],
      ['b', 2, 'x'],
      ['c', 2, 'y'],
      ['d', 3, 'x'],
      ['e', 3, 'y'],
    ] as const)
      put(`k/${id}`, { p: int(p), q: str(q) });
  });
  const cursor = (values: Value[], before: boolean) => ({ values, before });
  const page = (q: Partial<StructuredQuery__Output>) =>
    ids(run({ from: from('k'), orderBy: [asc('p')], ...q }));

  it('startAt includes, startAfter excludes the cursor position', () => {
    expect(page({ startAt: cursor([int(2)], true) })).toEqual(['b', 'c', 'd', 'e']);
    expect(page({ startAt: cursor([int(2)], false) })).toEqual(['d', 'e']);
  });

  it('endAt includes, endBefore excludes the cursor position', () => {
    expect(page({ endAt: cursor([int(2)], false) })).toEqual(['a', 'b', 'c']);
    expect(page({ endAt: cursor([int(2)], true) })).toEqual(['a']);
  });

  it('partial cursors compare only the values given; full cursors use __name__ to break ties', () => {
    expect(page({ startAt: cursor([int(2), ref('k/c')], false) })).toEqual(['d', 'e']);
    expect(page({ startAt: cursor([int(2), ref('k/b')], false) })).toEqual(['c', 'd', 'e']);
    expect(
      page({ startAt: cursor([int(2), ref('k/b')], true), endAt: cursor([int(3), ref('k/d')], false) }),
    ).toEqual(['b', 'c', 'd']);
  });

  it('cursors follow the direction of each order', () => {
    expect(page({ orderBy: [desc('p')], startAt: cursor([int(2)], true) })).toEqual(['c', 'b', 'a']);
    expect(page({ orderBy: [desc('p'), asc('q')], startAt: cursor([int(3), str('y')], false) })).toEqual([
      'b',
      'c',
      'a',
    ]);
  });

  it('cursors on __name__ alone', () => {
    expect(page({ orderBy: [asc('__name__')], startAt: cursor([ref('k/c')], false) })).toEqual(['d', 'e']);
    expect(page({ orderBy: [desc('__name__')], startAt: cursor([ref('k/c')], true) })).toEqual([
      'c',
      'b',
      'a',
    ]);
  });

  it('compares cursor values across types with the general order', () => {
    expect(page({ startAt: cursor([dbl(2.5)], true) })).toEqual(['d', 'e']);
    expect(page({ startAt: cursor([str('')], true) })).toEqual([]);
    expect(page({ endAt: cursor([NULL_VALUE], false) })).toEqual([]);
  });

  it('rejects more cursor values than orders and non-reference __name__ values', () => {
    expect(
      invalid(() =>
        parseQuery(ROOT, {
          from: from('k'),
          orderBy: [asc('p')],
          startAt: cursor([int(1), ref('k/a'), int(3)], true),
        }),
      ),
    ).toMatch(/Too many cursor values/);
    invalid(() => parseQuery(ROOT, { from: from('k'), startAt: cursor([str('a')], true) }));
  });
});

describe('offset, limit and projection', () => {
  beforeEach(() => {
    for (const id of ['a', 'b', 'c', 'd', 'e'])
      put(`l/${id}`, { n: int(id.charCodeAt(0)), m: mapValue({ x: int(1), y: int(2) }), s: str(id) });
  });
  const limited = (q: Partial<StructuredQuery__Output>) => ids(run({ from: from('l'), ...q }));

  it('applies the offset before the limit', () => {
    expect(limited({ limit: { value: 2 } })).toEqual(['a', 'b']);
    expect(limited({ offset: 1, limit: { value: 2 } })).toEqual(['b', 'c']);
    expect(limited({ offset: 4, limit: { value: 2 } })).toEqual(['e']);
    expect(limited({ offset: 9 })).toEqual([]);
    // An Int32Value of 0 decodes as {} (proto3 default).
    expect(limited({ limit: {} })).toEqual([]);
  });

  it('applies the limit after cursors and ordering', () => {
    expect(
      limited({ orderBy: [desc('n')], limit: { value: 2 }, startAt: { values: [int(100)], before: true } }),
    ).toEqual(['d', 'c']);
  });

  it('rejects a negative limit or offset', () => {
    invalid(() => parseQuery(ROOT, { from: from('l'), limit: { value: -1 } }));
    invalid(() => parseQuery(ROOT, { from: from('l'), offset: -1 }));
  });

  it('projects selected fields, including nested paths', () => {
    const q = parseQuery(ROOT, {
      from: from('l'),
      select: { fields: [{ fieldPath: 's' }, { fieldPath: 'm.y' }, { fieldPath: 'missing' }] },
    });
    const [first] = runQuery(store, q);
    expect(project(first!.fields, q.projection)).toEqual({ s: str('a'), m: mapValue({ y: int(2) }) });
  });

  it('an empty projection returns every field (query.proto)', () => {
    for (const select of [{}, { fields: [] }]) {
      const q = parseQuery(ROOT, { from: from('l'), select });
      expect(q.projection).toBeUndefined();
      const [first] = runQuery(store, q);
      expect(Object.keys(project(first!.fields, q.projection)).sort()).toEqual(['m', 'n', 's']);
    }
  });

  it('select __name__ only returns documents without fields', () => {
    const q = parseQuery(ROOT, { from: from('l'), select: { fields: [{ fieldPath: '__name__' }] } });
    const docs = runQuery(store, q);
    expect(docs).toHaveLength(5);
    expect(project(docs[0]!.fields, q.projection)).toEqual({});
    expect(project(docs[0]!.fields, undefined)).toBe(docs[0]!.fields);
  });
});

describe('collection scope', () => {
  beforeEach(() => {
    put('c/a', { n: int(1) });
    put('c/a/sub/x', { n: int(2) });
    put('c/a/sub/x/sub/deep', { n: int(3) });
    put('c/a/other/y', { n: int(4) });
    put('c/b/sub/z', { n: int(5) });
    put('top/q/sub/w', { n: int(6) });
    put('sub/root', { n: int(7) });
    put('c/ab/sub/v', { n: int(8) });
  });

  it('a collection query sees only its own collection under the parent', () => {
    expect(run({ from: from('sub') }, parseParent(`${DOCS}/c/a`))).toEqual(['c/a/sub/x']);
    expect(run({ from: from('sub') })).toEqual(['sub/root']);
  });

  it('a collection group query (allDescendants + collectionId) finds the id at any depth under the parent', () => {
    const group = [{ collectionId: 'sub', allDescendants: true }];
    expect(run({ from: group })).toEqual([
      'c/a/sub/x',
      'c/a/sub/x/sub/deep',
      'c/ab/sub/v',
      'c/b/sub/z',
      'sub/root',
      'top/q/sub/w',
    ]);
    expect(run({ from: group }, parseParent(`${DOCS}/c/a`))).toEqual(['c/a/sub/x', 'c/a/sub/x/sub/deep']);
  });

  it('a kind-less allDescendants query under a document returns every descendant (recursiveDelete)', () => {
    const all = [{ allDescendants: true }];
    expect(run({ from: all }, parseParent(`${DOCS}/c/a`))).toEqual([
      'c/a/other/y',
      'c/a/sub/x',
      'c/a/sub/x/sub/deep',
    ]);
    expect(run({ from: all })).toHaveLength(8);
  });

  it('skips deleted documents', () => {
    remove('c/a/sub/x');
    expect(
      run({ from: [{ collectionId: 'sub', allDescendants: true }] }, parseParent(`${DOCS}/c/a`)),
    ).toEqual(['c/a/sub/x/sub/deep']);
  });

  it('rejects zero or several collections and a collection id with a slash', () => {
    invalid(() => parseQuery(ROOT, { from: [] }));
    invalid(() => parseQuery(ROOT, { from: [...from('a')!, ...from('b')!] }));
    invalid(() => parseQuery(ROOT, { from: [{ collectionId: 'a/b' }] }));
    invalid(() => parseQuery(ROOT, { from: [{}] }));
    invalid(() => parseQuery(ROOT, undefined));
  });
});

describe('__name__ filters and numeric ids', () => {
  beforeEach(() => {
    for (const id of ['__id10__', '__id9__', '__id-3__', 'a', 'b', 'b\u0000']) put(`r/${id}`, {});
    put('r/b/sub/c', {});
  });
  const named = (filter: Filter, extra: Partial<StructuredQuery__Output> = {}) =>
    ids(run({ from: from('r'), where: filter, ...extra }));

  it('orders numeric ids first, numerically, then strings segment-wise', () => {
    expect(ids(run({ from: from('r') }))).toEqual(['__id-3__', '__id9__', '__id10__', 'a', 'b', 'b\u0000']);
  });

  it('compares __name__ with references', () => {
    expect(named(where('__name__', 'GREATER_THAN', ref('r/a')))).toEqual(['b', 'b\u0000']);
    expect(named(where('__name__', 'LESS_THAN', ref('r/a')))).toEqual(['__id-3__', '__id9__', '__id10__']);
    expect(named(where('__name__', 'EQUAL', ref('r/b')))).toEqual(['b']);
    expect(named(where('__name__', 'IN', arr(ref('r/a'), ref('r/__id9__'))))).toEqual(['__id9__', 'a']);
    expect(named(where('__name__', 'NOT_IN', arr(ref('r/a'), ref('r/b'))))).toEqual([
      '__id-3__',
      '__id9__',
      '__id10__',
      'b\u0000',
    ]);
    expect(named(where('__name__', 'NOT_EQUAL', ref('r/b')))).toHaveLength(5);
  });

  it('the recursiveDelete sentinel (__id-9223372036854775808__) sorts before every id', () => {
    expect(
      named(where('__name__', 'GREATER_THAN_OR_EQUAL', ref('r/__id-9223372036854775808__'))),
    ).toHaveLength(6);
  });

  it('rejects a __name__ filter with a non-reference, a malformed one or one from another database', () => {
    expect(
      invalid(() => parseQuery(ROOT, { from: from('r'), where: where('__name__', 'EQUAL', str('a')) })),
    ).toMatch(/__key__/);
    invalid(() => parseQuery(ROOT, { from: from('r'), where: where('__name__', 'IN', arr(str('a'))) }));
    invalid(() =>
      parseQuery(ROOT, {
        from: from('r'),
        where: where('__name__', 'EQUAL', { valueType: 'referenceValue', referenceValue: `${DOCS}/r` }),
      }),
    );
    invalid(() =>
      parseQuery(ROOT, {
        from: from('r'),
        where: where('__name__', 'EQUAL', {
          valueType: 'referenceValue',
          referenceValue: 'projects/x/databases/(default)/documents/r/a',
        }),
      }),
    );
    invalid(() =>
      parseQuery(ROOT, { from: from('r'), where: where('__name__', 'ARRAY_CONTAINS', ref('r/a')) }),
    );
  });
});

describe('filter validation', () => {
  const bad = (filter: Filter) => invalid(() => parseQuery(ROOT, { from: from('n'), where: filter }));

  it('limits in / not-in / array-contains-any to 30 values', () => {
    const thirty = arr(...Array.from({ length: 30 }, (_, i) => int(i)));
    expect(() => parseQuery(ROOT, { from: from('n'), where: where('v', 'IN', thirty) })).not.toThrow();
    const more = arr(...Array.from({ length: 31 }, (_, i) => int(i)));
    bad(where('v', 'IN', more));
    bad(where('v', 'NOT_IN', more));
    bad(where('v', 'ARRAY_CONTAINS_ANY', more));
  });

  it('requires a non-empty array for in / not-in / array-contains-any', () => {
    bad(where('v', 'IN', int(1)));
    bad(where('v', 'IN', arr()));
    bad(where('v', 'ARRAY_CONTAINS_ANY', str('x')));
  });

  it('rejects unknown operators, bad field paths and invalid values', () => {
    bad(where('v', 'OPERATOR_UNSPECIFIED' as FieldOp, int(1)));
    bad(where('a..b', 'EQUAL', int(1)));
    bad(where('v', 'EQUAL', {} as Value));
    bad({});
  });
});

describe('unsupported features', () => {
  it('refuses vector search (findNearest) rather than returning the unranked collection', () => {
    try {
      parseQuery(ROOT, {
        from: from('n'),
        findNearest: { vectorField: { fieldPath: 'e' }, distanceMeasure: 'EUCLIDEAN', limit: { value: 3 } },
      });
      expect.unreachable();
    } catch (e) {
      expect((e as FirestoreError).code).toBe(Code.UNIMPLEMENTED);
    }
  });
});

describe('read time', () => {
  it('runs against the documents as of a past read time', () => {
    put('t/a', { n: int(1) });
    const before = clock;
    put('t/a', { n: int(2) });
    put('t/b', { n: int(3) });
    remove('t/a');
    const q = parseQuery(ROOT, { from: from('t'), where: where('n', 'GREATER_THAN', int(0)) });
    expect(runQuery(store, q, before).map((d) => d.fields['n'])).toEqual([int(1)]);
    expect(runQuery(store, q).map((d) => d.path)).toEqual(['t/b']);
  });
});
