import { HttpsError } from 'firebase-functions/https';
import type { Actor, Order, OrderStatus } from '@storefront/domain';
import { db } from '../lib/admin.js';
import { applyTransition } from './apply-transition.js';
import { orderRef, parseOrder } from './order-doc.js';

export interface MoveRequest {
  orderId: string;
  to: OrderStatus;
  actor: Actor;
  /**
   * Called with the order before anything is written; throws an HttpsError to refuse the move. It
   * is also called when the order already is in `to` (a retry), which should then be allowed.
   */
  authorize: (order: Order) => void;
}

/** A move that went through, now or on an earlier try: `from` is null when the order already was in `to`. */
export interface Moved {
  order: Order;
  from: OrderStatus | null;
}

/**
 * Moves an order on behalf of a person (shopper or admin) in one transaction.
 * @throws HttpsError 'not-found' for a missing order, whatever `authorize` throws, and
 *   'failed-precondition' naming from and to when the state machine forbids the move.
 */
export async function moveOrder(request: MoveRequest): Promise<Moved> {
  const { orderId, to, actor } = request;
  const result = await db().runTransaction(async (tx) => {
    const order = parseOrder(await tx.get(orderRef(orderId)));
    if (order) request.authorize(order);
    return applyTransition(tx, { orderId, to, actor });
  });
  switch (result.outcome) {
    case 'missing':
      throw new HttpsError('not-found', `order ${orderId} does not exist`);
    case 'applied':
      return { order: result.order, from: result.from };
    case 'unchanged':
      if (result.reason === 'same-status') return { order: result.order, from: null };
      throw new HttpsError('failed-precondition', `order ${orderId} cannot move from ${result.order.status} to ${to}`);
    case 'out-of-stock':
      // Only a late payment (expired → paid) can run short, and people never make that move.
      throw new HttpsError('failed-precondition', `order ${orderId} cannot move from ${result.order.status} to ${to}: out of stock`);
  }
}
