/**
 * BulkWriter (BatchWrite RPC): writes succeed or fail one by one, with a status per write; a
 * failing write is reported on its own promise while every other write lands.
 */
import { expect, it } from 'vitest';
import { FieldValue, type BulkWriter, type WriteResult } from 'firebase-admin/firestore';
import type { BulkWriterError } from '@google-cloud/firestore';
import { describeAdmin } from './admin-suite.js';
import { MESSAGES, freshId } from './sdk-driver.js';

/** Settles a write's promise into either its result or its BulkWriterError. */
const settle = (p: Promise<WriteResult>) =>
  p.then(
    (r) => ({ ok: true as const, r }),
    (e: unknown) => {
      // BulkWriterError is exported as a type only, so recognise it by its fields.
      if (!(e instanceof Error && 'operationType' in e && 'failedAttempts' in e)) throw e;
      return { ok: false as const, e: e as BulkWriterError };
    },
  );

describeAdmin('BulkWriter', (suite) => {
  it('lands hundreds of writes, each promise resolving with its write time', async () => {
    const { db } = suite();
    const c = freshId('bulk');
    const bw = db.bulkWriter();
    const results = Array.from({ length: 250 }, (_, i) =>
      bw.set(db.doc(`${c}/d${String(i).padStart(3, '0')}`), { i }),
    );
    await bw.close();
    const written = await Promise.all(results);
    expect(written).toHaveLength(250);
    const snap = await db.collection(c).orderBy('i').get();
    expect(snap.docs.map((d) => d.get('i'))).toEqual(Array.from({ length: 250 }, (_, i) => i));
    // Each document's update time is the write time its promise reported.
    expect(snap.docs.map((d) => d.updateTime.valueOf())).toEqual(written.map((w) => w.writeTime.valueOf()));
  });

  it('reports a failing write on its own promise while the others succeed', async () => {
    const { db } = suite();
    const c = freshId('bulk');
    await db.doc(`${c}/taken`).set({ v: 'original' });
    await db.doc(`${c}/victim`).set({ v: 'delete me' });
    const bw: BulkWriter = db.bulkWriter();
    const errors: { code: number; path: string; attempts: number }[] = [];
    bw.onWriteError((e) => {
      errors.push({ code: e.code, path: e.documentRef.path, attempts: e.failedAttempts });
      return false;
    });
    const writes = [
      ...Array.from({ length: 30 }, (_, i) => settle(bw.set(db.doc(`${c}/s${i}`), { i }))),
      settle(bw.update(db.doc(`${c}/missing`), { v: 1 })),
      settle(bw.create(db.doc(`${c}/taken`), { v: 'second' })),
      settle(bw.delete(db.doc(`${c}/victim`))),
      settle(bw.create(db.doc(`${c}/brand-new`), { v: 'created' })),
      settle(bw.update(db.doc(`${c}/taken`), { n: FieldValue.increment(2) })),
    ];
    await bw.close();
    const outcomes = await Promise.all(writes);
    expect(outcomes.slice(0, 30).every((o) => o.ok)).toBe(true);
    const [missing, taken, victim, brandNew, inc] = outcomes.slice(30);
    expect(missing).toMatchObject({
      ok: false,
      e: { code: 5, operationType: 'update', message: expect.stringContaining(MESSAGES.noDocumentToUpdate) },
    });
    expect(taken).toMatchObject({
      ok: false,
      e: { code: 6, operationType: 'create', message: expect.stringContaining(MESSAGES.alreadyExists) },
    });
    expect([victim!.ok, brandNew!.ok, inc!.ok]).toEqual([true, true, true]);
    expect(errors.sort((a, b) => a.code - b.code)).toEqual([
      { code: 5, path: `${c}/missing`, attempts: 1 },
      { code: 6, path: `${c}/taken`, attempts: 1 },
    ]);
    expect((await db.doc(`${c}/taken`).get()).data()).toEqual({ v: 'original', n: 2 });
    expect((await db.doc(`${c}/victim`).get()).exists).toBe(false);
    expect((await db.doc(`${c}/missing`).get()).exists).toBe(false);
    expect((await db.doc(`${c}/brand-new`).get()).data()).toEqual({ v: 'created' });
    // 30 sets + taken + brand-new; victim deleted, missing never created.
    expect((await db.collection(c).count().get()).data().count).toBe(32);
  });

  it('retries only the failed write, as often as the error handler asks', async () => {
    const { db } = suite();
    const c = freshId('bulk');
    const bw = db.bulkWriter();
    const attempts: number[] = [];
    bw.onWriteError((e) => {
      attempts.push(e.failedAttempts);
      return e.failedAttempts < 2;
    });
    const bad = settle(bw.update(db.doc(`${c}/missing`), { v: 1 }));
    const good = settle(bw.set(db.doc(`${c}/fine`), { v: 1 }));
    await bw.close();
    expect(await bad).toMatchObject({ ok: false, e: { code: 5, failedAttempts: 2 } });
    expect((await good).ok).toBe(true);
    expect(attempts).toEqual([1, 2]);
    expect((await db.doc(`${c}/missing`).get()).exists).toBe(false);
  });

  it('a write with a failing precondition reports FAILED_PRECONDITION', async () => {
    const { db } = suite();
    const ref = db.doc(`${freshId('bulk')}/doc`);
    const first = await ref.set({ v: 1 });
    await ref.set({ v: 2 });
    const bw = db.bulkWriter();
    bw.onWriteError(() => false);
    const p = settle(bw.update(ref, { v: 3 }, { lastUpdateTime: first.writeTime }));
    const ok = settle(bw.set(db.doc(`${ref.parent.path}/other`), { v: 1 }));
    await bw.close();
    expect(await p).toMatchObject({ ok: false, e: { code: 9 } });
    expect((await ok).ok).toBe(true);
    expect((await ref.get()).get('v')).toBe(2);
  });
});
