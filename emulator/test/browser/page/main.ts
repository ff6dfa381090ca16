/**
 * The test page: the browser build of firebase@12 (full and lite SDKs), exposing PageApi on
 * `globalThis` for the Node side to call through Playwright. It keeps no state besides the
 * instances and listeners the tests open, so one page can serve several Firestore instances.
 */
import { initializeApp, deleteApp, SDK_VERSION, type FirebaseApp } from 'firebase/app';
import type { Firestore, Query, QueryConstraint } from 'firebase/firestore';
import type { DocEvent, QueryEvent, QuerySpec } from '../../conformance/listen-clients.js';
import { FULL_SDK, LITE_SDK, onSnapshot, type SdkSurface } from './sdk-surface.js';
import { LISTEN_BINDING, PAGE_API_GLOBAL, type ListenReport, type PageApi, type WireValue } from './page-api.js';
import { fromSdkData, toSdk, toSdkData } from './wire-values.js';
import { RULES_PAGE_API_GLOBAL, type RulesPageApi } from './rules-page-api.js';

interface Instance {
  readonly app: FirebaseApp;
  readonly sdk: SdkSurface;
  readonly db: Firestore;
}

const instances = new Map<string, Instance>();
const listeners = new Map<string, () => void>();
let opened = 0;

function instance(handle: string): Instance {
  const i = instances.get(handle);
  if (!i) throw new Error(`no Firestore instance ${handle} in this page`);
  return i;
}

function buildQuery({ sdk, db }: Instance, spec: QuerySpec): Query {
  const wire = (v: unknown) => toSdk(sdk, db, v as WireValue);
  const base =
    spec.collectionGroup !== undefined ? sdk.collectionGroup(db, spec.collectionGroup) : sdk.collection(db, spec.collection!);
  const cs: QueryConstraint[] = [];
  for (const [f, op, v] of spec.where ?? []) cs.push(sdk.where(f, op, wire(v)));
  for (const [f, dir] of spec.orderBy ?? []) cs.push(sdk.orderBy(f, dir));
  if (spec.limit !== undefined) cs.push(sdk.limit(spec.limit));
  if (spec.limitToLast !== undefined) cs.push(sdk.limitToLast(spec.limitToLast));
  if (spec.startAt) cs.push(sdk.startAt(...spec.startAt.map(wire)));
  if (spec.endBefore) cs.push(sdk.endBefore(...spec.endBefore.map(wire)));
  return sdk.query(base, ...cs);
}

// Playwright's exposeBinding puts the Node-side reporter on globalThis before any page script runs.
const report = (r: ListenReport): void =>
  void (globalThis as unknown as Record<string, (r: ListenReport) => Promise<void>>)[LISTEN_BINDING]!(r);

const reportError = (listenerId: string) => (e: { code: string; message: string }) =>
  report({ listenerId, error: { code: e.code, message: e.message } });

