import type { Transaction } from 'firebase-admin/firestore';
import { applyTransition } from '../orders/apply-transition.js';
import { orderRef, parseOrder } from '../orders/order-doc.js';

/**
 * What expiring one reservation did: 'early' means it is not due yet and must be tried again
 * later; 'changed' that the order's PaymentIntent is not the one whose status was checked before
 * the transaction, so the check must be made again.
 */
export type ExpireOutcome = 'expired' | 'early' | 'settled' | 'missing' | 'changed';

const SYSTEM = { kind: 'system', uid: null } as const;

/**
 * Within `tx`: expires the order if it still awaits payment and its reservation is due at `now`
 * (returning its stock via applyTransition); otherwise changes nothing. Safe to run any number of
 * times, before or after payment. `checkedPaymentIntentId`, when given, is the PaymentIntent whose
 * status the caller looked up before the transaction: an order now holding another one is left
 * alone ('changed').
 */
export async function expireIfDue(tx: Transaction, orderId: string, now: number, checkedPaymentIntentId?: string | null): Promise<ExpireOutcome> {
  const order = parseOrder(await tx.get(orderRef(orderId)));
  if (!order) return 'missing';
  if (order.status !== 'pending_payment') return 'settled';
  if (now < order.expiresAt.toMillis()) return 'early';
  if (checkedPaymentIntentId !== undefined && order.paymentIntentId !== checkedPaymentIntentId) return 'changed';
  const result = await applyTransition(tx, { orderId, to: 'expired', actor: SYSTEM, note: 'the reservation expired before payment' });
  return result.outcome === 'applied' ? 'expired' : 'settled';
}
