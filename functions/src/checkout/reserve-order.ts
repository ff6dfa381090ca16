import { FieldValue, Timestamp, type Transaction } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import {
  paths,
  productSchema,
  type Actor,
  type Order,
  type OrderStatus,
  type OutOfStockDetails,
  type PlaceOrderInput,
  type Product,
} from '@storefront/domain';
import { db } from '../lib/admin.js';
import { appendOrderEvent } from '../orders/append-event.js';
import { orderRef, parseOrder } from '../orders/order-doc.js';
import { readStock, writeStockChanges } from '../stock/stock.js';
import { priceLines } from './price-lines.js';

export interface ReserveOrderRequest {
  orderId: string;
  uid: string;
  input: PlaceOrderInput;
  /** Epoch ms the expiry counts from. */
  now: number;
  reservationSeconds: number;
}

/** What placeOrder needs after the transaction, for a new or an existing order alike. */
export interface PlacedOrder {
  orderId: string;
  status: OrderStatus;
  amount: number;
  currency: Order['currency'];
  expiresAt: Date;
  paymentIntentId: string | null;
}

function placed(orderId: string, order: Pick<Order, 'status' | 'amount' | 'currency' | 'expiresAt' | 'paymentIntentId'>): PlacedOrder {
  const { status, amount, currency, paymentIntentId } = order;
  return { orderId, status, amount, currency, expiresAt: new Date(order.expiresAt.toMillis()), paymentIntentId };
}

/**
 * The checkout transaction, without side effects (it may run several times): returns the order
 * `orderId` unchanged if it exists; otherwise prices the cart from the catalog, checks every line
 * against available stock and reserves all of them or none, then creates the order
 * (pending_payment) and its 'placed' event. Reads happen in sorted product order, so overlapping
 * carts take their locks in the same order and cannot deadlock.
 * @throws HttpsError('failed-precondition') for unknown or inactive products (see priceLines) and,
 *   with OutOfStockDetails listing every short line, when stock is short.
 */
export async function reserveOrder(tx: Transaction, request: ReserveOrderRequest): Promise<PlacedOrder> {
  const { orderId, uid, input } = request;
  const existing = parseOrder(await tx.get(orderRef(orderId)));
  if (existing) return placed(orderId, existing);

  const productIds = input.lines.map((line) => line.productId).sort();
  const productSnaps = await tx.getAll(...productIds.map((id) => db().doc(paths.product(id))));
  const catalog = new Map<string, Product | undefined>(
    productSnaps.map((snap, i) => [productIds[i]!, snap.exists ? productSchema.parse(snap.data()) : undefined]),
  );
  const cart = priceLines(input.lines, catalog);

  const levels = await readStock(tx, input.storeId, productIds);
  const short = input.lines
    .map((line) => ({ productId: line.productId, requested: line.quantity, available: levels.get(line.productId)!.available }))
    .filter((line) => line.available < line.requested);
  if (short.length > 0) {
    const details: OutOfStockDetails = { reason: 'out-of-stock', lines: short };
    const list = short.map((l) => `${l.productId} (requested ${l.requested}, available ${l.available})`).join(', ');
    throw new HttpsError('failed-precondition', `Not enough stock: ${list}`, details);
  }

  const actor: Actor = { kind: 'shopper', uid };
  writeStockChanges(
    tx,
    input.storeId,
    levels,
    input.lines.map((line) => ({ productId: line.productId, kind: 'reservation', onHandDelta: 0, reservedDelta: line.quantity })),
    { orderId, actor, reason: 'order placed' },
  );
  const expiresAt = Timestamp.fromMillis(request.now + request.reservationSeconds * 1000);
  const order = {
    uid,
    storeId: input.storeId,
    checkoutId: input.checkoutId,
    lines: cart.lines,
    amount: cart.amount,
    currency: cart.currency,
    status: 'pending_payment',
    expiresAt,
    createdAt: FieldValue.serverTimestamp(),
    updatedAt: FieldValue.serverTimestamp(),
    paymentIntentId: null,
    notice: null,
  } as const;
  tx.create(orderRef(orderId), order);
  appendOrderEvent(tx, orderId, { type: 'placed', actor, from: null, to: 'pending_payment', note: null });
  return placed(orderId, order);
}
