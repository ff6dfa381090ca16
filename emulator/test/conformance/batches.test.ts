/**
 * WriteBatch atomicity and every write form a batch can carry: preconditions, field transforms,
 * set with merge / mergeFields. Admin batches go through Commit, web batches through the Write
 * stream; both must be all-or-nothing.
 */
import { expect, it } from 'vitest';
import { FieldValue, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import {
  EXTERNAL,
  MESSAGES,
  Ts,
  arrayRemove,
  arrayUnion,
  deleteField,
  describeEachSdk,
  increment,
  serverTimestamp,
  type Driver,
  type NeutralMap,
} from './sdk-driver.js';

const adminDb = (d: Driver) => (d as Driver & { db: Firestore }).db;
const tsMillis = (t: unknown): number => {
  if (!(t instanceof Ts)) throw new Error(`not a timestamp: ${String(t)}`);
  return t.seconds * 1000 + t.nanos / 1e6;
};

describeEachSdk('batches and transforms', (suite, sdk) => {
  it('applies set, update and delete together', async () => {
    const { d, col } = suite();
    const c = col('batch');
    await d.set(`${c}/upd`, { a: 1n, b: 1n });
    await d.set(`${c}/del`, { x: true });
    await d.batch([
      { op: 'set', path: `${c}/new`, data: { n: 'new' } },
      { op: 'update', path: `${c}/upd`, data: { b: 2n } },
      { op: 'delete', path: `${c}/del` },
    ]);
    expect(await d.get(`${c}/new`)).toEqual({ n: 'new' });
    expect(await d.get(`${c}/upd`)).toEqual(d.expected({ a: 1n, b: 2n }));
    expect(await d.get(`${c}/del`)).toBeUndefined();
  });

  it('applies several writes to one document in order', async () => {
    const { d, col } = suite();
    const p = `${col('batch')}/doc`;
    await d.batch([
      { op: 'set', path: p, data: { a: 1n, b: 1n } },
      { op: 'update', path: p, data: { b: 2n, c: increment(5) } },
      { op: 'update', path: p, data: { c: increment(1) } },
      { op: 'set', path: p, data: { d: 'merged' }, options: { merge: true } },
    ]);
    expect(await d.get(p)).toEqual(d.expected({ a: 1n, b: 2n, c: 6n, d: 'merged' }));
  });

  it('a batch with a failing update changes nothing', async () => {
    const { d, col } = suite();
    const c = col('batch');
    await d.set(`${c}/existing`, { v: 'before' });
    await d.set(`${c}/doomed`, { v: 'still here' });
    await expect(
      d.batch([
        { op: 'set', path: `${c}/fresh`, data: { v: 'new' } },
        { op: 'update', path: `${c}/existing`, data: { v: 'after' } },
        { op: 'delete', path: `${c}/doomed` },
        { op: 'update', path: `${c}/missing`, data: { v: 1n } },
      ]),
    ).rejects.toMatchObject({
      code: d.code(5),
      message: expect.stringContaining(MESSAGES.noDocumentToUpdate),
    });
    expect(await d.get(`${c}/fresh`)).toBeUndefined();
    expect(await d.get(`${c}/existing`)).toEqual({ v: 'before' });
    expect(await d.get(`${c}/doomed`)).toEqual({ v: 'still here' });
    expect(await d.get(`${c}/missing`)).toBeUndefined();
  });

  it('serverTimestamp() is the commit time: equal within a write, increasing across writes', async () => {
    const { d, col } = suite();
    const p = `${col('ts')}/doc`;
    const before = Date.now();
    await d.set(p, { a: serverTimestamp(), nested: { b: serverTimestamp() }, list: ['x'] });
    const first = (await d.get(p))!;
    expect(first['a']).toBeInstanceOf(Ts);
    expect(first['nested']).toEqual({ b: first['a'] });
    expect(first['list']).toEqual(['x']);
    // Loose bounds against the local clock (same machine), tight ordering between commits.
    expect(tsMillis(first['a'])).toBeGreaterThanOrEqual(before - 1000);
    expect(tsMillis(first['a'])).toBeLessThanOrEqual(Date.now() + 1000);
    await d.update(p, { c: serverTimestamp() });
    const second = (await d.get(p))!;
    expect(second['a']).toEqual(first['a']);
    expect(tsMillis(second['c'])).toBeGreaterThan(tsMillis(first['a']));
  });

  it('increment: integers stay integers, doubles make doubles, a missing or non-numeric field starts from 0', async () => {
    const { d, col } = suite();
    const p = `${col('inc')}/doc`;
    await d.set(p, { i: 1n, f: 1.5, s: 'text', big: 2n ** 53n - 1n });
    await d.update(p, {
      i: increment(2),
      f: increment(1),
      s: increment(3),
      none: increment(4),
      'm.deep': increment(-1),
      toDouble: increment(0.5),
    });
    expect(await d.get(p)).toEqual(
      d.expected({ i: 3n, f: 2.5, s: 3n, none: 4n, m: { deep: -1n }, toDouble: 0.5, big: 2n ** 53n - 1n }),
    );
    await d.update(p, { i: increment(0.5), f: increment(-2.5) });
    // 2.5 - 2.5 is the double 0; firebase-admin reads it back as the number 0.
    expect(await d.get(p)).toMatchObject(d.expected({ i: 3.5, f: 0 }) as NeutralMap);
  });

  it('arrayUnion appends only missing elements; arrayRemove removes every copy', async () => {
    const { d, col } = suite();
    const p = `${col('arr')}/doc`;
    await d.set(p, { a: ['x', 'y', 'x'], b: [1n, 2n, 1n, { k: 1n }, 3n], notArray: 'text' });
    await d.update(p, {
      a: arrayUnion('y', 'z', 'z', 'w'),
      b: arrayRemove(1n, { k: 1n }, 99n),
      fresh: arrayUnion('p', 'q'),
      notArray: arrayUnion('r'),
      removeFromMissing: arrayRemove('s'),
    });
    expect(await d.get(p)).toEqual(
      d.expected({
        a: ['x', 'y', 'x', 'z', 'w'],
        b: [2n, 3n],
        fresh: ['p', 'q'],
        notArray: ['r'],
        removeFromMissing: [],
      }),
    );
  });

  it('arrayUnion matches numbers by value across integer and double', async () => {
    const { d, col } = suite();
    const p = `${col('arr')}/doc`;
    await d.set(p, { a: [1n, 2.5] });
    await d.update(p, { a: arrayUnion(1, 2.5, 3) });
    expect(await d.get(p)).toEqual(d.expected({ a: [1n, 2.5, 3n] }));
  });

  it('deleteField() in update removes top-level and nested fields', async () => {
    const { d, col } = suite();
    const p = `${col('del')}/doc`;
    await d.set(p, { a: 1n, b: 2n, m: { x: 1n, y: 2n } });
    await d.update(p, { a: deleteField(), 'm.x': deleteField(), absent: deleteField() });
    expect(await d.get(p)).toEqual(d.expected({ b: 2n, m: { y: 2n } }));
  });

  it('set with merge deep-merges maps and keeps other fields', async () => {
    const { d, col } = suite();
    const p = `${col('merge')}/doc`;
    await d.set(p, { a: 1n, m: { x: 1n, y: { z: 1n } }, list: [1n, 2n] });
    await d.set(
      p,
      { m: { y: { w: 2n }, v: 3n }, list: [9n], b: 'new', gone: deleteField() },
      { merge: true },
    );
    expect(await d.get(p)).toEqual(
      d.expected({ a: 1n, m: { x: 1n, y: { z: 1n, w: 2n }, v: 3n }, list: [9n], b: 'new' }),
    );
  });

  it('set with merge creates a missing document and can carry transforms', async () => {
    const { d, col } = suite();
    const p = `${col('merge')}/doc`;
    await d.set(p, { n: increment(2), m: { t: serverTimestamp() }, u: arrayUnion('a') }, { merge: true });
    const got = (await d.get(p))!;
    expect(got['n']).toEqual(d.expected(2n));
    expect(got['u']).toEqual(['a']);
    expect((got['m'] as NeutralMap)['t']).toBeInstanceOf(Ts);
  });

  it('set with mergeFields writes only the listed fields', async () => {
    const { d, col } = suite();
    const p = `${col('merge')}/doc`;
    await d.set(p, { a: 1n, b: 1n, c: 1n, m: { x: 1n, y: 1n } });
    await d.set(p, { a: 2n, b: 2n, m: { x: 2n, y: 2n } }, { mergeFields: ['a', 'm.x'] });
    expect(await d.get(p)).toEqual(d.expected({ a: 2n, b: 1n, c: 1n, m: { x: 2n, y: 1n } }));
  });

  it('set with merge of an empty map creates the document and changes nothing else', async () => {
    const { d, col } = suite();
    const c = col('merge');
    await d.set(`${c}/fresh`, {}, { merge: true });
    expect(await d.get(`${c}/fresh`)).toEqual({});
    await d.set(`${c}/kept`, { a: 1n });
    await d.set(`${c}/kept`, {}, { merge: true });
    expect(await d.get(`${c}/kept`)).toEqual(d.expected({ a: 1n }));
  });

  if (sdk === 'admin') {
    it('increment on an integer overflowing int64 saturates', async () => {
      const { d, col } = suite();
      const p = `${col('inc')}/doc`;
      await d.set(p, { v: 2n ** 63n - 2n, w: -(2n ** 63n) + 1n });
      await d.update(p, { v: increment(5), w: increment(-5) });
      expect(await d.get(p)).toEqual({ v: 2n ** 63n - 1n, w: -(2n ** 63n) });
    });

    it('create() on an existing document fails the whole batch with ALREADY_EXISTS', async () => {
      const { d, col } = suite();
      const c = col('batch');
      await d.set(`${c}/taken`, { v: 'original' });
      await expect(
        d.batch([
          { op: 'set', path: `${c}/other`, data: { v: 1n } },
          { op: 'create', path: `${c}/taken`, data: { v: 'second' } },
        ]),
      ).rejects.toMatchObject({ code: 6, details: expect.stringContaining(MESSAGES.alreadyExists) });
      expect(await d.get(`${c}/taken`)).toEqual({ v: 'original' });
      expect(await d.get(`${c}/other`)).toBeUndefined();
    });

    it('a precondition failing on the last write rolls back earlier writes to the same document', async () => {
      const { d, col } = suite();
      const db = adminDb(d);
      const c = col('batch');
      const w = await db.doc(`${c}/doc`).set({ v: 1 });
      await db.doc(`${c}/doc`).set({ v: 2 });
      const b = db.batch();
      b.set(db.doc(`${c}/doc`), { v: 3 });
      // A time precondition on a missing document is FAILED_PRECONDITION, not NOT_FOUND.
      b.update(db.doc(`${c}/other`), { v: 1 }, { lastUpdateTime: w.writeTime });
      await expect(b.commit()).rejects.toMatchObject({ code: 9 });
      const b2 = db.batch();
      b2.set(db.doc(`${c}/x`), { v: 3 });
      b2.delete(db.doc(`${c}/doc`), { lastUpdateTime: w.writeTime });
      await expect(b2.commit()).rejects.toMatchObject({ code: 9 });
      expect(await d.get(`${c}/doc`)).toEqual({ v: 2n });
      expect(await d.get(`${c}/x`)).toBeUndefined();
    });

    it('every write of a batch gets the same write time, which serverTimestamp() stores', async () => {
      const { d, col } = suite();
      const db = adminDb(d);
      const c = col('batch');
      const b = db.batch();
      b.set(db.doc(`${c}/1`), { t: FieldValue.serverTimestamp() });
      b.set(db.doc(`${c}/2`), { v: 1 });
      b.create(db.doc(`${c}/3`), { v: 1 });
      const results = await b.commit();
      expect(results).toHaveLength(3);
      expect(results.map((r) => r.writeTime.valueOf())).toEqual(
        results.map(() => results[0]!.writeTime.valueOf()),
      );
      const snap = await db.doc(`${c}/1`).get();
      expect(snap.updateTime!.valueOf()).toBe(results[0]!.writeTime.valueOf());
      // The official emulator stores a millisecond clock reading taken before the commit instead of
      // the commit time itself; production and this emulator store the commit time.
      if (!EXTERNAL) expect((snap.get('t') as Timestamp).valueOf()).toBe(results[0]!.writeTime.valueOf());
    });
  }
});
