/**
 * One small surface over both Node SDKs (firebase-admin and the web SDK's gRPC build), so that a
 * conformance case is written once and runs through each client's own encoder, decoder and RPCs.
 *
 * Values cross the surface in a neutral form (plain JSON-ish data plus the classes below) so that
 * a test can assert exactly what came back, including types the SDKs model differently: admin runs
 * with `useBigInt`, so integers read back as `bigint` and doubles as `number` (the only way to see
 * integer-vs-double from a client); the web SDK has no integer type, so `expected()` maps `bigint`
 * to `number` for it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import * as A from 'firebase-admin/firestore';
// firebase-admin does not re-export VectorValue; it is the same @google-cloud/firestore instance.
import { VectorValue as AdminVectorValue } from '@google-cloud/firestore';
import * as W from 'firebase/firestore';
import {
  adminFirestore,
  startTarget,
  uniqueProjectId,
  webFirestore,
  type EmulatorTarget,
} from '../harness.js';

export class Ts {
  constructor(
    readonly seconds: number,
    readonly nanos: number,
  ) {}
}
export class Geo {
  constructor(
    readonly lat: number,
    readonly lng: number,
  ) {}
}
export class Bin {
  constructor(readonly base64: string) {}
  static of(...bytes: number[]): Bin {
    return new Bin(Buffer.from(bytes).toString('base64'));
  }
}
export class Ref {
  constructor(readonly path: string) {}
}
export class Vec {
  constructor(readonly values: readonly number[]) {}
}
/** A write-only transform sentinel (serverTimestamp, increment, arrayUnion/Remove, delete). */
export class Op {
  constructor(
    readonly kind: 'serverTimestamp' | 'increment' | 'arrayUnion' | 'arrayRemove' | 'delete',
    readonly args: readonly Neutral[] = [],
  ) {}
}

export type Neutral =
  | null
  | boolean
  | number
  | bigint
  | string
  | Ts
  | Geo
  | Bin
  | Ref
  | Vec
  | Op
  | readonly Neutral[]
  | NeutralMap;
export interface NeutralMap {
  readonly [key: string]: Neutral;
}

export const serverTimestamp = () => new Op('serverTimestamp');
export const increment = (n: number) => new Op('increment', [n]);
export const arrayUnion = (...v: Neutral[]) => new Op('arrayUnion', v);
export const arrayRemove = (...v: Neutral[]) => new Op('arrayRemove', v);
export const deleteField = () => new Op('delete');

/** A field: a dotted path, explicit segments (for names with dots or other special characters), or the document id. */
export type Field = string | readonly string[];
export const DOC_ID = '__name__';

export type FilterOp =
  '<' | '<=' | '==' | '!=' | '>=' | '>' | 'array-contains' | 'in' | 'not-in' | 'array-contains-any';
export type Filter = { field: Field; op: FilterOp; value: Neutral } | { or: Filter[] } | { and: Filter[] };
/** A cursor: field values, or the document (by path) whose snapshot the SDK turns into values. */
export type Cursor = { values: Neutral[] } | { doc: string };

export interface QuerySpec {
  /** Collection path, or with `group` a collection id queried across the database. */
  readonly from: string;
  readonly group?: boolean;
  readonly where?: readonly Filter[];
  readonly orderBy?: readonly (readonly [Field, ('asc' | 'desc')?])[];
  readonly limit?: number;
  readonly limitToLast?: number;
  readonly offset?: number;
  readonly select?: readonly Field[];
  readonly startAt?: Cursor;
  readonly startAfter?: Cursor;
  readonly endAt?: Cursor;
  readonly endBefore?: Cursor;
}

export type Aggregation = { kind: 'count' } | { kind: 'sum' | 'avg'; field: Field };

export type BatchOp =
  | { op: 'set'; path: string; data: NeutralMap; options?: SetOptions }
  | { op: 'update'; path: string; data: NeutralMap }
  | { op: 'delete'; path: string }
  | { op: 'create'; path: string; data: NeutralMap };

export type SetOptions = { merge: true } | { mergeFields: Field[] };

export interface Snap {
  readonly path: string;
  readonly id: string;
  readonly data: NeutralMap;
}

/**
 * True when the suite runs against an emulator it did not start (known at collection time: the
 * harness sets FIRESTORE_EMULATOR_HOST itself only once it starts the embedded one).
 */
