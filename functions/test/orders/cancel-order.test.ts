import { describe, expect, it } from 'vitest';
import type { OrderStatusResult } from '@storefront/domain';
import { checkInvariants } from '../support/invariants.js';
import { adminDb, callFunction, createUser, type TestUser } from '../support/stack.js';
import { eventsOf, stockOf } from '../checkout/checkout-client.js';
import { demoPay, placeOrder, readOrder, waitFor, type PlacedOrder } from '../support/order-flow.js';

function cancel(orderId: unknown, user: Pick<TestUser, 'idToken'> | null) {
  return callFunction<OrderStatusResult>('cancelOrder', { orderId }, user?.idToken);
}

async function pay(order: PlacedOrder): Promise<void> {
  expect((await demoPay({ orderId: order.orderId }, order.idToken)).status).toBe(200);
  expect((await readOrder(order.orderId)).status).toBe('paid');
}

describe('cancelOrder', () => {
  it('lets the owner cancel an unpaid order, releasing its reservation; cancelling again succeeds and changes nothing', async () => {
    const order = await placeOrder({ quantity: 3 });
    expect(await cancel(order.orderId, order)).toEqual({ ok: true, data: { orderId: order.orderId, status: 'cancelled' } });
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    const events = await eventsOf(order.orderId);
    expect(events.at(-1)).toEqual({ type: 'cancelled', actor: { kind: 'shopper', uid: order.uid }, from: 'pending_payment', to: 'cancelled', note: null });

    expect(await cancel(order.orderId, order)).toEqual({ ok: true, data: { orderId: order.orderId, status: 'cancelled' } });
    expect(await eventsOf(order.orderId)).toHaveLength(events.length);
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });

  it('restocks and refunds a paid order', async () => {
    const order = await placeOrder({ quantity: 2 });
    await pay(order);
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect(await cancel(order.orderId, order)).toEqual({ ok: true, data: { orderId: order.orderId, status: 'cancelled' } });
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    // The refund's charge.refunded event (demo mode: delivered to stripeWebhook) ends the order.
    await waitFor(() => readOrder(order.orderId), (o) => o.status === 'refunded', 20_000);
    expect((await eventsOf(order.orderId)).map((e) => `${e.type}:${e.to}`)).toEqual(['placed:pending_payment', 'paid:paid', 'cancelled:cancelled', 'refunded:refunded']);
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });

  it("refuses another user's order, a missing order, no token and bad input, changing nothing", async () => {
    const order = await placeOrder({ quantity: 1 });
    const stranger = await createUser();
    expect(await cancel(order.orderId, stranger)).toMatchObject({ ok: false, status: 'PERMISSION_DENIED', message: `order ${order.orderId} is not yours` });
    expect(await cancel('no-such-order', order)).toMatchObject({ ok: false, status: 'NOT_FOUND', message: 'order no-such-order does not exist' });
    expect(await cancel(order.orderId, null)).toMatchObject({ ok: false, status: 'UNAUTHENTICATED' });
    expect(await cancel('../orders', order)).toMatchObject({
      ok: false,
      status: 'INVALID_ARGUMENT',
      message: 'orderId: orderId must be 1–64 characters of A–Z, a–z, 0–9, _ or -',
    });
    expect((await readOrder(order.orderId)).status).toBe('pending_payment');
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 1, available: 9 });
  });

  it('refuses once the order has shipped', async () => {
    const order = await placeOrder({ quantity: 1 });
    await pay(order);
    const admin = await createUser({ admin: true });
    for (const to of ['packed', 'shipped'])
      expect(await callFunction('advanceOrder', { orderId: order.orderId, to }, admin.idToken)).toMatchObject({ ok: true });
    expect(await cancel(order.orderId, order)).toMatchObject({
      ok: false,
      status: 'FAILED_PRECONDITION',
      message: `order ${order.orderId} cannot move from shipped to cancelled`,
    });
    expect((await readOrder(order.orderId)).status).toBe('shipped');
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });
});
