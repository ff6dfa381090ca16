import firebase from 'firebase/compat/app';
import 'firebase/compat/firestore';
import { paths, type Product } from '@storefront/domain';

/** The compat Firestore rules-unit-testing hands out per actor. */
export type Db = firebase.firestore.Firestore;

/** Ids of the seeded documents (every test starts from exactly these). */
export const IDS = {
  store: 's-portland',
  otherStore: 's-austin',
  product: 'p-kettle',
  otherProduct: 'p-teapot',
  ledgerEntry: 'l-initial',
  aliceOrder: 'o-alice',
  bobOrder: 'o-bob',
  anonOrder: 'o-anon',
  event: 'e-placed',
  stripeEvent: 'evt_1',
} as const;

export const { serverTimestamp } = firebase.firestore.FieldValue;
export const { Timestamp } = firebase.firestore;
const longAgo = Timestamp.fromMillis(Date.UTC(2024, 0, 1));

export const validProduct = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const product: Product = {
    name: 'Kettle',
    description: 'Boils water.',
    category: 'kitchen',
    price: 4999,
    currency: 'usd',
    image: 'data:image/svg+xml,<svg/>',
    active: true,
  };
  return { ...product, ...overrides };
};

/** Stock of the seeded product in the seeded store: 10 on hand, 3 held by unpaid orders. */
export const STOCK = { onHand: 10, reserved: 3, available: 7 } as const;

const store = {
  name: 'Portland',
  address: '1 Main St',
  postalCode: '97201',
  location: { latitude: 45.5, longitude: -122.6 },
};

const order = (uid: string) => ({
  uid,
  storeId: IDS.store,
  checkoutId: `checkout-${uid}`,
  lines: [{ productId: IDS.product, name: 'Kettle', quantity: 1, unitAmount: 4999 }],
  amount: 4999,
  currency: 'usd',
  status: 'pending_payment',
  expiresAt: longAgo,
  createdAt: longAgo,
  updatedAt: longAgo,
  paymentIntentId: null,
  notice: null,
});

/** Writes the fixtures, as functions and seeds would (call with rules disabled). */
export async function seed(db: Db): Promise<void> {
  const batch = db.batch();
  batch.set(db.doc(paths.store(IDS.store)), store);
  batch.set(db.doc(paths.product(IDS.product)), validProduct());
  batch.set(db.doc(paths.stock(IDS.product, IDS.store)), { ...STOCK, updatedAt: longAgo });
  batch.set(db.doc(`${paths.inventoryLedger}/${IDS.ledgerEntry}`), {
    kind: 'restock',
    productId: IDS.product,
    storeId: IDS.store,
    orderId: null,
    onHandDelta: 10,
    reservedDelta: 0,
    actor: { kind: 'system', uid: null },
    reason: 'seed: initial stock',
    at: longAgo,
  });
  batch.set(db.doc(paths.order(IDS.aliceOrder)), order('alice'));
  batch.set(db.doc(paths.order(IDS.bobOrder)), order('bob'));
  batch.set(db.doc(paths.order(IDS.anonOrder)), order('anon-carol'));
  batch.set(db.doc(`${paths.orderEvents(IDS.aliceOrder)}/${IDS.event}`), {
    type: 'placed',
    at: longAgo,
    actor: { kind: 'shopper', uid: 'alice' },
    from: null,
    to: 'pending_payment',
    note: null,
  });
  batch.set(db.doc(paths.stripeEvent(IDS.stripeEvent)), {
    type: 'payment_intent.succeeded',
    processedAt: longAgo,
  });
  batch.set(db.doc('unlisted/x'), { any: 'thing' });
  await batch.commit();
}

export interface AdminStockEdit {
  /** New onHand (default 15: a restock of 5). */
  onHand?: number;
  /** Fields merged into the stock update as written (after the computed ones). */
  stock?: Record<string, unknown>;
  /** Fields merged into the ledger entry (after the computed ones); `null` writes no entry. */
  ledger?: Record<string, unknown> | null;
  /** Id of the ledger entry the stock doc names (default: the entry this edit creates). */
  ledgerEntryId?: string;
  productId?: string;
  storeId?: string;
}

/**
 * An admin stock edit the way the admin UI writes it: in one batch, the stock update (onHand,
 * available, updatedAt, ledgerEntryId) and its ledger entry. `edit` bends one part of it.
 */
export function adminStockEdit(db: Db, uid: string | null, edit: AdminStockEdit = {}): Promise<void> {
  const onHand = edit.onHand ?? 15;
  const entry = db.collection(paths.inventoryLedger).doc();
  const batch = db.batch();
  batch.update(db.doc(paths.stock(edit.productId ?? IDS.product, edit.storeId ?? IDS.store)), {
    onHand,
    available: onHand - STOCK.reserved,
    updatedAt: serverTimestamp(),
    ledgerEntryId: edit.ledgerEntryId ?? entry.id,
    ...edit.stock,
  });
  if (edit.ledger !== null)
    batch.set(entry, {
      kind: 'restock',
      productId: IDS.product,
      storeId: IDS.store,
      orderId: null,
      onHandDelta: onHand - STOCK.onHand,
      reservedDelta: 0,
      actor: { kind: 'admin', uid },
      reason: 'delivery from supplier',
      at: serverTimestamp(),
      ...edit.ledger,
    });
  return batch.commit();
}