export const EXTERNAL = Boolean(process.env['FIRESTORE_EMULATOR_HOST']);

/**
 * Error wording. Production Firestore (and this emulator) say "No document to update: <name>" and
 * "Document already exists: <name>"; the official emulator JAR (1.19.x) keeps its Datastore
 * wording, so when the suite points at it only the codes are compared strictly.
 */
export const MESSAGES = EXTERNAL
  ? { noDocumentToUpdate: 'no entity to update', alreadyExists: 'entity already exists' }
  : { noDocumentToUpdate: 'No document to update', alreadyExists: 'Document already exists' };

export type SdkName = 'admin' | 'web';
export const SDKS: readonly SdkName[] = ['admin', 'web'];

export interface Driver {
  readonly sdk: SdkName;
  set(path: string, data: NeutralMap, options?: SetOptions): Promise<void>;
  add(collection: string, data: NeutralMap): Promise<string>;
  /** Keys of `data` are dotted field paths. */
  update(path: string, data: NeutralMap): Promise<void>;
  /** update() with explicit field paths (segments may contain dots, spaces, backticks…). */
  updatePaths(path: string, pairs: readonly (readonly [readonly string[], Neutral])[]): Promise<void>;
  delete(path: string): Promise<void>;
  /** The document's data, or undefined when it does not exist. */
  get(path: string): Promise<NeutralMap | undefined>;
  query(spec: QuerySpec): Promise<Snap[]>;
  aggregate(spec: QuerySpec, aggs: Readonly<Record<string, Aggregation>>): Promise<Record<string, Neutral>>;
  batch(ops: readonly BatchOp[]): Promise<void>;
  /** How this SDK reports the gRPC status `code` on a rejected promise (`err.code`). */
  code(grpcCode: number): number | string;
  /** What this SDK reads back for a value written as `v` (the web SDK has no integers). */
  expected<T extends Neutral>(v: T): Neutral;
  close(): Promise<void>;
}

const WEB_CODES = [
  'ok',
  'cancelled',
  'unknown',
  'invalid-argument',
  'deadline-exceeded',
  'not-found',
  'already-exists',
  'permission-denied',
  'resource-exhausted',
  'failed-precondition',
  'aborted',
  'out-of-range',
  'unimplemented',
  'internal',
  'unavailable',
  'data-loss',
  'unauthenticated',
];

const isPlainMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

function mapValues<T>(m: Readonly<Record<string, T>>, f: (v: T) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f(v)]));
}

// ---------------------------------------------------------------------------------------------
// firebase-admin

