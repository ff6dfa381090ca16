import Stripe from 'stripe';
import { warn } from 'firebase-functions/logger';
import { isStripeOutage, toPaymentError } from './stripe-errors.js';

/** What a PaymentIntent is created from: the order as the server computed it. */
export interface PaymentIntentRequest {
  orderId: string;
  uid: string;
  amount: number;
  currency: string;
}

/**
 * Creates the order's one PaymentIntent. The idempotency key `pi-create:<orderId>` makes every
 * retry (by the SDK, or by placeOrder being called again) return the same PaymentIntent.
 * Stripe stores a 500 under the key too and replays it for 24 h; in that case (reliability.md §3)
 * a PaymentIntent that was created regardless is looked up by `metadata.orderId` before giving up.
 * @throws HttpsError per `toPaymentError`.
 */
export async function createPaymentIntent(stripe: Stripe, request: PaymentIntentRequest): Promise<Stripe.PaymentIntent> {
  const { orderId, uid, amount, currency } = request;
  try {
    return await stripe.paymentIntents.create(
      { amount, currency, metadata: { orderId, uid }, automatic_payment_methods: { enabled: true } },
      { idempotencyKey: `pi-create:${orderId}` },
    );
  } catch (err) {
    if (isStripeOutage(err)) {
      const existing = await findPaymentIntent(stripe, request);
      if (existing) return existing;
    }
    throw toPaymentError(err, 'create the payment');
  }
}

/**
 * The order's PaymentIntent found through the search API, if it exists and matches the order.
 * Search is eventually consistent (about a minute), so a miss proves nothing; the caller still
 * fails with a retriable error. Errors of the search itself count as a miss.
 */
async function findPaymentIntent(stripe: Stripe, request: PaymentIntentRequest): Promise<Stripe.PaymentIntent | null> {
  try {
    // Order ids are [A-Za-z0-9_-] only (domain ids.ts), so they need no quoting in the query.
    const found = await stripe.paymentIntents.search({ query: `metadata['orderId']:'${request.orderId}'`, limit: 1 });
    const intent = found.data[0];
    return intent && intent.amount === request.amount && intent.currency === request.currency ? intent : null;
  } catch (err) {
    warn('PaymentIntent search failed', { orderId: request.orderId, error: (err as Error).message });
    return null;
  }
}

/**
 * Refunds a PaymentIntent in full, once: the idempotency key `refund:<paymentIntentId>` turns
 * repeats into the same refund, and a charge already refunded another way (the Dashboard) counts
 * as done.
 * @throws HttpsError per `toPaymentError`.
 */
export async function refundPaymentIntent(stripe: Stripe, paymentIntentId: string, metadata: { orderId: string; reason: string }): Promise<void> {
  try {
    await stripe.refunds.create({ payment_intent: paymentIntentId, metadata }, { idempotencyKey: `refund:${paymentIntentId}` });
  } catch (err) {
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'charge_already_refunded') return;
    throw toPaymentError(err, 'refund the payment');
  }
}
