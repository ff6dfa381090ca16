/**
 * The lite SDK (`firebase/firestore/lite`) in the browser: REST only, every call a cross-origin
 * fetch with a CORS preflight. No WebChannel request may appear.
 */
import { expect, it } from 'vitest';
import { browserSuite } from './browser-suite.js';
import type { PageTab } from './page-tab.js';

const suite = browserSuite();

const channelRequests = (tab: PageTab) => tab.requests.filter((r) => r.includes('/channel?'));

it('CRUD through REST: set, get, update, add, delete', async () => {
  const { db, admin, tab } = await suite.setup('lite');
  await db.set('stores/s1', { name: 'Depot', tags: ['a'], at: { $timestamp: { seconds: 1_700_000_000, nanoseconds: 5_000 } } });
  expect(await db.get('stores/s1')).toEqual({
    name: 'Depot',
    tags: ['a'],
    at: { $timestamp: { seconds: 1_700_000_000, nanoseconds: 5_000 } },
  });
  await db.update('stores/s1', { name: 'Shop', 'address.city': 'Oslo' });
  expect((await admin.doc('stores/s1').get()).data()).toMatchObject({ name: 'Shop', address: { city: 'Oslo' } });
  const path = await db.add('orders', { total: 3 });
  expect((await admin.doc(path).get()).data()).toEqual({ total: 3 });
  await db.remove('stores/s1');
  expect(await db.get('stores/s1')).toBeNull();
  expect(channelRequests(tab)).toEqual([]);
  // Cross-origin REST calls (Chromium preflights them; Playwright does not report preflights) whose
  // answers the page could read: the browser accepted the emulator's CORS headers.
  expect(tab.requests.some((r) => r.startsWith('POST ') && r.includes(':commit'))).toBe(true);
});

it('errors arrive with their code: update on a missing document is not-found', async () => {
  const { db } = await suite.setup('lite');
  await expect(db.update('stores/missing', { a: 1 })).rejects.toThrow(/not-found|No document to update/);
});

it('queries and aggregations through REST', async () => {
  const { db, admin } = await suite.setup('lite');
  const batch = admin.batch();
  for (const [id, price] of [['a', 3], ['b', 1], ['c', 2], ['d', 5]] as const)
    batch.set(admin.doc(`products/${id}`), { price, tea: price < 4 });
  await batch.commit();
  const docs = await db.query({
    collection: 'products',
    where: [['tea', '==', true]],
    orderBy: [['price', 'desc']],
    limit: 2,
  });
  expect(docs.map((d) => d.id)).toEqual(['a', 'c']);
  expect(await db.aggregate({ collection: 'products' }, 'price')).toEqual({ count: 4, sum: 11, avg: 2.75 });
});

it('a batch and a transaction through REST', async () => {
  const { db, admin } = await suite.setup('lite');
  await db.batch([
    { set: 'counters/c', data: { n: 1 } },
    { set: 'counters/d', data: { n: 10 } },
  ]);
  expect(await db.increment('counters/c', 'n', 0)).toEqual({ value: 2, attempts: 1 });
  expect((await admin.doc('counters/c').get()).data()).toEqual({ n: 2 });
  expect((await admin.doc('counters/d').get()).data()).toEqual({ n: 10 });
});

it('the lite SDK and the full SDK in two tabs see each other’s writes', async () => {
  const { db, projectId, openTab } = await suite.setup('lite');
  const full = await (await openTab()).firestore(projectId, 'streaming');
  await full.set('shared/x', { from: 'full' });
  expect(await db.get('shared/x')).toEqual({ from: 'full' });
  await db.set('shared/y', { from: 'lite' });
  expect(await full.get('shared/y')).toEqual({ from: 'lite' });
});
