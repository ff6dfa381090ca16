import { HttpsError } from 'firebase-functions/https';
import { error as logError } from 'firebase-functions/logger';
import { paths, type OrderStatus } from '@storefront/domain';
import { db } from '../lib/admin.js';
import { describeError } from '../lib/to-https-error.js';
import { refundPayment } from '../payments/refund-payment.js';
import type { Moved } from './move-order.js';

/** The status an order was cancelled from, read back from its timeline (for retried cancellations). */
async function cancelledFrom(orderId: string): Promise<OrderStatus | null> {
  const events = await db().collection(paths.orderEvents(orderId)).where('to', '==', 'cancelled').limit(1).get();
  return (events.docs[0]?.get('from') as OrderStatus | undefined) ?? null;
}

/**
 * After a committed cancellation: if the order had been paid, starts the refund (idempotent by
 * PaymentIntent, so a retried cancel call safely finishes a refund that failed to start). Stripe's
 * `charge.refunded` then moves the order to refunded.
 * @throws HttpsError('unavailable') when the refund could not be started: the order stays
 *   cancelled, and calling again retries the refund.
 */
export async function refundIfPaid(orderId: string, moved: Moved, origin: string, reason: string): Promise<void> {
  if (moved.order.status !== 'cancelled') return;
  const from = moved.from ?? (await cancelledFrom(orderId));
  if (from !== 'paid' && from !== 'packed') return;
  const paymentIntentId = moved.order.paymentIntentId;
  if (!paymentIntentId) {
    logError('refundIfPaid: a paid order has no PaymentIntent', { orderId });
    throw new HttpsError('internal', `order ${orderId} was paid but has no payment to refund`);
  }
  try {
    await refundPayment({ orderId, paymentIntentId, reason }, origin);
  } catch (err) {
    logError('refundIfPaid: refund failed', { orderId, paymentIntentId, error: describeError(err) });
    throw new HttpsError('unavailable', `order ${orderId} is cancelled but its refund could not be started; call again to retry it`);
  }
}
