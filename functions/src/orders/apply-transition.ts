import { FieldValue, type Transaction } from 'firebase-admin/firestore';
import { canTransition, type Actor, type Order, type OrderEvent, type OrderStatus } from '@storefront/domain';
import { readStock, writeStockChanges, type StockChange } from '../stock/stock.js';
import { appendOrderEvent } from './append-event.js';
import { orderRef, parseOrder } from './order-doc.js';
import { stockEffect } from './stock-effect.js';

export interface TransitionRequest {
  orderId: string;
  to: OrderStatus;
  actor: Actor;
  /** Shown in the timeline entry. */
  note?: string;
  /** Timeline entry type; defaults to the target status. */
  eventType?: OrderEvent['type'];
}

export type TransitionResult =
  | { outcome: 'applied'; from: OrderStatus; order: Order }
  | { outcome: 'unchanged'; reason: 'not-allowed' | 'same-status'; order: Order }
  | { outcome: 'out-of-stock'; order: Order }
  | { outcome: 'missing' };

/**
 * Moves an order to `to` within `tx`, if the state machine allows it: reads the order and then
 * (when the move touches stock) its stock, then writes the status, updatedAt, one timeline entry
 * and the stock effect with its ledger entries (see `stockEffect`). Nothing is written unless the
 * outcome is 'applied'; 'out-of-stock' means a late payment found too little available stock.
 * Callers may read other documents before calling this and write after it.
 * @throws NegativeStockError if stored stock contradicts the order (a reservation that is not there).
 */
export async function applyTransition(tx: Transaction, request: TransitionRequest): Promise<TransitionResult> {
  const { orderId, to, actor } = request;
  const ref = orderRef(orderId);
  const order = parseOrder(await tx.get(ref));
  if (!order) return { outcome: 'missing' };
  const from = order.status;
  if (from === to) return { outcome: 'unchanged', reason: 'same-status', order };
  // Nothing ever moves back to pending_payment; the explicit check also narrows `to` for the event type.
  if (to === 'pending_payment' || !canTransition(from, to)) return { outcome: 'unchanged', reason: 'not-allowed', order };

  const effect = stockEffect(from, to);
  if (effect) {
    const levels = await readStock(
      tx,
      order.storeId,
      order.lines.map((line) => line.productId),
    );
    const changes: StockChange[] = order.lines.map((line) => ({
      productId: line.productId,
      kind: effect.kind,
      onHandDelta: effect.onHand * line.quantity,
      reservedDelta: effect.reserved * line.quantity,
    }));
    // A change that lowers available needs that much available; today only a late payment does.
    const short = changes.some((c) => levels.get(c.productId)!.available < c.reservedDelta - c.onHandDelta);
    if (short) return { outcome: 'out-of-stock', order };
    writeStockChanges(tx, order.storeId, levels, changes, { orderId, actor, reason: `order ${from} → ${to}` });
  }

  tx.update(ref, { status: to, updatedAt: FieldValue.serverTimestamp() });
  appendOrderEvent(tx, orderId, { type: request.eventType ?? to, actor, from, to, note: request.note ?? null });
  return { outcome: 'applied', from, order: { ...order, status: to } };
}
