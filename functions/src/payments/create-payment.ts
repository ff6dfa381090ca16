import { HttpsError } from 'firebase-functions/https';
import type { Payment } from '@storefront/domain';
import { demoPaymentIntentId } from './demo-events.js';
import { functionUrl } from './function-url.js';
import { createPaymentIntent, type PaymentIntentRequest } from './payment-intents.js';
import { paymentMode } from './payment-mode.js';
import { stripeClient } from './stripe-client.js';

/**
 * Creates the payment for an order placeOrder has just committed; safe to call again for the same
 * order (Stripe: same PaymentIntent through its idempotency key; demo: same derived id).
 * `origin` is the base URL the functions were called at (see `requestOrigin`); demo mode points
 * the shopper's pay link at the demoPay function there.
 * @throws HttpsError('failed-precondition') when neither Stripe nor demo mode is available, and
 *   the codes of `toPaymentError` when Stripe fails.
 */
export async function createPayment(request: PaymentIntentRequest, origin: string): Promise<Payment> {
  switch (paymentMode()) {
    case 'stripe': {
      const intent = await createPaymentIntent(stripeClient(), request);
      if (!intent.client_secret) throw new HttpsError('internal', `PaymentIntent ${intent.id} came back without a client secret`);
      return { mode: 'stripe', paymentIntentId: intent.id, clientSecret: intent.client_secret };
    }
    case 'demo':
      return { mode: 'demo', paymentIntentId: demoPaymentIntentId(request.orderId), payUrl: functionUrl(origin, 'demoPay') };
    case 'unconfigured':
      throw new HttpsError('failed-precondition', 'payments are not configured');
  }
}
