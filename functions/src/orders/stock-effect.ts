import type { LedgerEntry, OrderStatus } from '@storefront/domain';

/** What one unit of an order line does to stock when the order moves: deltas per unit of quantity. */
export interface StockEffect {
  kind: LedgerEntry['kind'];
  onHand: number;
  reserved: number;
}

/**
 * The stock consequence of moving an order from `from` to `to`, or null when stock is untouched.
 * - pending_payment → paid: the reservation becomes a sale (reserved and onHand both drop).
 * - pending_payment → expired | cancelled: the reservation is released.
 * - expired → paid (a late payment): sold straight from available stock, if there is enough.
 * - paid | packed → cancelled | refunded: the goods never left the store, so they are restocked.
 * Refunds after shipping, and refunds of cancelled or expired orders, change no stock: either the
 * goods are gone or the stock was already returned.
 */
export function stockEffect(from: OrderStatus, to: OrderStatus): StockEffect | null {
  if (from === 'pending_payment' && to === 'paid') return { kind: 'sale', onHand: -1, reserved: -1 };
  if (from === 'pending_payment' && (to === 'expired' || to === 'cancelled')) return { kind: 'release', onHand: 0, reserved: -1 };
  if (from === 'expired' && to === 'paid') return { kind: 'sale', onHand: -1, reserved: 0 };
  if ((from === 'paid' || from === 'packed') && (to === 'cancelled' || to === 'refunded')) return { kind: 'restock', onHand: 1, reserved: 0 };
  return null;
}
