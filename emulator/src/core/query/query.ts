import type { StructuredQuery__Output } from '../../gen/google/firestore/v1/StructuredQuery.js';
import { invalidArgument, unimplemented } from '../errors.js';
import { compareFieldPaths, fieldPathKey, formatFieldPath, getField, isNameField, NAME_FIELD, parseFieldPath, setField, type FieldPath } from '../field-path.js';
import { documentName, joinPath, parentPath, lastSegment, type ResourcePath } from '../paths.js';
import type { Doc } from '../store/document.js';
import type { DocumentStore } from '../store/database.js';
import type { Nanos } from '../time.js';
import { compareValues } from '../values/compare.js';
import { normalizeValue } from '../values/normalize.js';
import type { Fields, Value } from '../values/value.js';
import { checkQueryValueSize, compileFilter, readDocField, type FieldReader } from './filter.js';

export interface Order {
  readonly path: FieldPath;
  readonly dir: 1 | -1;
}

interface Bound {
  readonly values: Value[];
  readonly before: boolean;
}

/**
 * A validated, normalized query: the collection it reads, a predicate, the full ordering (explicit
 * orders, then inequality fields, then `__name__`), cursors, offset, limit and projection.
 */
export interface Query {
  readonly parent: ResourcePath;
  /** Undefined with allDescendants: every collection below the parent (recursiveDelete). */
  readonly collectionId: string | undefined;
  readonly allDescendants: boolean;
  readonly orders: readonly Order[];
  readonly offset: number;
  readonly limit: number | undefined;
  readonly projection: readonly FieldPath[] | undefined;
  /** True when `doc` is in the queried collection(s) and passes the filters and order fields. */
  readonly matches: (doc: Doc) => boolean;
  readonly compare: (a: Doc, b: Doc) => number;
  readonly read: FieldReader;
  readonly startAt: Bound | undefined;
  readonly endAt: Bound | undefined;
}

const DIRECTIONS: Record<string, 1 | -1> = { ASCENDING: 1, DESCENDING: -1, '1': 1, '2': -1 };

function int32(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const raw = typeof v === 'object' ? (v as { value?: unknown }).value : v;
  const n = raw === undefined ? 0 : Number(raw);
  if (!Number.isInteger(n) || n > 2 ** 31 - 1) throw invalidArgument(`Invalid ${what}: ${String(raw)}`);
  if (n < 0) throw invalidArgument(`${what === 'limit' ? 'Limit' : 'Offset'} is negative.`);
  return n;
}

