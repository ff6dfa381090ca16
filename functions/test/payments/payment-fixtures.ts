import Stripe from 'stripe';
import { Timestamp } from 'firebase-admin/firestore';
import { expect } from 'vitest';
import { paths, type Order, type PlaceOrderResult } from '@storefront/domain';
import { createProduct, createStore } from '../support/fixtures.js';
import { adminDb, callFunction, createUser, postToFunction, stack, uniqueId, type TestUser } from '../support/stack.js';

/**
 * What the payment tests share: orders placed through placeOrder, Stripe-shaped events signed the
 * way Stripe signs them (the test plays Stripe), and readers for the documents they assert on.
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

// ---- events, as Stripe would send them ---------------------------------------------------------

export type PaymentEventType = 'payment_intent.succeeded' | 'payment_intent.payment_failed' | 'payment_intent.canceled';

/** Fields of the event's object to replace, to build mismatching events. */
export interface EventOverrides {
  amount?: number;
  currency?: string;
  metadata?: Record<string, string>;
  paymentIntentId?: string;
  livemode?: boolean;
  id?: string;
}

function event(type: string, object: Record<string, unknown>, overrides: EventOverrides) {
  return {
    id: overrides.id ?? `evt_test_${uniqueId('e').replace(/-/g, '_')}`,
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    livemode: overrides.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}
export type TestEvent = ReturnType<typeof event>;

export function paymentIntentEvent(type: PaymentEventType, order: PlacedOrder, overrides: EventOverrides = {}): TestEvent {
  const failed = type === 'payment_intent.payment_failed';
  return event(
    type,
    {
      id: overrides.paymentIntentId ?? order.paymentIntentId,
      object: 'payment_intent',
      amount: overrides.amount ?? order.amount,
      currency: overrides.currency ?? order.currency,
      metadata: overrides.metadata ?? { orderId: order.orderId, uid: order.uid },
      status: { 'payment_intent.succeeded': 'succeeded', 'payment_intent.payment_failed': 'requires_payment_method', 'payment_intent.canceled': 'canceled' }[type],
      last_payment_error: failed ? { code: 'card_declined', message: 'Your card was declined.' } : null,
    },
    overrides,
  );
}

export function chargeRefundedEvent(order: PlacedOrder, overrides: EventOverrides = {}): TestEvent {
  const amount = overrides.amount ?? order.amount;
  return event(
    'charge.refunded',
    {
      id: `ch_test_${order.orderId}`,
      object: 'charge',
      amount,
      amount_refunded: amount,
      currency: overrides.currency ?? order.currency,
      payment_intent: overrides.paymentIntentId ?? order.paymentIntentId,
      metadata: overrides.metadata ?? { orderId: order.orderId, uid: order.uid },
      refunded: true,
    },
    overrides,
  );
}

/** Headers Stripe would send with `payload`, signed with the stack's webhook secret unless told otherwise. */
export function signedHeaders(payload: string, options: { secret?: string; timestamp?: number; scheme?: string } = {}): Record<string, string> {
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? stack().webhookSecret, ...withDefined(options) });
  return { 'content-type': 'application/json', 'stripe-signature': signature };
}

function withDefined(options: { timestamp?: number; scheme?: string }) {
  return { ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }), ...(options.scheme ? { scheme: options.scheme } : {}) };
}

export interface WebhookAnswer {
  status: number;
  body: { received?: boolean; outcome?: string; reason?: string | null; error?: string };
}

/** POSTs raw bytes to stripeWebhook. */
export async function postWebhook(payload: string | Buffer, headers: Record<string, string>): Promise<WebhookAnswer> {
  const { status, text } = await postToFunction('stripeWebhook', payload, headers);
  return { status, body: parseAnswer(text) };
}

/** JSON from our functions; the body parser in front of them answers malformed JSON with an HTML page. */
function parseAnswer(text: string): WebhookAnswer['body'] {
  try {
    return JSON.parse(text) as WebhookAnswer['body'];
  } catch {
    return { error: text };
  }
}

/** Delivers `event` correctly signed, as Stripe does. */
export function deliver(event: TestEvent): Promise<WebhookAnswer> {
  const payload = JSON.stringify(event);
  return postWebhook(payload, signedHeaders(payload));
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

export async function readStock(order: Pick<PlacedOrder, 'productId' | 'storeId'>): Promise<{ onHand: number; reserved: number; available: number }> {
  const { onHand, reserved, available } = (await adminDb().doc(paths.stock(order.productId, order.storeId)).get()).data()!;
  return { onHand, reserved, available } as { onHand: number; reserved: number; available: number };
}

/** The order's timeline entry types, oldest first. */
export async function timeline(orderId: string): Promise<string[]> {
  const events = await adminDb().collection(paths.orderEvents(orderId)).orderBy('at').get();
  return events.docs.map((d) => d.get('type') as string);
}

/** The marker of a processed event, or undefined. */
export async function marker(eventId: string): Promise<{ outcome: string; reason: string | null; orderId: string | null } | undefined> {
  return (await adminDb().doc(paths.stripeEvent(eventId)).get()).data() as { outcome: string; reason: string | null; orderId: string | null } | undefined;
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
