import { assertSucceeds } from '@firebase/rules-unit-testing';
import { describe, expect, it } from 'vitest';
import { CURRENCIES, MAX_ORDER_AMOUNT, paths } from '@storefront/domain';
import { IDS, STOCK, adminStockEdit, serverTimestamp, validProduct } from './support/fixtures.js';
import {
  ROLES,
  expectOutcome,
  matrix,
  useRulesSuite,
  type MatrixTable,
  type Operation,
  type Outcome,
} from './support/rules-env.js';

// Stores, products and stock: public reads, admin-only validated writes (firestore.rules, "catalog").
const suite = useRulesSuite();
const everyone = ROLES;

const storeOps: Operation[] = [
  { name: 'get', run: (db) => db.doc(paths.store(IDS.store)).get() },
  { name: 'list', run: (db) => db.collection(paths.stores).get() },
  {
    name: 'create',
    run: (db) =>
      db.doc(paths.store('s-new')).set({
        name: 'New',
        address: '2 Side St',
        postalCode: '05401',
        location: { latitude: 44, longitude: -73 },
      }),
  },
  { name: 'update', run: (db) => db.doc(paths.store(IDS.store)).update({ name: 'Renamed' }) },
  { name: 'delete', run: (db) => db.doc(paths.store(IDS.store)).delete() },
];

const productOps: Operation[] = [
  { name: 'get', run: (db) => db.doc(paths.product(IDS.product)).get() },
  { name: 'list', run: (db) => db.collection(paths.products).get() },
  {
    name: 'create',
    run: (db) => db.doc(paths.product(IDS.otherProduct)).set(validProduct({ name: 'Teapot' })),
  },
  { name: 'update', run: (db) => db.doc(paths.product(IDS.product)).update({ price: 5999 }) },
  { name: 'delete', run: (db) => db.doc(paths.product(IDS.product)).delete() },
];

const stockOps: Operation[] = [
  { name: 'get', run: (db) => db.doc(paths.stock(IDS.product, IDS.store)).get() },
  { name: 'list', run: (db) => db.collection(`${paths.product(IDS.product)}/stock`).get() },
  {
    name: 'list (collection group)',
    run: (db) => db.collectionGroup(paths.stockGroup).where('available', '>', 0).get(),
  },
  {
    name: 'create',
    run: (db) =>
      db
        .doc(paths.stock(IDS.product, IDS.otherStore))
        .set({ onHand: 5, reserved: 0, available: 5, updatedAt: serverTimestamp() }),
  },
  { name: 'update (with its ledger entry, one batch)', run: (db, uid) => adminStockEdit(db, uid) },
  { name: 'delete', run: (db) => db.doc(paths.stock(IDS.product, IDS.store)).delete() },
];

const tables: MatrixTable[] = [
  {
    collection: 'stores/{s}',
    ops: storeOps,
    allowed: { get: everyone, list: everyone, create: [], update: [], delete: [] },
  },
  {
    collection: 'products/{p}',
    ops: productOps,
    allowed: { get: everyone, list: everyone, create: ['admin'], update: ['admin'], delete: [] },
  },
  {
    collection: 'products/{p}/stock/{s}',
    ops: stockOps,
    allowed: {
      get: everyone,
      list: everyone,
      'list (collection group)': everyone,
      create: [],
      'update (with its ledger entry, one batch)': ['admin'],
      delete: [],
    },
  },
];

describe.each(tables)('$collection', ({ ops, allowed }) => {
  it.each(matrix(ops, allowed))('$role $op → $expected', async ({ role, run, expected }) => {
    const { db, uid } = suite.as(role);
    await expectOutcome(expected, run(db, uid));
  });
});

describe('collection group stock', () => {
  it('an unfiltered collection-group list returns every store stock of every product to a signed-out visitor', async () => {
    await suite.privileged(async (db) => {
      await db
        .doc(paths.stock(IDS.otherProduct, IDS.otherStore))
        .set({ ...STOCK, updatedAt: serverTimestamp() });
    });
    const snap = await assertSucceeds(suite.as('unauthenticated').db.collectionGroup(paths.stockGroup).get());
    expect(snap.docs.map((d) => d.ref.path).sort()).toEqual([
      paths.stock(IDS.product, IDS.store),
      paths.stock(IDS.otherProduct, IDS.otherStore),
    ]);
  });
});

