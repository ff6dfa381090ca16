/**
 * firebase-admin with `preferRest: true`: gax's HTTP/1.1 fallback sends percent-encoded URLs,
 * `$alt=json;enum-encoding=int` and enums as numbers (firestore-protocol.md §5.2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as A from 'firebase-admin/firestore';
import { startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { adminRestFirestore, recordingProxy } from './rest-clients.js';

let target: EmulatorTarget;
let db: A.Firestore;
let close: () => Promise<void>;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let FieldValue: typeof A.FieldValue;
let Timestamp: typeof A.Timestamp;
let Filter: typeof A.Filter;
let AggregateField: typeof A.AggregateField;

beforeAll(async () => {
  target = await startTarget();
  ({ FieldValue, Timestamp, Filter, AggregateField } = await import('firebase-admin/firestore'));
  proxy = await recordingProxy(target);
  // firebase-admin takes its emulator from the environment (over any `host` setting).
  process.env['FIRESTORE_EMULATOR_HOST'] = proxy.hostAndPort;
  ({ db, close } = await adminRestFirestore(uniqueProjectId('admin-rest')));
});
afterAll(async () => {
  await close();
  await proxy.close();
  await target.stop();
});

let n = 0;
const col = (label: string) => `${label}-${++n}`;

describe('documents', () => {
  it('set, get, update, delete and create', async () => {
    const ref = db.collection(col('crud')).doc('d');
    await ref.set({ name: 'Depot', count: 3, at: Timestamp.fromDate(new Date(0)) });
    expect((await ref.get()).data()).toEqual({ name: 'Depot', count: 3, at: Timestamp.fromDate(new Date(0)) });
    await ref.update({ count: FieldValue.increment(1), tags: FieldValue.arrayUnion('x') });
    expect((await ref.get()).data()).toMatchObject({ count: 4, tags: ['x'] });
    await expect(ref.create({ again: true })).rejects.toMatchObject({ code: 6 }); // ALREADY_EXISTS
    const stale = Timestamp.fromMillis(1000);
    await expect(ref.delete({ lastUpdateTime: stale })).rejects.toMatchObject({ code: 9 }); // FAILED_PRECONDITION
    await ref.delete();
    expect((await ref.get()).exists).toBe(false);
  });

  it('getAll reports found and missing documents; listDocuments and listCollections', async () => {
    const c = db.collection(col('many'));
    await c.doc('a').set({ v: 1 });
    await c.doc('b').collection('sub').doc('s').set({ v: 2 });
    const [a, missing] = await db.getAll(c.doc('a'), c.doc('zz'));
    expect(a!.data()).toEqual({ v: 1 });
    expect(missing!.exists).toBe(false);
    // listDocuments shows missing parents too (showMissing=true as a query parameter).
    expect((await c.listDocuments()).map((d) => d.id).sort()).toEqual(['a', 'b']);
    expect((await c.doc('b').listCollections()).map((s) => s.id)).toEqual(['sub']);
    expect((await db.listCollections()).map((s) => s.id)).toContain(c.id);
  });

  it('microsecond timestamps keep full precision', async () => {
    const ref = db.collection(col('precise')).doc('d');
    await ref.set({ ts: new Timestamp(1_700_000_000, 123_456_000) });
    const snap = await ref.get();
    expect(snap.get('ts')).toEqual(new Timestamp(1_700_000_000, 123_456_000));
    expect(snap.updateTime!.nanoseconds % 1000).toBe(0);
  });
});

describe('queries', () => {
  it('where/orderBy/limit, OR filters (numeric enums), cursors and collection groups', async () => {
    const c = db.collection(col('q'));
    for (let i = 0; i < 5; i++) await c.doc(`d${i}`).set({ i, even: i % 2 === 0 });
    const ids = (s: A.QuerySnapshot) => s.docs.map((d) => d.id);
    expect(ids(await c.where('i', '>=', 2).orderBy('i', 'desc').limit(2).get())).toEqual(['d4', 'd3']);
    expect(ids(await c.where(Filter.or(Filter.where('i', '==', 0), Filter.where('i', '==', 3))).get())).toEqual(['d0', 'd3']);
    expect(ids(await c.orderBy('i').startAfter(2).get())).toEqual(['d3', 'd4']);
    expect(ids(await c.orderBy('i').limitToLast(1).get())).toEqual(['d4']);
    await db.doc(`x/y/${c.id}-g/1`).set({ g: true });
    expect((await db.collectionGroup(`${c.id}-g`).get()).size).toBe(1);
  });

  it('aggregations', async () => {
    const c = db.collection(col('agg'));
    for (let i = 1; i <= 4; i++) await c.doc(`d${i}`).set({ i });
    const snap = await c.aggregate({ n: AggregateField.count(), s: AggregateField.sum('i'), a: AggregateField.average('i') }).get();
    expect(snap.data()).toEqual({ n: 4, s: 10, a: 2.5 });
  });
});

describe('transactions and bulk writes', () => {
  it('runTransaction; a rolled-back transaction writes nothing', async () => {
    const ref = db.collection(col('tx')).doc('t');
    await ref.set({ n: 1 });
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      tx.update(ref, { n: (snap.get('n') as number) + 1 });
    });
    expect((await ref.get()).get('n')).toBe(2);
    await expect(
      db.runTransaction(async (tx) => {
        await tx.get(ref);
        tx.update(ref, { n: 100 });
        throw new Error('give up');
      }),
    ).rejects.toThrow('give up');
    expect((await ref.get()).get('n')).toBe(2);
  });

  it('a read-only transaction and a batch', async () => {
    const c = db.collection(col('ro'));
    const batch = db.batch();
    batch.set(c.doc('a'), { v: 1 });
    batch.set(c.doc('b'), { v: 2 });
    await batch.commit();
    const total = await db.runTransaction(async (tx) => (await tx.get(c)).docs.reduce((s, d) => s + (d.get('v') as number), 0), {
      readOnly: true,
    });
    expect(total).toBe(3);
  });

  it('BulkWriter (batchWrite) reports per-write failures', async () => {
    const c = db.collection(col('bulk'));
    const writer = db.bulkWriter();
    const failures: number[] = [];
    writer.onWriteError((e) => {
      failures.push(e.code);
      return false;
    });
    for (let i = 0; i < 20; i++) void writer.set(c.doc(`d${i}`), { i });
    void writer.update(c.doc('missing'), { x: 1 }).catch(() => {});
    await writer.close();
    expect((await c.get()).size).toBe(20);
    expect(failures).toEqual([5]); // NOT_FOUND
  });

  it('recursiveDelete removes a tree', async () => {
    const c = db.collection(col('tree'));
    await c.doc('a').set({ v: 1 });
    await c.doc('a').collection('kids').doc('k').set({ v: 2 });
    await db.recursiveDelete(c);
    expect((await c.get()).size).toBe(0);
    expect((await c.doc('a').collection('kids').get()).size).toBe(0);
  });
});

// firebase-admin 14 begins transactions inside batchGet/runQuery (newTransaction), never with beginTransaction.
it('every call went over REST, with percent-encoded database ids', () => {
  const rpcs = new Set(proxy.seen.map((line) => /:(\w+)\?/.exec(line)?.[1] ?? line.split(' ')[0]));
  for (const rpc of ['commit', 'batchGet', 'runQuery', 'runAggregationQuery', 'rollback', 'batchWrite', 'listCollectionIds', 'GET'])
    expect(rpcs, [...rpcs].join()).toContain(rpc);
  expect(proxy.seen.every((line) => line.includes('/databases/%28default%29/'))).toBe(true);
});
