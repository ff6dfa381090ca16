import { describe, expect, it } from 'vitest';
import { MAX_ON_HAND, paths } from '@storefront/domain';
import { IDS, STOCK, adminStockEdit, serverTimestamp, type AdminStockEdit } from './support/fixtures.js';
import {
  ROLES,
  UIDS,
  expectOutcome,
  matrix,
  useRulesSuite,
  type Operation,
  type Outcome,
} from './support/rules-env.js';

// Admin stock edits and the inventory ledger (firestore.rules, "stock" and "inventory ledger"):
// every admin edit of onHand carries its audit entry in the same batch or transaction.
const suite = useRulesSuite();
const ledgerEntry = `${paths.inventoryLedger}/${IDS.ledgerEntry}`;

const ledgerOps: Operation[] = [
  { name: 'get', run: (db) => db.doc(ledgerEntry).get() },
  { name: 'list', run: (db) => db.collection(paths.inventoryLedger).get() },
  { name: 'create (with its stock edit, one batch)', run: (db, uid) => adminStockEdit(db, uid) },
  { name: 'update', run: (db) => db.doc(ledgerEntry).update({ reason: 'rewritten history' }) },
  { name: 'delete', run: (db) => db.doc(ledgerEntry).delete() },
];

describe('inventoryLedger/{e}', () => {
  const allowed = {
    get: ['admin'],
    list: ['admin'],
    'create (with its stock edit, one batch)': ['admin'],
    update: [],
    delete: [],
  } as const;
  it.each(matrix(ledgerOps, allowed))('$role $op → $expected', async ({ role, run, expected }) => {
    const { db, uid } = suite.as(role);
    await expectOutcome(expected, run(db, uid));
  });
});

// Every case is an admin's batch: the stock update and (unless `ledger: null`) its ledger entry.
const editCases: { name: string; edit: AdminStockEdit; expected: Outcome }[] = [
  { name: 'restock +5 with its ledger entry', edit: {}, expected: 'allow' },
  {
    name: 'correction −6 with its ledger entry',
    edit: { onHand: 4, ledger: { kind: 'correction', reason: 'counted twice' } },
    expected: 'allow',
  },
  {
    name: 'correction to exactly reserved (available 0)',
    edit: { onHand: STOCK.reserved, ledger: { kind: 'correction' } },
    expected: 'allow',
  },
  { name: 'onHand MAX_ON_HAND', edit: { onHand: MAX_ON_HAND }, expected: 'allow' },
  { name: 'reason of 500 characters', edit: { ledger: { reason: 'r'.repeat(500) } }, expected: 'allow' },
  { name: 'without the ledger entry', edit: { ledger: null }, expected: 'deny' },
  {
    name: 'naming an existing, older ledger entry',
    edit: { ledger: null, ledgerEntryId: IDS.ledgerEntry },
    expected: 'deny',
  },
  { name: 'without ledgerEntryId', edit: { stock: { ledgerEntryId: null } }, expected: 'deny' },
  {
    name: 'ledger onHandDelta not the change (+4 for +5)',
    edit: { ledger: { onHandDelta: 4 } },
    expected: 'deny',
  },
  { name: 'ledger reservedDelta not 0', edit: { ledger: { reservedDelta: 1 } }, expected: 'deny' },
  { name: 'changing reserved', edit: { stock: { reserved: 0, available: 15 } }, expected: 'deny' },
  { name: 'onHand below reserved', edit: { onHand: 2, ledger: { kind: 'correction' } }, expected: 'deny' },
  { name: 'onHand MAX_ON_HAND + 1', edit: { onHand: MAX_ON_HAND + 1 }, expected: 'deny' },
  { name: 'onHand not an integer', edit: { onHand: 15.5 }, expected: 'deny' },
  { name: 'available not onHand − reserved', edit: { stock: { available: 15 } }, expected: 'deny' },
  { name: 'updatedAt not the request time', edit: { stock: { updatedAt: new Date() } }, expected: 'deny' },
  { name: 'another stock field added', edit: { stock: { note: 'hi' } }, expected: 'deny' },
  { name: 'ledger kind sale', edit: { ledger: { kind: 'sale' } }, expected: 'deny' },
  {
    name: 'ledger actor another admin',
    edit: { ledger: { actor: { kind: 'admin', uid: 'someone-else' } } },
    expected: 'deny',
  },
  {
    name: 'ledger actor kind system',
    edit: { ledger: { actor: { kind: 'system', uid: UIDS.admin } } },
    expected: 'deny',
  },
  { name: 'ledger for another product', edit: { ledger: { productId: IDS.otherProduct } }, expected: 'deny' },
  { name: 'ledger for another store', edit: { ledger: { storeId: IDS.otherStore } }, expected: 'deny' },
  { name: 'ledger at not the request time', edit: { ledger: { at: new Date() } }, expected: 'deny' },
  { name: 'ledger with an empty reason', edit: { ledger: { reason: '' } }, expected: 'deny' },
  {
    name: 'ledger reason of 501 characters',
    edit: { ledger: { reason: 'r'.repeat(501) } },
    expected: 'deny',
  },
  { name: 'ledger tied to an order', edit: { ledger: { orderId: IDS.aliceOrder } }, expected: 'deny' },
  { name: 'ledger with an extra field', edit: { ledger: { approvedBy: 'me' } }, expected: 'deny' },
];

