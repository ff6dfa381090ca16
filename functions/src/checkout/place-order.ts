import { HttpsError, onCall } from 'firebase-functions/https';
import { paths, placeOrderInputSchema, type Payment, type PlaceOrderResult } from '@storefront/domain';
import { createPayment } from '../payments/create-payment.js';
import { db } from '../lib/admin.js';
import { requireAuth } from '../lib/auth.js';
import { REGION, reservationSeconds, stripeSecretKey } from '../lib/config.js';
import { parseInput } from '../lib/parse-input.js';
import { requestOrigin } from '../lib/request-origin.js';
import { mappingErrors } from '../lib/to-https-error.js';
import { orderRef, parseOrder } from '../orders/order-doc.js';
import { scheduleRelease } from '../reservations/schedule-release.js';
import { orderIdFor } from './order-id.js';
import { reserveOrder, type PlacedOrder } from './reserve-order.js';

/** Records the PaymentIntent on the order unless one is already there (a concurrent retry may have won). */
async function recordPaymentIntent(orderId: string, paymentIntentId: string): Promise<void> {
  await db().runTransaction(async (tx) => {
    const order = parseOrder(await tx.get(orderRef(orderId)));
    if (order && order.paymentIntentId === null) tx.update(orderRef(orderId), { paymentIntentId });
  });
}

/**
 * The side effects that follow the commit, each idempotent so a retried call can repeat them:
 * schedule the release (only while no payment exists yet: once one does, the release was scheduled
 * before it) and create, or fetch again by idempotency key, the payment.
 */
async function startPayment(order: PlacedOrder, uid: string, origin: string): Promise<Payment> {
  if (order.paymentIntentId === null) await scheduleRelease(order.orderId, order.expiresAt);
  const payment = await createPayment({ orderId: order.orderId, uid, amount: order.amount, currency: order.currency }, origin);
  if (order.paymentIntentId === null) await recordPaymentIntent(order.orderId, payment.paymentIntentId);
  return payment;
}

/**
 * Callable `placeOrder({checkoutId, storeId, lines})` for a signed-in or anonymous user: reserves
 * every line or none in one transaction (see reserveOrder), then schedules the reservation's
 * release and creates the payment. The same checkoutId from the same user always returns the same
 * order; the payment is returned only while the order still awaits it.
 * Errors: unauthenticated; invalid-argument naming each bad field; failed-precondition for an
 * unknown store or product, an inactive product, or short stock (details: OutOfStockDetails);
 * aborted / unavailable when the database is too contended or unreachable (retry).
 */
export const placeOrder = onCall(
  { region: REGION, secrets: [stripeSecretKey] },
  mappingErrors('placeOrder', async (request): Promise<PlaceOrderResult> => {
    const uid = requireAuth(request);
    const input = parseInput(placeOrderInputSchema, request.data);
    // Stores are catalog data that checkouts never write; reading the store outside the transaction
    // keeps every checkout in a store from locking (and so serialising on) its one document.
    const store = await db().doc(paths.store(input.storeId)).get();
    if (!store.exists)
      throw new HttpsError('failed-precondition', `store ${input.storeId} does not exist`, { reason: 'unknown-store' });

    const orderId = orderIdFor(uid, input.checkoutId);
    const now = Date.now();
    const order = await db().runTransaction((tx) =>
      reserveOrder(tx, { orderId, uid, input, now, reservationSeconds: reservationSeconds.value() }),
    );
    const payment = order.status === 'pending_payment' ? await startPayment(order, uid, requestOrigin(request.rawRequest)) : null;
    return {
      orderId: order.orderId as PlaceOrderResult['orderId'],
      status: order.status,
      amount: order.amount,
      currency: order.currency,
      expiresAt: order.expiresAt.toISOString(),
      payment,
    };
  }),
);