const api: PageApi = {
  version: () => SDK_VERSION,

  open({ projectId, host, port, mode }) {
    const handle = `db${++opened}`;
    const app = initializeApp({ projectId, apiKey: 'fake-api-key' }, handle);
    const sdk = mode === 'lite' ? LITE_SDK : FULL_SDK;
    const db = sdk.initializeFirestore(app, mode === 'long-polling' ? { experimentalForceLongPolling: true } : {});
    sdk.connectFirestoreEmulator(db, host, port);
    instances.set(handle, { app, sdk, db });
    return handle;
  },

  async close(handle) {
    const { app, sdk, db } = instance(handle);
    instances.delete(handle);
    await sdk.terminate(db);
    await deleteApp(app);
  },

  async set(handle, path, data) {
    const { sdk, db } = instance(handle);
    await sdk.setDoc(sdk.doc(db, path), toSdkData(sdk, db, data));
  },

  async update(handle, path, data) {
    const { sdk, db } = instance(handle);
    await sdk.updateDoc(sdk.doc(db, path), toSdkData(sdk, db, data));
  },

  async remove(handle, path) {
    const { sdk, db } = instance(handle);
    await sdk.deleteDoc(sdk.doc(db, path));
  },

  async add(handle, collection, data) {
    const { sdk, db } = instance(handle);
    return (await sdk.addDoc(sdk.collection(db, collection), toSdkData(sdk, db, data))).path;
  },

  async get(handle, path) {
    const { sdk, db } = instance(handle);
    const snap = await sdk.getDoc(sdk.doc(db, path));
    return snap.exists() ? fromSdkData(sdk, snap.data()) : null;
  },

  async query(handle, spec) {
    const i = instance(handle);
    const snap = await i.sdk.getDocs(buildQuery(i, spec));
    return snap.docs.map((d) => ({ id: d.id, path: d.ref.path, data: fromSdkData(i.sdk, d.data()) }));
  },

  async aggregate(handle, spec, field) {
    const i = instance(handle);
    const { sdk } = i;
    const snap = await sdk.getAggregateFromServer(buildQuery(i, spec), {
      count: sdk.count(),
      sum: sdk.sum(field),
      avg: sdk.average(field),
    });
    return snap.data();
  },

  async batch(handle, ops) {
    const { sdk, db } = instance(handle);
    const b = sdk.writeBatch(db);
    for (const op of ops)
      if ('set' in op) b.set(sdk.doc(db, op.set), toSdkData(sdk, db, op.data), { merge: op.merge ?? false });
      else if ('update' in op) b.update(sdk.doc(db, op.update), toSdkData(sdk, db, op.data));
      else b.delete(sdk.doc(db, op.delete));
    await b.commit();
  },

  async increment(handle, path, field, holdMs) {
    const { sdk, db } = instance(handle);
    const ref = sdk.doc(db, path);
    let attempts = 0;
    const value = await sdk.runTransaction(db, async (tx) => {
      attempts++;
      const current: unknown = (await tx.get(ref)).get(field);
      const next = (typeof current === 'number' ? current : 0) + 1;
      await new Promise((r) => setTimeout(r, holdMs));
      tx.set(ref, { [field]: next }, { merge: true });
      return next;
    });
    return { value, attempts };
  },

  listenDoc(handle, path, listenerId) {
    const { sdk, db } = instance(handle);
    if (sdk !== FULL_SDK) throw new Error('the lite SDK has no listeners');
    const stop = onSnapshot(
      sdk.doc(db, path),
      (s) => {
        const event: DocEvent = {
          exists: s.exists(),
          data: s.exists() ? fromSdkData(sdk, s.data()) : undefined,
          fromCache: s.metadata.fromCache,
          hasPendingWrites: s.metadata.hasPendingWrites,
        };
        report({ listenerId, event });
      },
      reportError(listenerId),
    );
    listeners.set(listenerId, stop);
  },

  listenQuery(handle, spec, listenerId) {
    const i = instance(handle);
    if (i.sdk !== FULL_SDK) throw new Error('the lite SDK has no listeners');
    const stop = onSnapshot(
      buildQuery(i, spec),
      (s) => {
        const event: QueryEvent = {
          docs: s.docs.map((d) => ({ id: d.id, path: d.ref.path, data: fromSdkData(i.sdk, d.data()) })),
          changes: s.docChanges().map((c) => ({ type: c.type, id: c.doc.id, oldIndex: c.oldIndex, newIndex: c.newIndex })),
          fromCache: s.metadata.fromCache,
          hasPendingWrites: s.metadata.hasPendingWrites,
        };
        report({ listenerId, event });
      },
      reportError(listenerId),
    );
    listeners.set(listenerId, stop);
  },

  unlisten(listenerId) {
    listeners.get(listenerId)?.();
    listeners.delete(listenerId);
  },
};

(globalThis as unknown as Record<string, PageApi>)[PAGE_API_GLOBAL] = api;

// The browser build of @firebase/rules-unit-testing (rules-page.ts) loads only when a test asks for
// it, in a chunk of its own, so the other tests' bundle stays as it was.
const rulesApi: RulesPageApi = {
  runScenario: async (options) => (await import('./rules-page.js')).runScenario(options),
};
(globalThis as unknown as Record<string, RulesPageApi>)[RULES_PAGE_API_GLOBAL] = rulesApi;