/** @throws INVALID_ARGUMENT for anything Cloud Firestore would reject, UNIMPLEMENTED for vector search. */
export function parseQuery(parent: ResourcePath, q: StructuredQuery__Output | undefined): Query {
  if (!q) throw invalidArgument('Missing structured query.');
  // Ignoring it would answer a nearest-neighbour query with the whole collection.
  if (q.findNearest) throw unimplemented('Vector search (findNearest) is not supported by this emulator.');
  const from = q.from ?? [];
  if (from.length !== 1) throw invalidArgument('A query must select exactly one collection.');
  const sel = from[0]!;
  const allDescendants = Boolean(sel.allDescendants);
  const collectionId = sel.collectionId ? sel.collectionId : undefined;
  if (!collectionId && !allDescendants) throw invalidArgument('A query without a collection id must set allDescendants.');
  if (collectionId && (collectionId.includes('/') || collectionId === '')) throw invalidArgument(`Invalid collection id: ${collectionId}`);

  const nameOf = (doc: Doc) => documentName(parent.db, doc.path);
  const read = readDocField(nameOf);
  const filter = compileFilter(parent.db, q.where, read);

  const orders: Order[] = [];
  const seen = new Set<string>();
  for (const o of q.orderBy ?? []) {
    const path = parseFieldPath(o.field?.fieldPath);
    const key = fieldPathKey(path);
    if (seen.has(key)) throw invalidArgument(`Order by field ${formatFieldPath(path)} is specified more than once.`);
    seen.add(key);
    const dir = DIRECTIONS[String(o.direction ?? 'ASCENDING')];
    if (dir === undefined) throw invalidArgument(`Invalid order direction: ${String(o.direction)}`);
    orders.push({ path, dir });
  }
  const lastDir = orders.length > 0 ? orders[orders.length - 1]!.dir : 1;
  const implicit = filter.inequalityFields
    .filter((p) => !seen.has(fieldPathKey(p)) && !isNameField(p))
    // Segment-wise, as the clients order them; comparing the quoted text would put `a b` before a.
    .sort(compareFieldPaths);
  for (const path of implicit) {
    if (seen.has(fieldPathKey(path))) continue;
    seen.add(fieldPathKey(path));
    orders.push({ path, dir: lastDir });
  }
  if (!seen.has(NAME_FIELD)) orders.push({ path: [NAME_FIELD], dir: lastDir });

  const bound = (c: StructuredQuery__Output['startAt']): Bound | undefined => {
    if (!c) return undefined;
    const values = (c.values ?? []).map((v, i) => {
      const value = normalizeValue(v);
      if (orders[i]) checkQueryValueSize(value, formatFieldPath(orders[i].path));
      return value;
    });
    if (values.length > orders.length)
      throw invalidArgument(
        `Too many cursor values specified. The specified order by clause has ${orders.length} fields but the cursor has ${values.length} values.`,
      );
    values.forEach((v, i) => {
      if (isNameField(orders[i]!.path) && v.valueType !== 'referenceValue')
        throw invalidArgument('Cursor position is outside the range of the query: __name__ values must be references.');
    });
    return { values, before: Boolean(c.before) };
  };

  const prefix = parent.path === '' ? '' : parent.path + '/';
  const inScope = (doc: Doc): boolean => {
    const coll = parentPath(doc.path);
    if (!allDescendants) return coll === joinPath(parent.path, collectionId!);
    if (!coll.startsWith(prefix) && prefix !== '') return false;
    return collectionId === undefined || lastSegment(coll) === collectionId;
  };
  const hasOrderFields = (doc: Doc) => orders.every((o) => isNameField(o.path) || getField(doc.fields, o.path) !== undefined);
  const compare = (a: Doc, b: Doc): number => {
    for (const o of orders) {
      const c = compareValues(read(a, o.path)!, read(b, o.path)!);
      if (c !== 0) return c * o.dir;
    }
    return 0;
  };

  return {
    parent,
    collectionId,
    allDescendants,
    orders,
    offset: int32(q.offset, 'offset') ?? 0,
    limit: int32(q.limit, 'limit'),
    // query.proto: an empty projection returns every field (`__name__` alone returns none).
    projection: q.select?.fields?.length ? q.select.fields.map((f) => parseFieldPath(f.fieldPath)) : undefined,
    matches: (doc) => inScope(doc) && hasOrderFields(doc) && filter.matches(doc),
    compare,
    read,
    startAt: bound(q.startAt),
    endAt: bound(q.endAt),
  };
}

/** Position of `doc` relative to a cursor: <0 before it, 0 at it, >0 after it. */
function compareToBound(query: Query, doc: Doc, bound: Bound): number {
  for (let i = 0; i < bound.values.length; i++) {
    const o = query.orders[i]!;
    const c = compareValues(query.read(doc, o.path)!, bound.values[i]!);
    if (c !== 0) return c * o.dir;
  }
  return 0;
}

export function withinBounds(query: Query, doc: Doc): boolean {
  if (query.startAt) {
    const c = compareToBound(query, doc, query.startAt);
    if (c < 0 || (c === 0 && !query.startAt.before)) return false;
  }
  if (query.endAt) {
    const c = compareToBound(query, doc, query.endAt);
    if (c > 0 || (c === 0 && query.endAt.before)) return false;
  }
  return true;
}

/** Every document in scope that matches, unsorted (the listener index uses this too). */
export function* candidates(store: DocumentStore, query: Query, readTime?: Nanos): Iterable<Doc> {
  const collections = query.allDescendants
    ? store.collectionsUnder(query.parent.path, query.collectionId)
    : [store.collection(joinPath(query.parent.path, query.collectionId!))].filter((c) => c !== undefined);
  for (const coll of collections) {
    for (const entry of coll.entries.values()) {
      const doc = entry.at(readTime);
      if (doc && query.matches(doc)) yield doc;
    }
  }
}

/**
 * Runs a query: matching documents, sorted, within cursors, after offset, up to limit. With
 * `ordered: false` (aggregations) the sort is skipped when no offset or limit makes order matter.
 */
export function runQuery(store: DocumentStore, query: Query, readTime?: Nanos, { ordered = true } = {}): Doc[] {
  const docs = [...candidates(store, query, readTime)].filter((d) => withinBounds(query, d));
  if (!ordered && query.offset === 0 && query.limit === undefined) return docs;
  docs.sort(query.compare);
  const end = query.limit === undefined ? undefined : query.offset + query.limit;
  return query.offset > 0 || end !== undefined ? docs.slice(query.offset, end) : docs;
}

/** Applies a projection (`select`) to fields; `__name__` alone selects no fields. */
export function project(fields: Fields, projection: readonly FieldPath[] | undefined): Fields {
  if (!projection) return fields;
  let out: Fields = {};
  for (const p of projection) {
    if (isNameField(p)) continue;
    const v = getField(fields, p);
    if (v !== undefined) out = setField(out, p, v);
  }
  return out;
}