export async function adminDriver(projectId: string): Promise<Driver & { readonly db: A.Firestore }> {
  const { db, close } = await adminFirestore(projectId);
  db.settings({ useBigInt: true });

  const toSdk = (v: Neutral): unknown => {
    if (v instanceof Ts) return new A.Timestamp(v.seconds, v.nanos);
    if (v instanceof Geo) return new A.GeoPoint(v.lat, v.lng);
    if (v instanceof Bin) return Buffer.from(v.base64, 'base64');
    if (v instanceof Ref) return db.doc(v.path);
    if (v instanceof Vec) return A.FieldValue.vector([...v.values]);
    if (v instanceof Op) {
      switch (v.kind) {
        case 'serverTimestamp':
          return A.FieldValue.serverTimestamp();
        case 'increment':
          return A.FieldValue.increment(v.args[0] as number);
        case 'arrayUnion':
          return A.FieldValue.arrayUnion(...v.args.map(toSdk));
        case 'arrayRemove':
          return A.FieldValue.arrayRemove(...v.args.map(toSdk));
        case 'delete':
          return A.FieldValue.delete();
      }
    }
    if (Array.isArray(v)) return v.map(toSdk);
    if (isPlainMap(v)) return mapValues(v as NeutralMap, toSdk);
    return v;
  };
  const fromSdk = (v: unknown): Neutral => {
    if (v instanceof A.Timestamp) return new Ts(v.seconds, v.nanoseconds);
    if (v instanceof A.GeoPoint) return new Geo(v.latitude, v.longitude);
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return new Bin(Buffer.from(v).toString('base64'));
    if (v instanceof A.DocumentReference) return new Ref(v.path);
    if (v instanceof AdminVectorValue) return new Vec(v.toArray());
    if (Array.isArray(v)) return v.map(fromSdk);
    if (isPlainMap(v)) return mapValues(v, fromSdk) as NeutralMap;
    if (v === null || ['boolean', 'number', 'bigint', 'string'].includes(typeof v)) return v as Neutral;
    throw new Error(`admin returned an unexpected value: ${String(v)}`);
  };
  const field = (f: Field): string | A.FieldPath =>
    f === DOC_ID ? A.FieldPath.documentId() : typeof f === 'string' ? f : new A.FieldPath(...f);
  const filter = (f: Filter): A.Filter =>
    'or' in f
      ? A.Filter.or(...f.or.map(filter))
      : 'and' in f
        ? A.Filter.and(...f.and.map(filter))
        : A.Filter.where(field(f.field), f.op, toSdk(f.value));
  const setOptions = (o: SetOptions | undefined): A.SetOptions =>
    o === undefined ? {} : 'merge' in o ? { merge: true } : { mergeFields: o.mergeFields.map(field) };
  const toData = (d: NeutralMap) => toSdk(d) as A.DocumentData;

  const build = async (spec: QuerySpec): Promise<A.Query> => {
    let q: A.Query = spec.group ? db.collectionGroup(spec.from) : db.collection(spec.from);
    for (const f of spec.where ?? []) q = q.where(filter(f));
    for (const [f, dir] of spec.orderBy ?? []) q = q.orderBy(field(f), dir ?? 'asc');
    const cursor = async (c: Cursor): Promise<unknown[]> =>
      'doc' in c ? [await db.doc(c.doc).get()] : c.values.map(toSdk);
    if (spec.startAt) q = q.startAt(...(await cursor(spec.startAt)));
    if (spec.startAfter) q = q.startAfter(...(await cursor(spec.startAfter)));
    if (spec.endAt) q = q.endAt(...(await cursor(spec.endAt)));
    if (spec.endBefore) q = q.endBefore(...(await cursor(spec.endBefore)));
    if (spec.limit !== undefined) q = q.limit(spec.limit);
    if (spec.limitToLast !== undefined) q = q.limitToLast(spec.limitToLast);
    if (spec.offset !== undefined) q = q.offset(spec.offset);
    if (spec.select) q = q.select(...spec.select.map(field));
    return q;
  };

  return {
    sdk: 'admin',
    db,
    set: async (path, data, options) => void (await db.doc(path).set(toData(data), setOptions(options))),
    add: async (coll, data) => (await db.collection(coll).add(toData(data))).path,
    update: async (path, data) => void (await db.doc(path).update(toData(data))),
    updatePaths: async (path, pairs) => {
      const [first, ...rest] = pairs.flatMap(([p, v]) => [new A.FieldPath(...p), toSdk(v)]);
      // The variadic (field, value, …) form; a trailing Precondition is what the SDK's typing allows for.
      await (db.doc(path).update as (f: unknown, ...more: unknown[]) => Promise<A.WriteResult>).call(
        db.doc(path),
        first,
        ...rest,
      );
    },
    delete: async (path) => void (await db.doc(path).delete()),
    get: async (path) => {
      const snap = await db.doc(path).get();
      return snap.exists ? (fromSdk(snap.data()) as NeutralMap) : undefined;
    },
    query: async (spec) =>
      (await (await build(spec)).get()).docs.map((d) => ({
        path: d.ref.path,
        id: d.id,
        data: fromSdk(d.data()) as NeutralMap,
      })),
    aggregate: async (spec, aggs) => {
      const fields = mapValues(aggs, (a) =>
        a.kind === 'count'
          ? A.AggregateField.count()
          : a.kind === 'sum'
            ? A.AggregateField.sum(field(a.field))
            : A.AggregateField.average(field(a.field)),
      ) as Record<string, A.AggregateFieldType>;
      const snap = await (await build(spec)).aggregate(fields).get();
      return mapValues(snap.data() as Record<string, unknown>, fromSdk) as Record<string, Neutral>;
    },
    batch: async (ops) => {
      const b = db.batch();
      for (const o of ops) {
        const ref = db.doc(o.path);
        if (o.op === 'set') b.set(ref, toData(o.data), setOptions(o.options));
        else if (o.op === 'update') b.update(ref, toData(o.data));
        else if (o.op === 'create') b.create(ref, toData(o.data));
        else b.delete(ref);
      }
      await b.commit();
    },
    code: (c) => c,
    expected: (v) => v,
    close,
  };
}

