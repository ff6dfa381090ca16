import { HttpsError, onCall } from 'firebase-functions/https';
import { advanceOrderInputSchema, canAdminMove, type OrderStatusResult } from '@storefront/domain';
import { requireAdmin } from '../lib/auth.js';
import { REGION, stripeSecretKey } from '../lib/config.js';
import { parseInput } from '../lib/parse-input.js';
import { requestOrigin } from '../lib/request-origin.js';
import { mappingErrors } from '../lib/to-https-error.js';
import { moveOrder } from './move-order.js';
import { refundIfPaid } from './refund-cancelled.js';

/**
 * Callable `advanceOrder({orderId, to})` for admins: one fulfilment step forward, or cancelling a
 * paid order that has not shipped (restocked and refunded). Repeating a move that is already done
 * succeeds.
 * Errors: unauthenticated (also for a revoked token or disabled user: requireAdmin checks
 * revocation); permission-denied without the admin claim; invalid-argument;
 * not-found; failed-precondition naming from and to for any other move.
 */
export const advanceOrder = onCall(
  { region: REGION, secrets: [stripeSecretKey] },
  mappingErrors('advanceOrder', async (request): Promise<OrderStatusResult> => {
    const uid = await requireAdmin(request);
    const { orderId, to } = parseInput(advanceOrderInputSchema, request.data);
    const moved = await moveOrder({
      orderId,
      to,
      actor: { kind: 'admin', uid },
      authorize: (order) => {
        if (order.status !== to && !canAdminMove(order.status, to))
          throw new HttpsError('failed-precondition', `order ${orderId} cannot move from ${order.status} to ${to}`);
      },
    });
    await refundIfPaid(orderId, moved, requestOrigin(request.rawRequest), 'cancelled by the store');
    return { orderId, status: moved.order.status };
  }),
);
