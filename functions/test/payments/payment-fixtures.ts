import Stripe from 'stripe';
import { paths } from '@storefront/domain';
import { parseAnswer, type PlacedOrder, type WebhookAnswer } from '../support/order-flow.js';
import { adminDb, postToFunction, stack, uniqueId } from '../support/stack.js';

/**
 * What the payment tests share: Stripe-shaped events signed the way Stripe signs them (the test
 * plays Stripe), and readers for the documents they assert on. Placing, paying for and releasing
 * orders is in support/order-flow.ts.
 */

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

/** POSTs raw bytes to stripeWebhook. */
export async function postWebhook(payload: string | Buffer, headers: Record<string, string>): Promise<WebhookAnswer> {
  const { status, text } = await postToFunction('stripeWebhook', payload, headers);
  return { status, body: parseAnswer(text) };
}

/** Delivers `event` correctly signed, as Stripe does. */
export function deliver(event: TestEvent): Promise<WebhookAnswer> {
  const payload = JSON.stringify(event);
  return postWebhook(payload, signedHeaders(payload));
}

// ---- reading back ------------------------------------------------------------------------------

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
