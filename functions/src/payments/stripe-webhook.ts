import { onRequest } from 'firebase-functions/https';
import { error as logError, info, warn } from 'firebase-functions/logger';
import { REGION, stripeSecretKey, stripeWebhookSecret } from '../lib/config.js';
import { requestOrigin } from '../lib/request-origin.js';
import { handleStripeEvent } from './handle-stripe-event.js';
import { stripeKey } from './payment-mode.js';
import { refundPayment } from './refund-payment.js';
import { HANDLED_EVENT_TYPES, handledEventSchema } from './stripe-event-schema.js';
import { verifyStripeEvent } from './verify-stripe-event.js';

/**
 * Stripe's webhook (and, in demo mode, the demo payment endpoint's): POST only; the signature is
 * verified on the raw body and a missing secret fails closed (500); a bad signature is 400 with no
 * side effects. A verified event of a type we use is applied once (`handleStripeEvent`); any other
 * answers 200 so Stripe stops retrying. When the shopper paid for an order that cannot be
 * fulfilled, the refund is issued before answering; if that fails the answer is 500, Stripe
 * redelivers, and the redelivery (a duplicate) retries the refund under the same idempotency key.
 * Responses are JSON: `{ received, outcome, reason }` or `{ error }`.
 */
export const stripeWebhook = onRequest({ region: REGION, secrets: [stripeWebhookSecret, stripeSecretKey] }, async (req, res) => {
  if (req.method !== 'POST') {
    res.set('Allow', 'POST').status(405).json({ error: 'only POST is allowed' });
    return;
  }
  const verified = verifyStripeEvent(req.rawBody, req.headers['stripe-signature'], stripeWebhookSecret.value() || undefined);
  if (!verified.ok) {
    (verified.status === 500 ? logError : warn)(`stripeWebhook rejected a delivery: ${verified.message}`);
    res.status(verified.status).json({ error: verified.message });
    return;
  }
  const { event } = verified;
  if (!HANDLED_EVENT_TYPES.includes(event.type)) {
    res.status(200).json({ received: true, outcome: 'ignored', reason: `event type ${event.type} is not used` });
    return;
  }
  const parsed = handledEventSchema.safeParse(event);
  if (!parsed.success) {
    // Signed by Stripe (or our demo) yet not the shape we expect: a person must look; retrying will not help.
    logError(`stripeWebhook could not read event ${event.id} (${event.type})`, { issues: parsed.error.issues });
    res.status(200).json({ received: true, outcome: 'flagged', reason: 'unexpected event shape' });
    return;
  }

  try {
    const result = await handleStripeEvent(parsed.data, stripeKey().startsWith('sk_live_'));
    const log = result.outcome === 'flagged' ? warn : info;
    log(`stripeWebhook ${event.type} ${event.id}: ${result.outcome}`, { orderId: result.orderId, reason: result.reason });
    if (result.refund) await refundPayment(result.refund, requestOrigin(req));
    res.status(200).json({ received: true, outcome: result.outcome, reason: result.reason });
  } catch (err) {
    logError(`stripeWebhook failed on ${event.type} ${event.id}; Stripe will redeliver`, err);
    res.status(500).json({ error: 'the event could not be processed; it will be retried' });
  }
});
