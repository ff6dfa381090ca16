import { HttpsError, onCall } from 'firebase-functions/https';
import { cancelOrderInputSchema, canOwnerCancel, type OrderStatusResult } from '@storefront/domain';
import { requireAuth } from '../lib/auth.js';
import { REGION, stripeSecretKey } from '../lib/config.js';
import { parseInput } from '../lib/parse-input.js';
import { requestOrigin } from '../lib/request-origin.js';
import { mappingErrors } from '../lib/to-https-error.js';
import { moveOrder } from './move-order.js';
import { refundIfPaid } from './refund-cancelled.js';

/**
 * Callable `cancelOrder({orderId})`: the owner cancels before the parcel leaves the store. An
 * unpaid order releases its reservation; a paid one is restocked and refunded. Cancelling a
 * cancelled order succeeds (and finishes a refund that failed to start).
 * Errors: unauthenticated; invalid-argument; not-found; permission-denied for another user's
 * order; failed-precondition once the order has shipped (or is otherwise final).
 */
export const cancelOrder = onCall(
  { region: REGION, secrets: [stripeSecretKey] },
  mappingErrors('cancelOrder', async (request): Promise<OrderStatusResult> => {
    const uid = requireAuth(request);
    const { orderId } = parseInput(cancelOrderInputSchema, request.data);
    const moved = await moveOrder({
      orderId,
      to: 'cancelled',
      actor: { kind: 'shopper', uid },
      authorize: (order) => {
        if (order.uid !== uid) throw new HttpsError('permission-denied', `order ${orderId} is not yours`);
        if (order.status !== 'cancelled' && !canOwnerCancel(order.status))
          throw new HttpsError('failed-precondition', `order ${orderId} cannot move from ${order.status} to cancelled`);
      },
    });
    await refundIfPaid(orderId, moved, requestOrigin(request.rawRequest), 'cancelled by the shopper');
    return { orderId, status: moved.order.status };
  }),
);
