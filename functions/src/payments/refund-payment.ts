import { HttpsError } from 'firebase-functions/https';
import { orderRef, parseOrder } from '../orders/order-doc.js';
import { deliverDemoEvent, demoRefundEvent } from './demo-events.js';
import { refundPaymentIntent } from './payment-intents.js';
import { paymentMode } from './payment-mode.js';
import { stripeClient } from './stripe-client.js';

export interface RefundRequest {
  orderId: string;
  paymentIntentId: string;
  /** Why the money goes back, for the refund's metadata and the logs. */
  reason: string;
}

/**
 * Refunds an order's payment in full, at most once however often it is called. Stripe then sends
 * `charge.refunded`, and stripeWebhook moves the order to `refunded`. In demo mode the same event
 * is built here, signed and delivered to stripeWebhook under `origin`, so both modes end in the
 * same webhook code.
 * Call it after the transaction that decided on the refund has committed.
 * @throws HttpsError: 'failed-precondition' when payments are not configured; 'not-found' in demo
 *   mode when the order is gone; 'unavailable' when the demo webhook did not accept the event;
 *   the codes of `toPaymentError` when Stripe fails.
 */
export async function refundPayment(request: RefundRequest, origin: string): Promise<void> {
  const { orderId, paymentIntentId, reason } = request;
  switch (paymentMode()) {
    case 'stripe':
      return refundPaymentIntent(stripeClient(), paymentIntentId, { orderId, reason });
    case 'demo': {
      const order = parseOrder(await orderRef(orderId).get());
      if (!order) throw new HttpsError('not-found', `order ${orderId} does not exist`);
      const delivery = await deliverDemoEvent(demoRefundEvent(orderId, paymentIntentId, order), origin);
      if (delivery.status >= 300) throw new HttpsError('unavailable', `the demo refund was not accepted (webhook answered ${delivery.status})`);
      return;
    }
    case 'unconfigured':
      throw new HttpsError('failed-precondition', 'payments are not configured');
  }
}