// productSchema, edge by edge: each case is an admin creating product p-teapot.
const productCases: { name: string; product: Record<string, unknown>; expected: Outcome }[] = [
  { name: 'a valid product', product: validProduct(), expected: 'allow' },
  ...CURRENCIES.map((currency) => ({
    name: `currency ${currency}`,
    product: validProduct({ currency }),
    expected: 'allow' as const,
  })),
  { name: 'name of 1 character', product: validProduct({ name: 'K' }), expected: 'allow' },
  { name: 'name of 200 characters', product: validProduct({ name: 'n'.repeat(200) }), expected: 'allow' },
  { name: 'name of 201 characters', product: validProduct({ name: 'n'.repeat(201) }), expected: 'deny' },
  { name: 'empty name', product: validProduct({ name: '' }), expected: 'deny' },
  { name: 'name not a string', product: validProduct({ name: 42 }), expected: 'deny' },
  { name: 'empty description', product: validProduct({ description: '' }), expected: 'allow' },
  {
    name: 'description of 2000 characters',
    product: validProduct({ description: 'd'.repeat(2000) }),
    expected: 'allow',
  },
  {
    name: 'description of 2001 characters',
    product: validProduct({ description: 'd'.repeat(2001) }),
    expected: 'deny',
  },
  { name: 'empty category', product: validProduct({ category: '' }), expected: 'deny' },
  {
    name: 'category of 100 characters',
    product: validProduct({ category: 'c'.repeat(100) }),
    expected: 'allow',
  },
  {
    name: 'category of 101 characters',
    product: validProduct({ category: 'c'.repeat(101) }),
    expected: 'deny',
  },
  { name: 'price 1', product: validProduct({ price: 1 }), expected: 'allow' },
  { name: 'price 0', product: validProduct({ price: 0 }), expected: 'deny' },
  { name: 'negative price', product: validProduct({ price: -100 }), expected: 'deny' },
  { name: 'fractional price', product: validProduct({ price: 49.99 }), expected: 'deny' },
  { name: 'price as a string', product: validProduct({ price: '4999' }), expected: 'deny' },
  { name: 'price MAX_ORDER_AMOUNT', product: validProduct({ price: MAX_ORDER_AMOUNT }), expected: 'allow' },
  {
    name: 'price MAX_ORDER_AMOUNT + 1',
    product: validProduct({ price: MAX_ORDER_AMOUNT + 1 }),
    expected: 'deny',
  },
  { name: 'unknown currency', product: validProduct({ currency: 'eur' }), expected: 'deny' },
  { name: 'currency in upper case', product: validProduct({ currency: 'USD' }), expected: 'deny' },
  { name: 'image not a string', product: validProduct({ image: null }), expected: 'deny' },
  { name: 'active not a bool', product: validProduct({ active: 'yes' }), expected: 'deny' },
  { name: 'a missing field (active)', product: withoutKey(validProduct(), 'active'), expected: 'deny' },
  { name: 'an extra field (stock)', product: validProduct({ stock: 10 }), expected: 'deny' },
  {
    name: 'an extra field (updatedAt)',
    product: validProduct({ updatedAt: serverTimestamp() }),
    expected: 'deny',
  },
];

function withoutKey(data: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => k !== key));
}

describe('product validation (admin create)', () => {
  it.each(productCases)('$name → $expected', async ({ product, expected }) => {
    const { db } = suite.as('admin');
    await expectOutcome(expected, db.doc(paths.product(IDS.otherProduct)).set(product));
  });
});

describe('product validation (admin update)', () => {
  it.each([
    { name: 'a new price', change: { price: 7999 }, expected: 'allow' },
    { name: 'deactivating', change: { active: false }, expected: 'allow' },
    { name: 'a price of 0', change: { price: 0 }, expected: 'deny' },
    { name: 'an empty name', change: { name: '' }, expected: 'deny' },
    { name: 'adding a field', change: { featured: true }, expected: 'deny' },
  ] as const)('$name → $expected', async ({ change, expected }) => {
    const { db } = suite.as('admin');
    await expectOutcome(expected, db.doc(paths.product(IDS.product)).update(change));
  });

  it('an admin replacing a product with set() must send every field', async () => {
    const { db } = suite.as('admin');
    await expectOutcome('deny', db.doc(paths.product(IDS.product)).set({ price: 7999 }));
    await expectOutcome('allow', db.doc(paths.product(IDS.product)).set(validProduct({ price: 7999 })));
  });
});