describe('admin stock edit (one batch)', () => {
  it.each(editCases)('$name → $expected', async ({ edit, expected }) => {
    const { db, uid } = suite.as('admin');
    await expectOutcome(expected, adminStockEdit(db, uid, edit));
  });

  it('an allowed edit leaves the stock and its audit entry as written, reserved untouched', async () => {
    const { db, uid } = suite.as('admin');
    await adminStockEdit(db, uid, { onHand: 12 });
    const stock = (await db.doc(paths.stock(IDS.product, IDS.store)).get()).data();
    expect(stock).toMatchObject({ onHand: 12, reserved: STOCK.reserved, available: 12 - STOCK.reserved });
    const entry = (await db.doc(`${paths.inventoryLedger}/${String(stock?.['ledgerEntryId'])}`).get()).data();
    expect(entry).toMatchObject({
      kind: 'restock',
      onHandDelta: 2,
      reservedDelta: 0,
      actor: { kind: 'admin', uid },
    });
  });

  it('a denied batch writes nothing: not the stock, not the ledger entry', async () => {
    const { db, uid } = suite.as('admin');
    await expectOutcome('deny', adminStockEdit(db, uid, { ledger: { onHandDelta: 4 } }));
    await suite.privileged(async (privileged) => {
      expect((await privileged.doc(paths.stock(IDS.product, IDS.store)).get()).data()).toMatchObject(STOCK);
      expect((await privileged.collection(paths.inventoryLedger).get()).size).toBe(1);
    });
  });
});

describe('admin stock edit (transaction)', () => {
  it('the edit and its ledger entry in one transaction → allow', async () => {
    const { db, uid } = suite.as('admin');
    const stockRef = db.doc(paths.stock(IDS.product, IDS.store));
    const entry = db.collection(paths.inventoryLedger).doc();
    const transaction = db.runTransaction(async (tx) => {
      const onHand = Number((await tx.get(stockRef)).get('onHand')) + 1;
      tx.update(stockRef, {
        onHand,
        available: onHand - STOCK.reserved,
        updatedAt: serverTimestamp(),
        ledgerEntryId: entry.id,
      });
      tx.set(entry, {
        kind: 'restock',
        productId: IDS.product,
        storeId: IDS.store,
        orderId: null,
        onHandDelta: 1,
        reservedDelta: 0,
        actor: { kind: 'admin', uid },
        reason: 'found one behind the shelf',
        at: serverTimestamp(),
      });
    });
    await expectOutcome('allow', transaction);
  });
});

describe('orphan ledger entries', () => {
  const entry = (uid: string | null) => ({
    kind: 'restock',
    productId: IDS.product,
    storeId: IDS.store,
    orderId: null,
    onHandDelta: 5,
    reservedDelta: 0,
    actor: { kind: 'admin', uid },
    reason: 'no stock edit with it',
    at: serverTimestamp(),
  });

  it.each(ROLES.map((role) => ({ role })))(
    '$role creating a ledger entry without its stock edit → deny',
    async ({ role }) => {
      const { db, uid } = suite.as(role);
      await expectOutcome('deny', db.collection(paths.inventoryLedger).doc().set(entry(uid)));
    },
  );

  it('admin: an entry whose id the stock edit of this batch does not name → deny', async () => {
    const { db, uid } = suite.as('admin');
    const named = db.collection(paths.inventoryLedger).doc();
    const batch = db.batch();
    batch.update(db.doc(paths.stock(IDS.product, IDS.store)), {
      onHand: 15,
      available: 15 - STOCK.reserved,
      updatedAt: serverTimestamp(),
      ledgerEntryId: named.id,
    });
    batch.set(named, entry(uid));
    batch.set(db.collection(paths.inventoryLedger).doc(), entry(uid));
    await expectOutcome('deny', batch.commit());
  });
});
