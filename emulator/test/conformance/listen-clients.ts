/**
 * One listener vocabulary over both Node SDKs, so each Listen scenario runs unchanged through
 * firebase-admin (one Listen stream per listener) and the web SDK (all targets multiplexed on one
 * stream). Snapshots are normalised to plain objects and recorded in arrival order; tests consume
 * them one at a time, so every assertion is about an observed event, never about elapsed time.
 */
import type { DocumentData as AdminData, Query as AdminQuery } from 'firebase-admin/firestore';
import type {
  DocumentData as WebData,
  Query as WebQuery,
  QueryConstraint,
  WhereFilterOp,
} from 'firebase/firestore';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  adminFirestore,
  startTarget,
  uniqueProjectId,
  waitFor,
  webFirestore,
  type EmulatorTarget,
} from '../harness.js';

export type SdkName = 'admin' | 'web';
export const SDKS: readonly SdkName[] = ['admin', 'web'];

/** A query in terms both SDKs can build. */
export interface QuerySpec {
  /** Collection path (exclusive with `collectionGroup`). */
  readonly collection?: string;
  readonly collectionGroup?: string;
  readonly where?: readonly (readonly [string, WhereFilterOp, unknown])[];
  readonly orderBy?: readonly (readonly [string, 'asc' | 'desc'])[];
  readonly limit?: number;
  readonly limitToLast?: number;
  /** Cursor values, one per orderBy field. */
  readonly startAt?: readonly unknown[];
  readonly endBefore?: readonly unknown[];
}

export interface SnapDoc {
  readonly id: string;
  readonly path: string;
  readonly data: Record<string, unknown>;
}

export interface SnapChange {
  readonly type: 'added' | 'modified' | 'removed';
  readonly id: string;
  readonly oldIndex: number;
  readonly newIndex: number;
}

export interface QueryEvent {
  readonly docs: readonly SnapDoc[];
  readonly changes: readonly SnapChange[];
  /** Always false for firebase-admin, which has no cache. */
  readonly fromCache: boolean;
  readonly hasPendingWrites: boolean;
}

export interface DocEvent {
  readonly exists: boolean;
  readonly data: Record<string, unknown> | undefined;
  readonly fromCache: boolean;
  readonly hasPendingWrites: boolean;
}

/** Events in arrival order plus a read cursor; a listener error fails every later wait. */
export class Recorder<T> {
  readonly events: T[] = [];
  error: Error | undefined;
  private cursor = 0;

  constructor(readonly label: string) {}

  push(e: T): void {
    this.events.push(e);
  }

  fail(e: Error): void {
    this.error = e;
  }

  /** Consumes and returns the next event, waiting for it. */
  async next(what = 'the next snapshot', timeoutMs = 10_000): Promise<T> {
    await waitFor(
      () => this.error !== undefined || this.events.length > this.cursor,
      `${this.label}: ${what}`,
      timeoutMs,
    );
    if (this.error) throw this.error;
    return this.events[this.cursor++]!;
  }

