import { describe, expect, it } from 'vitest';
import type { OrderStatusResult } from '@storefront/domain';
import { checkInvariants } from '../support/invariants.js';
import { functionUrl } from '../support/stack-client.js';
import { adminDb, callFunction, createUser, stack } from '../support/stack.js';
import { demoPay, placeOrder, readOrder, waitFor } from '../support/order-flow.js';
import { marker, readStock, timeline } from './payment-fixtures.js';

/**
 * The demo payment endpoint (no Stripe key, emulator): only the owner pays, and the order changes
 * only through the signed event it delivers to stripeWebhook.
 */

describe('demoPay', () => {
  it('place → pay → paid, with the reservation committed as a sale', async () => {
    const order = await placeOrder({ quantity: 3, stock: 10 });
    expect(order.paymentIntentId).toBe(`pi_demo_${order.orderId}`);
    expect(await readStock(order)).toEqual({ onHand: 10, reserved: 3, available: 7 });

    const answer = await demoPay({ orderId: order.orderId }, order.idToken);
    expect(answer).toEqual({ status: 200, body: { received: true, outcome: 'applied', reason: null } });

    const paid = await readOrder(order.orderId);
    expect(paid.status).toBe('paid');
    expect(paid.paymentIntentId).toBe(order.paymentIntentId);
    // reserved and onHand both dropped by 3; what shoppers see as available did not move.
    expect(await readStock(order)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect(await timeline(order.orderId)).toEqual(['placed', 'paid']);
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });

  it('a failed demo payment leaves the order awaiting payment, with a notice and a timeline entry', async () => {
    const order = await placeOrder();
    const answer = await demoPay({ orderId: order.orderId, outcome: 'failed' }, order.idToken);
    expect(answer.body.outcome).toBe('applied');
    const after = await readOrder(order.orderId);
    expect(after.status).toBe('pending_payment');
    expect(after.notice).toMatch(/did not go through/);
    expect(await timeline(order.orderId)).toEqual(['placed', 'payment_failed']);
    expect((await demoPay({ orderId: order.orderId }, order.idToken)).body.outcome).toBe('applied');
    expect((await readOrder(order.orderId)).status).toBe('paid');
  });

  it('refuses a missing or invalid token (401), another user (403), an unknown order (404), a bad body (400)', async () => {
    const order = await placeOrder();
    const stranger = await createUser();
    const cases: [string, unknown, string | null, number][] = [
      ['no token', { orderId: order.orderId }, null, 401],
      ['invalid token', { orderId: order.orderId }, 'not-a-token', 401],
      ['another user', { orderId: order.orderId }, stranger.idToken, 403],
      ['unknown order', { orderId: 'no-such-order' }, order.idToken, 404],
      ['bad order id', { orderId: '../orders/x' }, order.idToken, 400],
      ['bad outcome', { orderId: order.orderId, outcome: 'maybe' }, order.idToken, 400],
    ];
    for (const [name, body, token, status] of cases) {
      const answer = await demoPay(body, token);
      expect({ name, status: answer.status }).toEqual({ name, status });
      expect(answer.body.error).toBeTruthy();
    }
    expect((await readOrder(order.orderId)).status).toBe('pending_payment');
    expect(await timeline(order.orderId)).toEqual(['placed']);
  });

  it('answers CORS preflights for the web app and refuses other methods', async () => {
    const url = functionUrl(stack(), 'demoPay');
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const get = await fetch(url, { headers: { origin: 'http://localhost:5173' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('refunds in demo mode', () => {
  it('a paid order cancelled by its owner is restocked, then refunded through the demo charge.refunded event', async () => {
    const order = await placeOrder({ quantity: 2, stock: 10 });
    expect((await demoPay({ orderId: order.orderId }, order.idToken)).body.outcome).toBe('applied');
    const cancelled = await callFunction<OrderStatusResult>('cancelOrder', { orderId: order.orderId }, order.idToken);
    expect(cancelled.ok).toBe(true);

    const refunded = await waitFor(() => readOrder(order.orderId), (o) => o.status === 'refunded', 15_000);
    expect(refunded.notice).toBe('Your payment was refunded.');
    expect(await readStock(order)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await timeline(order.orderId)).toEqual(['placed', 'paid', 'cancelled', 'refunded']);
    expect((await marker(`evt_demo_refund_${order.paymentIntentId}`))?.outcome).toBe('applied');
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });

  it('a payment for an order its owner cancelled while paying is refunded at once', async () => {
    const order = await placeOrder({ quantity: 1, stock: 5 });
    expect((await callFunction<OrderStatusResult>('cancelOrder', { orderId: order.orderId }, order.idToken)).ok).toBe(true);

    const answer = await demoPay({ orderId: order.orderId }, order.idToken);
    expect(answer.body).toMatchObject({ outcome: 'refund-required', reason: 'paid after cancellation' });
    const after = await readOrder(order.orderId);
    expect(after.status).toBe('refunded');
    expect(after.notice).toMatch(/cancelled while your payment was going through/);
    // The refund went out (demo: the charge.refunded event reached the webhook and found it refunded).
    expect((await marker(`evt_demo_refund_${order.paymentIntentId}`))?.outcome).toBe('ignored');
    expect(await readStock(order)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });
});