// ---------------------------------------------------------------------------------------------
// web SDK (Node build: gRPC Listen/Write streams)

export async function webDriver(
  target: EmulatorTarget,
  projectId: string,
): Promise<Driver & { readonly db: W.Firestore }> {
  const { db, close } = await webFirestore(target, projectId);

  const toSdk = (v: Neutral): unknown => {
    if (typeof v === 'bigint') {
      if (!Number.isSafeInteger(Number(v))) throw new Error(`the web SDK cannot write the integer ${v}`);
      return Number(v);
    }
    if (v instanceof Ts) return new W.Timestamp(v.seconds, v.nanos);
    if (v instanceof Geo) return new W.GeoPoint(v.lat, v.lng);
    if (v instanceof Bin) return W.Bytes.fromBase64String(v.base64);
    if (v instanceof Ref) return W.doc(db, v.path);
    if (v instanceof Vec) return W.vector([...v.values]);
    if (v instanceof Op) {
      switch (v.kind) {
        case 'serverTimestamp':
          return W.serverTimestamp();
        case 'increment':
          return W.increment(v.args[0] as number);
        case 'arrayUnion':
          return W.arrayUnion(...v.args.map(toSdk));
        case 'arrayRemove':
          return W.arrayRemove(...v.args.map(toSdk));
        case 'delete':
          return W.deleteField();
      }
    }
    if (Array.isArray(v)) return v.map(toSdk);
    if (isPlainMap(v)) return mapValues(v as NeutralMap, toSdk);
    return v;
  };
  const fromSdk = (v: unknown): Neutral => {
    if (v instanceof W.Timestamp) return new Ts(v.seconds, v.nanoseconds);
    if (v instanceof W.GeoPoint) return new Geo(v.latitude, v.longitude);
    if (v instanceof W.Bytes) return new Bin(v.toBase64());
    if (v instanceof W.DocumentReference) return new Ref(v.path);
    if (v instanceof W.VectorValue) return new Vec(v.toArray());
    if (Array.isArray(v)) return v.map(fromSdk);
    if (isPlainMap(v)) return mapValues(v, fromSdk) as NeutralMap;
    if (v === null || ['boolean', 'number', 'string'].includes(typeof v)) return v as Neutral;
    throw new Error(`web returned an unexpected value: ${String(v)}`);
  };
  const field = (f: Field): string | W.FieldPath =>
    f === DOC_ID ? W.documentId() : typeof f === 'string' ? f : new W.FieldPath(...f);
  const filter = (f: Filter): W.QueryFilterConstraint =>
    'or' in f
      ? W.or(...f.or.map(filter))
      : 'and' in f
        ? W.and(...f.and.map(filter))
        : W.where(field(f.field), f.op, toSdk(f.value));
  const setOptions = (o: SetOptions | undefined): W.SetOptions =>
    o === undefined ? {} : 'merge' in o ? { merge: true } : { mergeFields: o.mergeFields.map(field) };
  const toData = (d: NeutralMap) => toSdk(d) as W.DocumentData;

  const build = async (spec: QuerySpec): Promise<W.Query> => {
    if (spec.offset !== undefined || spec.select) throw new Error('the web SDK has no offset() or select()');
    const base: W.Query = spec.group ? W.collectionGroup(db, spec.from) : W.collection(db, spec.from);
    const cs: W.QueryConstraint[] = [];
    const filters = (spec.where ?? []).map(filter);
    const cursor = async (c: Cursor): Promise<unknown[]> =>
      'doc' in c ? [await W.getDoc(W.doc(db, c.doc))] : c.values.map(toSdk);
    for (const [f, dir] of spec.orderBy ?? []) cs.push(W.orderBy(field(f), dir ?? 'asc'));
    if (spec.startAt) cs.push(W.startAt(...(await cursor(spec.startAt))));
    if (spec.startAfter) cs.push(W.startAfter(...(await cursor(spec.startAfter))));
    if (spec.endAt) cs.push(W.endAt(...(await cursor(spec.endAt))));
    if (spec.endBefore) cs.push(W.endBefore(...(await cursor(spec.endBefore))));
    if (spec.limit !== undefined) cs.push(W.limit(spec.limit));
    if (spec.limitToLast !== undefined) cs.push(W.limitToLast(spec.limitToLast));
    // A composite filter must be the only filter argument; plain wheres can be mixed with the rest.
    const composite = filters.filter((f) => !(f instanceof W.QueryFieldFilterConstraint));
    if (composite.length > 0)
      return W.query(base, W.and(...filters), ...(cs as W.QueryNonFilterConstraint[]));
    return W.query(base, ...(filters as W.QueryFieldFilterConstraint[]), ...cs);
  };

  return {
    sdk: 'web',
    db,
    // async throughout: the web SDK throws synchronously on data it rejects itself, and callers expect a rejection.
    set: async (path, data, options) => W.setDoc(W.doc(db, path), toData(data), setOptions(options)),
    add: async (coll, data) => (await W.addDoc(W.collection(db, coll), toData(data))).path,
    update: async (path, data) => W.updateDoc(W.doc(db, path), toData(data)),
    updatePaths: async (path, pairs) => {
      const [first, second, ...rest] = pairs.flatMap(([p, v]) => [new W.FieldPath(...p), toSdk(v)]);
      await W.updateDoc(W.doc(db, path), first as W.FieldPath, second, ...rest);
    },
    delete: async (path) => W.deleteDoc(W.doc(db, path)),
    get: async (path) => {
      const snap = await W.getDoc(W.doc(db, path));
      return snap.exists() ? (fromSdk(snap.data()) as NeutralMap) : undefined;
    },
    query: async (spec) =>
      (await W.getDocs(await build(spec))).docs.map((d) => ({
        path: d.ref.path,
        id: d.id,
        data: fromSdk(d.data()) as NeutralMap,
      })),
    aggregate: async (spec, aggs) => {
      const fields = mapValues(aggs, (a) =>
        a.kind === 'count' ? W.count() : a.kind === 'sum' ? W.sum(field(a.field)) : W.average(field(a.field)),
      );
      const snap = await W.getAggregateFromServer(await build(spec), fields as W.AggregateSpec);
      return mapValues(snap.data() as Record<string, unknown>, fromSdk) as Record<string, Neutral>;
    },
    batch: async (ops) => {
      const b = W.writeBatch(db);
      for (const o of ops) {
        const ref = W.doc(db, o.path);
        if (o.op === 'set') b.set(ref, toData(o.data), setOptions(o.options));
        else if (o.op === 'update') b.update(ref, toData(o.data));
        else if (o.op === 'delete') b.delete(ref);
        else throw new Error('the web SDK has no WriteBatch.create()');
      }
      await b.commit();
    },
    code: (c) => WEB_CODES[c]!,
    expected: (v) => webExpected(v),
    close,
  };
}

