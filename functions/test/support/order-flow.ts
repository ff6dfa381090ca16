import { Timestamp } from 'firebase-admin/firestore';
import { expect } from 'vitest';
import { paths, type Order, type PlaceOrderResult } from '@storefront/domain';
import { createProduct, createStore } from './fixtures.js';
import { adminDb, callFunction, createUser, postToFunction, uniqueId, type TestUser } from './stack.js';

/**
 * An order's life driven the way the outside world drives it, for the order and payment tests:
 * placed through placeOrder, paid through demoPay, released as Cloud Tasks does, read back, and
 * waited for. Stripe-shaped webhook events are in payments/payment-fixtures.ts.
 */

export interface PlacedOrder {
  orderId: string;
  uid: string;
  idToken: string;
  storeId: string;
  productId: string;
  quantity: number;
  amount: number;
  currency: string;
  paymentIntentId: string;
}

export interface PlaceOptions {
  /** Units in stock before the order (default 10). Ignored when `productId` is given. */
  stock?: number;
  quantity?: number;
  price?: number;
  /** Order from an existing store and product instead of new ones. */
  storeId?: string;
  productId?: string;
  /** Place it as this shopper instead of a new one. */
  user?: TestUser;
  /**
   * Move the order's expiry to this many milliseconds from now (default: 10 minutes, so a test that
   * is slow on a busy machine never sees it expire). Tests of late payments use a short one.
   */
  expiresInMs?: number;
}

/** A new shopper places an order for one product through the placeOrder callable; it awaits payment. */
export async function placeOrder(options: PlaceOptions = {}): Promise<PlacedOrder> {
  const quantity = options.quantity ?? 1;
  const storeId = options.storeId ?? (await createStore());
  const productId = options.productId ?? (await createProduct({ price: options.price ?? 1999, stock: { [storeId]: options.stock ?? 10 } }));
  const user = options.user ?? (await createUser());
  const placed = await callFunction<PlaceOrderResult>('placeOrder', { checkoutId: uniqueId('checkout'), storeId, lines: [{ productId, quantity }] }, user.idToken);
  if (!placed.ok) throw new Error(`placeOrder failed: ${placed.status} ${placed.message}`);
  const { orderId, amount, currency, payment } = placed.data;
  expect(payment?.mode).toBe('demo');
  await setExpiry(orderId, options.expiresInMs ?? 10 * 60_000);
  return { orderId, uid: user.uid, idToken: user.idToken, storeId, productId, quantity, amount, currency, paymentIntentId: payment!.paymentIntentId };
}

/**
 * Sets the order's expiry `inMs` from now. The release task compares the order's expiresAt with
 * the clock when it runs, so this decides when the reservation lapses without waiting for the
 * stack's RESERVATION_SECONDS.
 */
export async function setExpiry(orderId: string, inMs: number): Promise<void> {
  await adminDb().doc(paths.order(orderId)).update({ expiresAt: Timestamp.fromMillis(Date.now() + inMs) });
}

/** Runs releaseReservation for the order now, as Cloud Tasks does (the emulator serves task functions over HTTP). */
export function runRelease(orderId: string): Promise<{ status: number; text: string }> {
  return postToFunction('releaseReservation', JSON.stringify({ data: { orderId } }), { 'content-type': 'application/json' });
}

/** Lets the order's reservation lapse and releases it, as the release task does at expiry. */
export async function expire(order: PlacedOrder): Promise<void> {
  await setExpiry(order.orderId, -1);
  const release = await runRelease(order.orderId);
  expect(release.status, release.text).toBe(204);
  expect((await readOrder(order.orderId)).status).toBe('expired');
}

export interface WebhookAnswer {
  status: number;
  body: { received?: boolean; outcome?: string; reason?: string | null; error?: string };
}

/** JSON from our functions; the body parser in front of them answers malformed JSON with an HTML page. */
export function parseAnswer(text: string): WebhookAnswer['body'] {
  try {
    return JSON.parse(text) as WebhookAnswer['body'];
  } catch {
    return { error: text };
  }
}

/** POSTs to demoPay as the web app does. */
export async function demoPay(body: unknown, idToken: string | null): Promise<WebhookAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (idToken) headers['authorization'] = `Bearer ${idToken}`;
  const { status, text } = await postToFunction('demoPay', JSON.stringify(body), headers);
  return { status, body: parseAnswer(text) };
}

// ---- reading back ------------------------------------------------------------------------------

export async function readOrder(orderId: string): Promise<Order & { notice?: string | null }> {
  return (await adminDb().doc(paths.order(orderId)).get()).data() as Order;
}

/** Polls `read` until `done` holds (or fails after `timeoutMs`), returning the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
