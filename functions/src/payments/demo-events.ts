import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { Order } from '@storefront/domain';
import { stripeWebhookSecret } from '../lib/config.js';
import { functionUrl } from './function-url.js';

/**
 * Demo mode's stand-in for Stripe: builds events shaped like Stripe's (only the fields the webhook
 * reads, plus the usual envelope), signs them with the local webhook secret and delivers them to
 * stripeWebhook, which verifies and handles them exactly as it handles Stripe's. This is the only
 * production module allowed to sign events, and it is reached only when `paymentMode()` is 'demo'.
 */

/** A demo order's PaymentIntent id: one per order, like `pi-create:<orderId>` gives in Stripe mode. */
export function demoPaymentIntentId(orderId: string): string {
  return `pi_demo_${orderId}`;
}

type DemoOrder = Pick<Order, 'uid' | 'amount' | 'currency' | 'paymentIntentId'>;

/** A signed-to-be event: Stripe's envelope around a PaymentIntent or Charge. */
export type DemoEvent = ReturnType<typeof envelope>;

function envelope(id: string, type: string, object: Record<string, unknown>) {
  return { id, object: 'event', api_version: Stripe.API_VERSION, created: Math.floor(Date.now() / 1000), livemode: false, type, data: { object } };
}

/** `payment_intent.succeeded` or `payment_intent.payment_failed` for the order, under a fresh event id. */
export function demoPaymentEvent(orderId: string, order: DemoOrder, outcome: 'succeeded' | 'failed') {
  const succeeded = outcome === 'succeeded';
  return envelope(`evt_demo_${randomBytes(12).toString('hex')}`, succeeded ? 'payment_intent.succeeded' : 'payment_intent.payment_failed', {
    id: order.paymentIntentId ?? demoPaymentIntentId(orderId),
    object: 'payment_intent',
    amount: order.amount,
    amount_received: succeeded ? order.amount : 0,
    currency: order.currency,
    metadata: { orderId, uid: order.uid },
    status: succeeded ? 'succeeded' : 'requires_payment_method',
    last_payment_error: succeeded ? null : { code: 'card_declined', message: 'Your card was declined (demo payment).' },
  });
}

/**
 * `charge.refunded` for a full refund of the PaymentIntent. Its id is derived from the
 * PaymentIntent, so asking twice yields one event, as the `refund:<pi>` key does in Stripe mode.
 */
export function demoRefundEvent(orderId: string, paymentIntentId: string, order: DemoOrder) {
  return envelope(`evt_demo_refund_${paymentIntentId}`, 'charge.refunded', {
    id: `ch_demo_${orderId}`,
    object: 'charge',
    amount: order.amount,
    amount_refunded: order.amount,
    currency: order.currency,
    payment_intent: paymentIntentId,
    metadata: { orderId, uid: order.uid },
    refunded: true,
    status: 'succeeded',
  });
}

/**
 * Signs `event` with STRIPE_WEBHOOK_SECRET and POSTs it to stripeWebhook under `origin`.
 * @returns the webhook's HTTP status and body.
 * @throws Error when the webhook secret is not set (nothing could verify the event).
 */
export async function deliverDemoEvent(event: DemoEvent, origin: string): Promise<{ status: number; text: string }> {
  const secret = stripeWebhookSecret.value();
  if (!secret) throw new Error('STRIPE_WEBHOOK_SECRET is not set, so demo events cannot be signed');
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  const response = await fetch(functionUrl(origin, 'stripeWebhook'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
  return { status: response.status, text: await response.text() };
}