function webExpected(v: Neutral): Neutral {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(webExpected);
  if (isPlainMap(v)) return mapValues(v as NeutralMap, webExpected) as NeutralMap;
  return v;
}

// ---------------------------------------------------------------------------------------------
// suites

export interface SdkSuite {
  readonly target: EmulatorTarget;
  readonly projectId: string;
  /** The driver for the SDK this copy of the suite runs with. */
  readonly d: Driver;
  /** A collection id no other test of the run uses (so the web SDK's cache never mixes tests). */
  col(label?: string): string;
}

/** A fresh collection id: the label plus random hex. */
export const freshId = (label = 'c'): string => `${label}-${randomBytes(4).toString('hex')}`;

/**
 * `describe.each` over both SDKs: `body` is declared once per SDK, with a started emulator, a fresh
 * project and that SDK's driver available (through the returned getter) inside tests.
 */
export function describeEachSdk(
  title: string,
  body: (s: () => SdkSuite, sdk: SdkName) => void,
  sdks: readonly SdkName[] = SDKS,
): void {
  describe.each(sdks)(`${title} [%s]`, (sdk) => {
    let suite: SdkSuite | undefined;
    beforeAll(async () => {
      const target = await startTarget();
      const projectId = uniqueProjectId(`conf-${sdk}`);
      const d = sdk === 'admin' ? await adminDriver(projectId) : await webDriver(target, projectId);
      suite = { target, projectId, d, col: freshId };
    });
    afterAll(async () => {
      await suite?.d.close();
      await suite?.target.stop();
    });
    body(() => {
      if (!suite) throw new Error('suite not started');
      return suite;
    }, sdk);
  });
}
