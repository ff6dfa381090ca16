/**
 * createTime / updateTime / readTime semantics, seen through firebase-admin (the web SDK does not
 * expose document times): no-op writes keep the update time, updates keep the create time, and
 * queries report the same times as single reads.
 */
import { expect, it } from 'vitest';
import { FieldValue, type Timestamp } from 'firebase-admin/firestore';
import { describeAdmin } from './admin-suite.js';
import { freshId } from './sdk-driver.js';

/** Timestamps compared as exact strings (seconds.nanos), so a 1 ns drift shows. */
const t = (ts: Timestamp | undefined): string => (ts ? ts.valueOf() : 'undefined');

describeAdmin('document metadata', (suite) => {
  it('a new document has createTime = updateTime = the write time', async () => {
    const { db } = suite();
    const ref = db.doc(`${freshId('meta')}/doc`);
    const w = await ref.set({ a: 1 });
    const snap = await ref.get();
    expect([t(snap.createTime), t(snap.updateTime)]).toEqual([t(w.writeTime), t(w.writeTime)]);
    expect(snap.readTime.valueOf() >= w.writeTime.valueOf()).toBe(true);
  });

  it('setting the same data again is a no-op: the write reports and keeps the old update time', async () => {
    const { db } = suite();
    const ref = db.doc(`${freshId('meta')}/doc`);
    const w1 = await ref.set({ a: 1, m: { x: [1, 2] } });
    const w2 = await ref.set({ a: 1, m: { x: [1, 2] } });
    expect(t(w2.writeTime)).toBe(t(w1.writeTime));
    const snap = await ref.get();
    expect([t(snap.createTime), t(snap.updateTime)]).toEqual([t(w1.writeTime), t(w1.writeTime)]);
  });

  it('an update that changes nothing keeps the update time', async () => {
    const { db } = suite();
    const ref = db.doc(`${freshId('meta')}/doc`);
    const w1 = await ref.set({ a: 1, b: 'x' });
    const w2 = await ref.update({ a: 1 });
    expect(t(w2.writeTime)).toBe(t(w1.writeTime));
    expect(t((await ref.get()).updateTime)).toBe(t(w1.writeTime));
  });

  it('transforms and merges that change nothing keep the update time', async () => {
    const { db } = suite();
    const ref = db.doc(`${freshId('meta')}/doc`);
    const w1 = await ref.set({ a: [1], n: 5, m: { x: 1 } });
    const noops = [
      () => ref.update({ a: FieldValue.arrayUnion(1) }),
      () => ref.update({ a: FieldValue.arrayRemove(7) }),
      () => ref.update({ n: FieldValue.increment(0) }),
      () => ref.set({ m: { x: 1 } }, { merge: true }),
      () => ref.update({ absent: FieldValue.delete() }),
    ];
    for (const write of noops) expect(t((await write()).writeTime)).toBe(t(w1.writeTime));
    expect(t((await ref.get()).updateTime)).toBe(t(w1.writeTime));
    const w2 = await ref.update({ a: FieldValue.arrayUnion(2) });
    expect(w2.writeTime.valueOf() > w1.writeTime.valueOf()).toBe(true);
  });

  it('a real update moves updateTime forward and keeps createTime', async () => {
    const { db } = suite();
    const ref = db.doc(`${freshId('meta')}/doc`);
    const w1 = await ref.set({ a: 1 });
    const w2 = await ref.update({ a: 2 });
    expect(w2.writeTime.valueOf() > w1.writeTime.valueOf()).toBe(true);
    const snap = await ref.get();
    expect([t(snap.createTime), t(snap.updateTime)]).toEqual([t(w1.writeTime), t(w2.writeTime)]);
    const w3 = await ref.set({ b: 3 });
    const snap3 = await ref.get();
    expect([t(snap3.createTime), t(snap3.updateTime)]).toEqual([t(w1.writeTime), t(w3.writeTime)]);
  });

  it('delete and re-create gives a new createTime', async () => {
    const { db } = suite();
    const ref = db.doc(`${freshId('meta')}/doc`);
    const w1 = await ref.set({ a: 1 });
    await ref.delete();
    const w2 = await ref.set({ a: 1 });
    expect(w2.writeTime.valueOf() > w1.writeTime.valueOf()).toBe(true);
    const snap = await ref.get();
    expect([t(snap.createTime), t(snap.updateTime)]).toEqual([t(w2.writeTime), t(w2.writeTime)]);
  });

  it('commit times strictly increase across writes', async () => {
    const { db } = suite();
    const c = freshId('meta');
    const times: string[] = [];
    for (let i = 0; i < 20; i++) times.push((await db.doc(`${c}/d${i % 3}`).set({ i })).writeTime.valueOf());
    expect([...times].sort()).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
  });

  it('queries and getAll report the same times as a single read', async () => {
    const { db } = suite();
    const c = freshId('meta');
    await db.doc(`${c}/a`).set({ v: 1 });
    await db.doc(`${c}/a`).update({ v: 2 });
    await db.doc(`${c}/b`).set({ v: 3 });
    const single = await Promise.all(['a', 'b'].map((id) => db.doc(`${c}/${id}`).get()));
    const query = await db.collection(c).get();
    const all = await db.getAll(db.doc(`${c}/a`), db.doc(`${c}/b`));
    const times = (snaps: readonly { createTime?: Timestamp; updateTime?: Timestamp }[]) =>
      snaps.map((s) => [t(s.createTime), t(s.updateTime)]);
    expect(times(query.docs)).toEqual(times(single));
    expect(times(all)).toEqual(times(single));
    expect(t(single[0]!.createTime) < t(single[0]!.updateTime)).toBe(true);
  });

  it('a missing document has no create or update time', async () => {
    const { db } = suite();
    const snap = await db.doc(`${freshId('meta')}/nope`).get();
    expect([snap.exists, snap.createTime, snap.updateTime]).toEqual([false, undefined, undefined]);
    expect(snap.readTime).toBeDefined();
  });

  it('a lastUpdateTime precondition accepts the stored time to the nanosecond', async () => {
    const { db } = suite();
    const ref = db.doc(`${freshId('meta')}/doc`);
    await ref.set({ a: 1 });
    const snap = await ref.get();
    await ref.update({ a: 2 }, { lastUpdateTime: snap.updateTime! });
    expect((await ref.get()).get('a')).toBe(2);
  });
});
