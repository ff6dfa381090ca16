/**
 * The web SDK's lite build (`firebase/firestore/lite`), which speaks only REST: every call here is
 * a proto3 JSON request to the emulator's /v1 routes and a JSON answer the SDK decodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as L from 'firebase/firestore/lite';
import { startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { liteFirestore } from './rest-clients.js';

let target: EmulatorTarget;
let db: L.Firestore;
let close: () => Promise<void>;

beforeAll(async () => {
  // Expected failures (NOT_FOUND, transaction retries) would each print a warning.
  L.setLogLevel('silent');
  target = await startTarget();
  ({ db, close } = await liteFirestore(target, uniqueProjectId('lite')));
});
afterAll(async () => {
  await close();
  await target.stop();
});

let n = 0;
const col = (label: string) => `${label}-${++n}`;

describe('documents', () => {
  it('set, get, update and delete', async () => {
    const ref = L.doc(db, col('crud'), 'd');
    await L.setDoc(ref, { name: 'Depot', count: 3, m: { x: 1 } });
    expect((await L.getDoc(ref)).data()).toEqual({ name: 'Depot', count: 3, m: { x: 1 } });
    await L.updateDoc(ref, { count: L.increment(2), 'm.y': 'new' });
    expect((await L.getDoc(ref)).data()).toEqual({ name: 'Depot', count: 5, m: { x: 1, y: 'new' } });
    await L.setDoc(ref, { extra: true }, { merge: true });
    expect((await L.getDoc(ref)).get('extra')).toBe(true);
    await L.deleteDoc(ref);
    expect((await L.getDoc(ref)).exists()).toBe(false);
  });

  it('addDoc creates under an auto id; updateDoc of a missing document is NOT_FOUND', async () => {
    const c = L.collection(db, col('add'));
    const ref = await L.addDoc(c, { made: 'by add' });
    expect(ref.id).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await L.getDoc(ref)).data()).toEqual({ made: 'by add' });
    await expect(L.updateDoc(L.doc(c, 'missing'), { a: 1 })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('every value type round-trips', async () => {
    const ref = L.doc(db, col('values'), 'all');
    const other = L.doc(db, 'some/where/deep/doc');
    const value = {
      nil: null,
      yes: true,
      int: 9007199254740991,
      negInt: -42,
      dbl: 1.5,
      nan: NaN,
      negZero: -0,
      inf: Infinity,
      negInf: -Infinity,
      ts: new L.Timestamp(1_700_000_000, 123_456_000),
      early: new L.Timestamp(-62_135_596_800, 0),
      str: 'héllo 🌍 \u0000 "quoted"',
      bytes: L.Bytes.fromUint8Array(new Uint8Array([0, 1, 254, 255])),
      geo: new L.GeoPoint(-33.5, 151.25),
      ref: other,
      arr: [1, 'two', { four: [4] }, null],
      map: { nested: { deeper: { deepest: [true] } }, 'a.b': 'dotted', 'spa ce': 1 },
      vec: L.vector([0.5, -1, 3]),
      emptyMap: {},
      emptyArr: [],
    };
    await L.setDoc(ref, value);
    const back = (await L.getDoc(ref)).data()!;
    expect(back).toEqual({ ...value, ref: expect.anything(), bytes: expect.anything(), vec: expect.anything() });
    expect(Object.is(back['negZero'], -0)).toBe(true);
    expect(Number.isNaN(back['nan'])).toBe(true);
    expect((back['ref'] as L.DocumentReference).path).toBe('some/where/deep/doc');
    expect((back['bytes'] as L.Bytes).toUint8Array()).toEqual(new Uint8Array([0, 1, 254, 255]));
    expect((back['vec'] as L.VectorValue).toArray()).toEqual([0.5, -1, 3]);
    expect((back['ts'] as L.Timestamp).nanoseconds).toBe(123_456_000);
  });

  it('a document without fields reads back as existing and empty', async () => {
    const ref = L.doc(db, col('empty'), 'd');
    await L.setDoc(ref, {});
    const snap = await L.getDoc(ref);
    expect(snap.exists()).toBe(true);
    expect(snap.data()).toEqual({});
  });

  it('serverTimestamp resolves to the commit time', async () => {
    const ref = L.doc(db, col('sts'), 'd');
    const before = Date.now();
    await L.setDoc(ref, { at: L.serverTimestamp() });
    const at = (await L.getDoc(ref)).get('at') as L.Timestamp;
    expect(at.toMillis()).toBeGreaterThanOrEqual(before - 1000);
    expect(at.toMillis()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe('queries', () => {
  const seed = async (c: string) => {
    for (let i = 0; i < 6; i++) await L.setDoc(L.doc(db, c, `d${i}`), { i, even: i % 2 === 0, tag: i < 3 ? 'low' : 'high' });
  };
  const ids = (s: L.QuerySnapshot) => s.docs.map((d) => d.id);

  it('filters, order, limit, limitToLast and cursors', async () => {
    const c = col('q');
    await seed(c);
    const ref = L.collection(db, c);
    expect(ids(await L.getDocs(L.query(ref, L.where('even', '==', true))))).toEqual(['d0', 'd2', 'd4']);
    expect(ids(await L.getDocs(L.query(ref, L.orderBy('i', 'desc'), L.limit(2))))).toEqual(['d5', 'd4']);
    expect(ids(await L.getDocs(L.query(ref, L.orderBy('i'), L.limitToLast(2))))).toEqual(['d4', 'd5']);
    expect(ids(await L.getDocs(L.query(ref, L.orderBy('i'), L.startAfter(1), L.endAt(3))))).toEqual(['d2', 'd3']);
    const d2 = await L.getDoc(L.doc(ref, 'd2'));
    expect(ids(await L.getDocs(L.query(ref, L.orderBy('i'), L.startAt(d2), L.limit(2))))).toEqual(['d2', 'd3']);
    expect(
      ids(await L.getDocs(L.query(ref, L.or(L.where('i', '==', 0), L.and(L.where('tag', '==', 'high'), L.where('even', '==', false)))))),
    ).toEqual(['d0', 'd3', 'd5']);
    expect(ids(await L.getDocs(L.query(ref, L.where('i', 'in', [1, 4]), L.where('i', '!=', 4))))).toEqual(['d1']);
  });

  it('collection group queries and subcollection parents', async () => {
    const group = col('grp');
    await L.setDoc(L.doc(db, `a/x/${group}/1`), { v: 1 });
    await L.setDoc(L.doc(db, `b/y/${group}/2`), { v: 2 });
    await L.setDoc(L.doc(db, `a/x/${group}/3`), { v: 3 });
    const all = await L.getDocs(L.query(L.collectionGroup(db, group), L.orderBy('v')));
    expect(all.docs.map((d) => d.ref.path)).toEqual([`a/x/${group}/1`, `b/y/${group}/2`, `a/x/${group}/3`]);
    const sub = await L.getDocs(L.query(L.collection(db, `a/x/${group}`), L.where('v', '>', 1)));
    expect(sub.docs.map((d) => d.id)).toEqual(['3']);
  });

  it('aggregations: count, sum, average, with a filter', async () => {
    const c = col('agg');
    await seed(c);
    const ref = L.collection(db, c);
    expect((await L.getCount(ref)).data().count).toBe(6);
    const agg = await L.getAggregate(L.query(ref, L.where('tag', '==', 'high')), {
      n: L.count(),
      total: L.sum('i'),
      mean: L.average('i'),
    });
    expect(agg.data()).toEqual({ n: 3, total: 12, mean: 4 });
  });
});

describe('batches and transactions', () => {
  it('a batch applies every write or none', async () => {
    const c = col('batch');
    const batch = L.writeBatch(db);
    batch.set(L.doc(db, c, 'a'), { v: 1 });
    batch.set(L.doc(db, c, 'b'), { v: 2 });
    await batch.commit();
    expect((await L.getDocs(L.collection(db, c))).size).toBe(2);
    const failing = L.writeBatch(db);
    failing.set(L.doc(db, c, 'c'), { v: 3 });
    failing.update(L.doc(db, c, 'missing'), { v: 4 });
    await expect(failing.commit()).rejects.toMatchObject({ code: 'not-found' });
    expect((await L.getDoc(L.doc(db, c, 'c'))).exists()).toBe(false);
  });

  it('runTransaction reads and writes atomically; concurrent increments all land', async () => {
    const ref = L.doc(db, col('tx'), 'counter');
    await L.setDoc(ref, { n: 0 });
    await Promise.all(
      Array.from({ length: 3 }, () =>
        L.runTransaction(db, async (tx) => {
          const snap = await tx.get(ref);
          tx.update(ref, { n: (snap.get('n') as number) + 1 });
        }),
      ),
    );
    expect((await L.getDoc(ref)).get('n')).toBe(3);
  });

  it('a transaction that only reads a missing document, then creates it', async () => {
    const ref = L.doc(db, col('tx'), 'fresh');
    const result = await L.runTransaction(db, async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists()) tx.set(ref, { created: true });
      return snap.exists();
    });
    expect(result).toBe(false);
    expect((await L.getDoc(ref)).data()).toEqual({ created: true });
  });
});
