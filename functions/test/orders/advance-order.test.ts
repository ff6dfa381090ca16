import { describe, expect, it } from 'vitest';
import { FULFILMENT_PATH, type OrderStatus, type OrderStatusResult } from '@storefront/domain';
import { checkInvariants } from '../support/invariants.js';
import { adminDb, callFunction, createUser, type TestUser } from '../support/stack.js';
import { eventsOf, stockOf } from '../checkout/checkout-client.js';
import { demoPay, placeOrder, readOrder, waitFor, type PlacedOrder } from '../support/order-flow.js';

function advance(orderId: string, to: OrderStatus, user: Pick<TestUser, 'idToken'> | null) {
  return callFunction<OrderStatusResult>('advanceOrder', { orderId, to }, user?.idToken);
}

async function paidOrder(): Promise<PlacedOrder> {
  const order = await placeOrder({ quantity: 2 });
  expect((await demoPay({ orderId: order.orderId }, order.idToken)).status).toBe(200);
  expect((await readOrder(order.orderId)).status).toBe('paid');
  return order;
}

describe('advanceOrder', () => {
  it('takes a paid order through every fulfilment step, one event each, stock untouched after the sale', async () => {
    const order = await paidOrder();
    const admin = await createUser({ admin: true });
    const steps = FULFILMENT_PATH.slice(2);
    for (const to of steps) expect(await advance(order.orderId, to, admin)).toEqual({ ok: true, data: { orderId: order.orderId, status: to } });
    const events = await eventsOf(order.orderId);
    expect(events.map((e) => e.type)).toEqual(['placed', 'paid', ...steps]);
    expect(events.slice(2).map((e) => [e.from, e.to, e.actor.kind, e.actor.uid])).toEqual(
      steps.map((to, i) => [i === 0 ? 'paid' : steps[i - 1], to, 'admin', admin.uid]),
    );
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    // Repeating the last move is a no-op that succeeds.
    expect(await advance(order.orderId, 'delivered', admin)).toEqual({ ok: true, data: { orderId: order.orderId, status: 'delivered' } });
    expect(await eventsOf(order.orderId)).toHaveLength(events.length);
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });

  it('refuses shoppers and callers without a token', async () => {
    const order = await paidOrder();
    expect(await advance(order.orderId, 'packed', order)).toMatchObject({ ok: false, status: 'PERMISSION_DENIED', message: 'only admins may do this' });
    expect(await advance(order.orderId, 'packed', null)).toMatchObject({ ok: false, status: 'UNAUTHENTICATED' });
    expect((await readOrder(order.orderId)).status).toBe('paid');
  });

  it('refuses jumps, moves reserved for payments and going back, naming from and to', async () => {
    const admin = await createUser({ admin: true });
    const pending = await placeOrder({ quantity: 1 });
    const paid = await paidOrder();
    const cases: [PlacedOrder, OrderStatus, OrderStatus][] = [
      [pending, 'paid', 'pending_payment'],
      [pending, 'packed', 'pending_payment'],
      [pending, 'cancelled', 'pending_payment'],
      [paid, 'shipped', 'paid'],
      [paid, 'delivered', 'paid'],
      [paid, 'refunded', 'paid'],
      [paid, 'pending_payment', 'paid'],
      [paid, 'expired', 'paid'],
    ];
    for (const [order, to, from] of cases)
      expect(await advance(order.orderId, to, admin)).toMatchObject({
        ok: false,
        status: 'FAILED_PRECONDITION',
        message: `order ${order.orderId} cannot move from ${from} to ${to}`,
      });
    expect(await advance('no-such-order', 'packed', admin)).toMatchObject({ ok: false, status: 'NOT_FOUND' });
    expect(await callFunction('advanceOrder', { orderId: paid.orderId, to: 'lost' }, admin.idToken)).toMatchObject({ ok: false, status: 'INVALID_ARGUMENT' });
    expect((await readOrder(pending.orderId)).status).toBe('pending_payment');
    expect((await readOrder(paid.orderId)).status).toBe('paid');
    await checkInvariants(adminDb(), { storeId: paid.storeId, productIds: [paid.productId] });
  });

  it('cancelling a packed order restocks and refunds it', async () => {
    const order = await paidOrder();
    const admin = await createUser({ admin: true });
    expect(await advance(order.orderId, 'packed', admin)).toMatchObject({ ok: true });
    expect(await advance(order.orderId, 'cancelled', admin)).toEqual({ ok: true, data: { orderId: order.orderId, status: 'cancelled' } });
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    await waitFor(() => readOrder(order.orderId), (o) => o.status === 'refunded', 20_000);
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });
});
