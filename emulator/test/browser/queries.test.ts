/**
 * Queries and aggregations from the browser build of the full SDK: queries run as Listen targets
 * over WebChannel, aggregations as REST `:runAggregationQuery`.
 */
import { beforeEach, expect, it } from 'vitest';
import { browserSuite, type BrowserTest } from './browser-suite.js';

const suite = browserSuite();
let t: BrowserTest;

beforeEach(async () => {
  t = await suite.setup();
  const batch = t.admin.batch();
  const products = [
    { id: 'p1', category: 'tea', price: 4, stock: 10 },
    { id: 'p2', category: 'tea', price: 7, stock: 0 },
    { id: 'p3', category: 'coffee', price: 9, stock: 5 },
    { id: 'p4', category: 'tea', price: 2, stock: 3 },
    { id: 'p5', category: 'coffee', price: 12, stock: 8 },
  ];
  for (const { id, ...data } of products) batch.set(t.admin.doc(`stores/s1/products/${id}`), data);
  batch.set(t.admin.doc('stores/s2/products/p6'), { category: 'tea', price: 1, stock: 1 });
  await batch.commit();
});

const ids = (docs: readonly { id: string }[]) => docs.map((d) => d.id);

it('where + orderBy + limit returns the right documents in order', async () => {
  const docs = await t.db.query({
    collection: 'stores/s1/products',
    where: [['category', '==', 'tea']],
    orderBy: [['price', 'desc']],
    limit: 2,
  });
  expect(ids(docs)).toEqual(['p2', 'p1']);
  expect(docs[0]).toEqual({ id: 'p2', path: 'stores/s1/products/p2', data: { category: 'tea', price: 7, stock: 0 } });
});

it('range and in filters, cursors and limitToLast', async () => {
  const col = 'stores/s1/products';
  expect(ids(await t.db.query({ collection: col, where: [['price', '>', 4]], orderBy: [['price', 'asc']] }))).toEqual([
    'p2',
    'p3',
    'p5',
  ]);
  expect(ids(await t.db.query({ collection: col, where: [['stock', 'in', [0, 3]]], orderBy: [['stock', 'asc']] }))).toEqual([
    'p2',
    'p4',
  ]);
  expect(
    ids(await t.db.query({ collection: col, orderBy: [['price', 'asc']], startAt: [4], endBefore: [12] })),
  ).toEqual(['p1', 'p2', 'p3']);
  expect(ids(await t.db.query({ collection: col, orderBy: [['price', 'asc']], limitToLast: 2 }))).toEqual(['p3', 'p5']);
});

it('a collection-group query spans every parent', async () => {
  const docs = await t.db.query({
    collectionGroup: 'products',
    where: [['category', '==', 'tea']],
    orderBy: [['price', 'asc']],
  });
  expect(docs.map((d) => d.path)).toEqual([
    'stores/s2/products/p6',
    'stores/s1/products/p4',
    'stores/s1/products/p1',
    'stores/s1/products/p2',
  ]);
});

it('count, sum and average in one aggregation, filtered and not', async () => {
  expect(await t.db.aggregate({ collection: 'stores/s1/products' }, 'price')).toEqual({ count: 5, sum: 34, avg: 6.8 });
  expect(
    await t.db.aggregate({ collection: 'stores/s1/products', where: [['category', '==', 'coffee']] }, 'stock'),
  ).toEqual({ count: 2, sum: 13, avg: 6.5 });
  expect(await t.db.aggregate({ collection: 'stores/none/products' }, 'price')).toEqual({ count: 0, sum: 0, avg: null });
});
