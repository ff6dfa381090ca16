import { hashId } from '../lib/hash-id.js';

/**
 * The order id for a checkout: a hash of (uid, checkoutId), so every retry of one checkout by one
 * user lands on the same order, another user's identical checkoutId on a different one, and ids
 * are neither guessable from the checkout id nor sequential.
 */
export function orderIdFor(uid: string, checkoutId: string): string {
  return hashId('order', uid, checkoutId);
}
