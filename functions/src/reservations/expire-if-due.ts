import type { Transaction } from 'firebase-admin/firestore';
import { applyTransition } from '../orders/apply-transition.js';
import { orderRef, parseOrder } from '../orders/order-doc.js';

/** What releasing one reservation did: 'early' means it is not due yet and must be tried again later. */
export type ReleaseOutcome = 'expired' | 'early' | 'settled' | 'missing';

const SYSTEM = { kind: 'system', uid: null } as const;

/**
 * Within `tx`: expires the order if it still awaits payment and its reservation is due at `now`
 * (returning its stock via applyTransition); otherwise changes nothing. Safe to run any number of
 * times, before or after payment.
 */
export async function expireIfDue(tx: Transaction, orderId: string, now: number): Promise<ReleaseOutcome> {
  const order = parseOrder(await tx.get(orderRef(orderId)));
  if (!order) return 'missing';
  if (order.status !== 'pending_payment') return 'settled';
  if (now < order.expiresAt.toMillis()) return 'early';
  const result = await applyTransition(tx, { orderId, to: 'expired', actor: SYSTEM, note: 'the reservation expired before payment' });
  return result.outcome === 'applied' ? 'expired' : 'settled';
}
