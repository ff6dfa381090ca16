import { db } from '../lib/admin.js';
import { orderRef, parseOrder } from '../orders/order-doc.js';
import { paymentState } from '../payments/payment-state.js';
import { expireIfDue, type ExpireOutcome } from './expire-if-due.js';

/**
 * What one release attempt did. Besides expireIfDue's outcomes:
 * - 'payment-in-flight': due, but the PaymentIntent may still be paid (`paymentStatus` says how);
 * - 'payment-unknown': due, but its status could not be looked up (`error`).
 * 'early', 'changed' and both of these mean "try again later"; the rest are final.
 */
export interface ReleaseResult {
  outcome: ExpireOutcome | 'payment-in-flight' | 'payment-unknown';
  paymentStatus?: string;
  error?: string;
  /** True when the grace period was over, so the payment was not looked up at all. */
  graceOver?: boolean;
}

/** The outcomes after which the release must be tried again. */
export function shouldRetry(result: ReleaseResult): boolean {
  return ['early', 'changed', 'payment-in-flight', 'payment-unknown'].includes(result.outcome);
}

/**
 * Releases the order's reservation if it is due at `now` (epoch ms) and no payment is in flight
 * (reliability.md F5). The PaymentIntent's status is looked up outside any transaction (a network
 * call); the transaction then re-checks the order (still pending, still due, same PaymentIntent),
 * so a payment that lands between the two wins cleanly. From `graceMs` past the expiry on the
 * order is released whatever the payment is doing: a payment that still lands takes the
 * webhook's late-payment path (re-reserve, or refund when sold out).
 */
export async function releaseIfDue(orderId: string, now: number, graceMs: number): Promise<ReleaseResult> {
  const order = parseOrder(await orderRef(orderId).get());
  if (!order) return { outcome: 'missing' };
  if (order.status !== 'pending_payment') return { outcome: 'settled' };
  const expiresAt = order.expiresAt.toMillis();
  if (now < expiresAt) return { outcome: 'early' };

  const graceOver = now >= expiresAt + graceMs;
  let paymentStatus: string | undefined;
  if (!graceOver) {
    const payment = await paymentState(order.paymentIntentId);
    if (payment.kind === 'unknown') return { outcome: 'payment-unknown', error: payment.error };
    if (payment.kind === 'in-flight') return { outcome: 'payment-in-flight', paymentStatus: payment.status };
    paymentStatus = payment.status;
  }
  const outcome = await db().runTransaction((tx) => expireIfDue(tx, orderId, now, graceOver ? undefined : order.paymentIntentId));
  return { outcome, graceOver, ...(paymentStatus === undefined ? {} : { paymentStatus }) };
}
