/**
 * Batched writes and transactions from the browser build of the full SDK: batches go over the
 * WebChannel Write stream, transactions over REST (`:beginTransaction`/`:batchGet`/`:commit`).
 */
import { expect, it } from 'vitest';
import { browserSuite } from './browser-suite.js';

const suite = browserSuite();

it('a write batch applies every set, update and delete together', async () => {
  const { db, admin } = await suite.setup();
  await admin.doc('items/old').set({ v: 1 });
  await admin.doc('items/upd').set({ v: 1, keep: true });
  await db.batch([
    { set: 'items/new', data: { v: 2 } },
    { set: 'items/upd', data: { v: 3 }, merge: true },
    { update: 'items/new', data: { w: 4 } },
    { delete: 'items/old' },
  ]);
  const snap = await admin.collection('items').orderBy('__name__').get();
  expect(snap.docs.map((d) => [d.id, d.data()])).toEqual([
    ['new', { v: 2, w: 4 }],
    ['upd', { v: 3, keep: true }],
  ]);
});

it('a batch with one failing update applies nothing', async () => {
  const { db, admin } = await suite.setup();
  await expect(
    db.batch([
      { set: 'items/a', data: { v: 1 } },
      { update: 'items/missing', data: { v: 2 } },
    ]),
  ).rejects.toThrow(/not-found|NOT_FOUND|No document to update/);
  expect((await admin.doc('items/a').get()).exists).toBe(false);
});

it('a transaction reads and writes one document', async () => {
  const { db, admin } = await suite.setup();
  await admin.doc('counters/c').set({ n: 41 });
  expect(await db.increment('counters/c', 'n', 0)).toEqual({ value: 42, attempts: 1 });
  expect((await admin.doc('counters/c').get()).data()).toEqual({ n: 42 });
});

it('two tabs racing transactions on one document both succeed in turn, and no increment is lost', async () => {
  const { db, projectId, admin, openTab } = await suite.setup();
  const other = await (await openTab()).firestore(projectId);
  await admin.doc('counters/race').set({ n: 0 });
  const ROUNDS = 5;
  const run = async (tabDb: typeof db) => {
    const out: { value: number; attempts: number }[] = [];
    // Each transaction holds its read for a while, so the two tabs' transactions overlap.
    for (let i = 0; i < ROUNDS; i++) out.push(await tabDb.increment('counters/race', 'n', 50));
    return out;
  };
  const [mine, theirs] = await Promise.all([run(db), run(other)]);
  const values = [...mine, ...theirs].map((r) => r.value).sort((a, b) => a - b);
  // Every committed transaction saw the previous one's write: the values are exactly 1..10.
  expect(values).toEqual(Array.from({ length: 2 * ROUNDS }, (_, i) => i + 1));
  expect((await admin.doc('counters/race').get()).data()).toEqual({ n: 2 * ROUNDS });
  // They did race: some attempt lost to the other tab's commit and ran again.
  expect([...mine, ...theirs].some((r) => r.attempts > 1)).toBe(true);
});

it('a transaction retries when firebase-admin changes what it read, and commits on the new value', async () => {
  const { db, admin, tab } = await suite.setup();
  await admin.doc('counters/c').set({ n: 0 });
  // The page holds its read for a second; the admin write lands once the read has been answered.
  const read = tab.page.waitForResponse((r) => r.url().includes(':batchGet'));
  const pending = db.increment('counters/c', 'n', 1000);
  await read;
  await admin.doc('counters/c').set({ n: 100 });
  const result = await pending;
  expect(result).toEqual({ value: 101, attempts: 2 });
  expect((await admin.doc('counters/c').get()).data()).toEqual({ n: 101 });
});