  /** Consumes events until one satisfies `pred` and returns it. */
  async until(pred: (e: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
    for (;;) {
      const found = this.events.slice(this.cursor).findIndex(pred);
      if (found >= 0) {
        this.cursor += found + 1;
        return this.events[this.cursor - 1]!;
      }
      const seen = this.events.length;
      await waitFor(
        () => this.error !== undefined || this.events.length > seen,
        `${this.label}: ${what}`,
        timeoutMs,
      );
      if (this.error) throw this.error;
    }
  }

  /** Consumes events up to and including the first that satisfies `pred`; returns them all. */
  async takeUntil(pred: (e: T) => boolean, what: string, timeoutMs = 10_000): Promise<T[]> {
    const from = this.cursor;
    await this.until(pred, what, timeoutMs);
    return this.events.slice(from, this.cursor);
  }

  /** Consumes every event received so far. */
  drain(): T[] {
    const out = this.events.slice(this.cursor);
    this.cursor = this.events.length;
    return out;
  }
}

export interface Listener<T> {
  readonly rec: Recorder<T>;
  /**
   * The snapshot once the server has synced the listener, consuming every event raised until then.
   * firebase-admin raises exactly one. The web SDK may first raise what its cache already holds
   * (fromCache, e.g. documents another listener of the same instance loaded) and then the synced
   * result, or raise nothing more if the two are equal; a second, metadata-only listener on the same
   * target (so no extra target) tells when it is synced.
   */
  initial(what?: string): Promise<T>;
  stop(): void;
}

export interface ListenOptions {
  /** Web SDK only: raise snapshots whose only change is metadata. */
  readonly includeMetadataChanges?: boolean;
}

/** Everything a Listen test does through one SDK. */
export interface SdkClient {
  readonly name: SdkName;
  listenQuery(spec: QuerySpec, options?: ListenOptions): Listener<QueryEvent>;
  listenDoc(path: string, options?: ListenOptions): Listener<DocEvent>;
  set(path: string, data: Record<string, unknown>): Promise<void>;
  update(path: string, data: Record<string, unknown>): Promise<void>;
  delete(path: string): Promise<void>;
  /** Several writes as one atomic commit. */
  batch(ops: readonly BatchOp[]): Promise<void>;
  close(): Promise<void>;
}

export type BatchOp =
  { readonly set: string; readonly data: Record<string, unknown> } | { readonly delete: string };

const plain = (d: AdminData | WebData | undefined): Record<string, unknown> | undefined =>
  d === undefined ? undefined : { ...d };

export async function openClient(
  name: SdkName,
  target: EmulatorTarget,
  projectId: string,
): Promise<SdkClient> {
  return name === 'admin' ? openAdmin(projectId) : openWeb(target, projectId);
}

async function openAdmin(projectId: string): Promise<SdkClient> {
  const { db, close } = await adminFirestore(projectId);
  const build = (spec: QuerySpec): AdminQuery => {
    let q: AdminQuery =
      spec.collectionGroup !== undefined
        ? db.collectionGroup(spec.collectionGroup)
        : db.collection(spec.collection!);
    for (const [f, op, v] of spec.where ?? []) q = q.where(f, op, v);
    for (const [f, dir] of spec.orderBy ?? []) q = q.orderBy(f, dir);
    if (spec.limit !== undefined) q = q.limit(spec.limit);
    if (spec.limitToLast !== undefined) q = q.limitToLast(spec.limitToLast);
    if (spec.startAt) q = q.startAt(...spec.startAt);
    if (spec.endBefore) q = q.endBefore(...spec.endBefore);
    return q;
  };
  return {
    name: 'admin',
    listenQuery(spec) {
      const rec = new Recorder<QueryEvent>(`admin query ${JSON.stringify(spec)}`);
      const stop = build(spec).onSnapshot(
        (s) =>
          rec.push({
            docs: s.docs.map((d) => ({ id: d.id, path: d.ref.path, data: plain(d.data())! })),
            changes: s
              .docChanges()
              .map((c) => ({ type: c.type, id: c.doc.id, oldIndex: c.oldIndex, newIndex: c.newIndex })),
            fromCache: false,
            hasPendingWrites: false,
          }),
        (e) => rec.fail(e),
      );
      return { rec, stop, initial: (what = 'initial snapshot') => rec.next(what) };
    },
    listenDoc(path) {
      const rec = new Recorder<DocEvent>(`admin doc ${path}`);
      const stop = db.doc(path).onSnapshot(
        (s) =>
          rec.push({ exists: s.exists, data: plain(s.data()), fromCache: false, hasPendingWrites: false }),
        (e) => rec.fail(e),
      );
      return { rec, stop, initial: (what = 'initial snapshot') => rec.next(what) };
    },
    set: async (path, data) => void (await db.doc(path).set(data)),
    update: async (path, data) => void (await db.doc(path).update(data)),
    delete: async (path) => void (await db.doc(path).delete()),
    async batch(ops) {
      const b = db.batch();
      for (const op of ops)
        if ('set' in op) b.set(db.doc(op.set), op.data);
        else b.delete(db.doc(op.delete));
      await b.commit();
    },
    close,
  };
}

async function openWeb(target: EmulatorTarget, projectId: string): Promise<SdkClient> {
  const { db, close } = await webFirestore(target, projectId);
  const fs = await import('firebase/firestore');
  const build = (spec: QuerySpec): WebQuery => {
    const base =
      spec.collectionGroup !== undefined
        ? fs.collectionGroup(db, spec.collectionGroup)
        : fs.collection(db, spec.collection!);
    const cs: QueryConstraint[] = [];
    for (const [f, op, v] of spec.where ?? []) cs.push(fs.where(f, op, v));
    for (const [f, dir] of spec.orderBy ?? []) cs.push(fs.orderBy(f, dir));
    if (spec.limit !== undefined) cs.push(fs.limit(spec.limit));
    if (spec.limitToLast !== undefined) cs.push(fs.limitToLast(spec.limitToLast));
    if (spec.startAt) cs.push(fs.startAt(...spec.startAt));
    if (spec.endBefore) cs.push(fs.endBefore(...spec.endBefore));
    return fs.query(base, ...cs);
  };
  return {
    name: 'web',
    listenQuery(spec, options = {}) {
      const rec = new Recorder<QueryEvent>(`web query ${JSON.stringify(spec)}`);
      const q = build(spec);
      const meta = options.includeMetadataChanges ?? false;
      const stop = fs.onSnapshot(
        q,
        { includeMetadataChanges: meta },
        {
          next: (s) =>
            rec.push({
              docs: s.docs.map((d) => ({ id: d.id, path: d.ref.path, data: plain(d.data())! })),
              changes: s
                .docChanges({ includeMetadataChanges: meta })
                .map((c) => ({ type: c.type, id: c.doc.id, oldIndex: c.oldIndex, newIndex: c.newIndex })),
              fromCache: s.metadata.fromCache,
              hasPendingWrites: s.metadata.hasPendingWrites,
            }),
          error: (e) => rec.fail(e),
        },
      );
      const sync = watchSync(meta, (next) => fs.onSnapshot(q, { includeMetadataChanges: true }, next));
      return {
        rec,
        stop: () => (stop(), sync.stop()),
        async initial(what = 'initial snapshot') {
          const events = await sync.initial(rec, what);
          let prev: string[] = [];
          for (const e of events) prev = replay(prev, e.changes);
          const last = events.at(-1)!;
          if (prev.join() !== ids(last).join())
            throw new Error(`${rec.label}: initial events do not chain: ${JSON.stringify(events)}`);
          return last;
        },
      };
    },
    listenDoc(path, options = {}) {
      const rec = new Recorder<DocEvent>(`web doc ${path}`);
      const ref = fs.doc(db, path);
      const meta = options.includeMetadataChanges ?? false;
      const stop = fs.onSnapshot(
        ref,
        { includeMetadataChanges: meta },
        {
          next: (s) =>
            rec.push({
              exists: s.exists(),
              data: plain(s.data()),
              fromCache: s.metadata.fromCache,
              hasPendingWrites: s.metadata.hasPendingWrites,
            }),
          error: (e) => rec.fail(e),
        },
      );
      const sync = watchSync(meta, (next) => fs.onSnapshot(ref, { includeMetadataChanges: true }, next));
      return {
        rec,
        stop: () => (stop(), sync.stop()),
        initial: async (what = 'initial snapshot') => (await sync.initial(rec, what)).at(-1)!,
      };
    },
    set: (path, data) => fs.setDoc(fs.doc(db, path), data),
    update: (path, data) => fs.updateDoc(fs.doc(db, path), data),
    delete: (path) => fs.deleteDoc(fs.doc(db, path)),
    async batch(ops) {
      const b = fs.writeBatch(db);
      for (const op of ops)
        if ('set' in op) b.set(fs.doc(db, op.set), op.data);
        else b.delete(fs.doc(db, op.delete));
      await b.commit();
    },
    close,
  };
}

/**
 * Knows when a web listener is synced (see Listener.initial). With `meta` the listener itself
 * reports every metadata change, so no second listener is needed.
 */
function watchSync(
  meta: boolean,
  subscribe: (next: {
    next: (s: { metadata: { fromCache: boolean } }) => void;
    error: () => void;
  }) => () => void,
) {
  let synced = false;
  const stop = meta
    ? () => undefined
    : subscribe({
        next: (s) => {
          if (!s.metadata.fromCache) synced = true;
        },
        error: () => undefined,
      });
  return {
    stop,
    /** Consumes the events up to and including the synced one. */
    async initial<T extends { fromCache: boolean }>(rec: Recorder<T>, what: string): Promise<T[]> {
      if (meta) return rec.takeUntil((e) => !e.fromCache, what);
      // Snapshots reach listeners of one target in the order they subscribed, so once the second
      // listener has seen the synced snapshot, the first has recorded whatever it raised for it.
      await waitFor(() => rec.error !== undefined || synced, `${rec.label}: ${what}`, 10_000);
      if (rec.error) throw rec.error;
      const events = rec.drain();
      if (events.length === 0) throw new Error(`${rec.label}: synced without raising a snapshot`);
      return events;
    },
  };
}

/** `ids` of a query event's documents, in order. */
export const ids = (e: QueryEvent): string[] => e.docs.map((d) => d.id);

/** Applies docChanges to the previous result (by index, as the SDK contract promises) and returns the ids. */
export function replay(previous: readonly string[], changes: readonly SnapChange[]): string[] {
  const out = [...previous];
  for (const c of changes) {
    if (c.type === 'removed' || (c.type === 'modified' && c.oldIndex !== c.newIndex)) {
      if (out[c.oldIndex] !== c.id)
        throw new Error(`change ${JSON.stringify(c)} does not match ${JSON.stringify(out)}`);
      out.splice(c.oldIndex, 1);
    }
    if (c.type === 'added' || (c.type === 'modified' && c.oldIndex !== c.newIndex))
      out.splice(c.newIndex, 0, c.id);
    if (c.type === 'modified' && c.oldIndex === c.newIndex && out[c.oldIndex] !== c.id)
      throw new Error(`change ${JSON.stringify(c)} does not match ${JSON.stringify(out)}`);
  }
  return out;
}

export const added = (id: string, newIndex: number): SnapChange => ({
  type: 'added',
  id,
  oldIndex: -1,
  newIndex,
});
export const modified = (id: string, oldIndex: number, newIndex: number): SnapChange => ({
  type: 'modified',
  id,
  oldIndex,
  newIndex,
});
export const removed = (id: string, oldIndex: number): SnapChange => ({
  type: 'removed',
  id,
  oldIndex,
  newIndex: -1,
});

/** Checks that an event's docChanges turn the previous result into this one, then returns its ids. */
export function step(previous: readonly string[], e: QueryEvent): string[] {
  expect(replay(previous, e.changes)).toEqual(ids(e));
  return ids(e);
}

export interface ListenSetup {
  readonly projectId: string;
  /** The SDK under test, listening. */
  readonly client: SdkClient;
  /** A separate client (firebase-admin unless asked otherwise) that makes the changes. */
  readonly writer: SdkClient;
  /** Server-side listener bookkeeping of this project (embedded emulator only). */
  stats(): { targets: number; sessions: number } | undefined;
}

/**
 * Registers the hooks of a Listen test file: one target for the file, and after each test the
 * listeners it tracked are stopped and the clients it opened are closed.
 */
export function listenFixture() {
  let current: EmulatorTarget | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    current = await startTarget();
  });
  afterAll(async () => {
    await current?.stop();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const target = (): EmulatorTarget => {
    if (!current) throw new Error('no target before beforeAll');
    return current;
  };
  return {
    target,
    /** A fresh project with a listening client of `sdk` and a writer of `writerSdk`. */
    async setup(sdk: SdkName, writerSdk: SdkName = 'admin'): Promise<ListenSetup> {
      const projectId = uniqueProjectId(`listen-${sdk}`);
      const client = await openClient(sdk, target(), projectId);
      const writer = await openClient(writerSdk, target(), projectId);
      cleanups.push(
        () => client.close(),
        () => writer.close(),
      );
      return {
        projectId,
        client,
        writer,
        stats: () => target().embedded?.registry.get(projectId).listenStats(),
      };
    },
    /** Stops a listener after the test; returns it. */
    track<T extends { stop(): void }>(l: T): T {
      cleanups.push(() => l.stop());
      return l;
    },
    /** Runs `fn` after the test (before the clients close). */
    defer(fn: () => Promise<void> | void): void {
      cleanups.push(fn);
    },
  };
}
