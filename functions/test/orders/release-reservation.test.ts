import { describe, expect, it } from 'vitest';
import { paths, type PlaceOrderInput } from '@storefront/domain';
import { reserveOrder } from '../../src/checkout/reserve-order.js';
import { createProduct, createStore } from '../support/fixtures.js';
import { checkInvariants } from '../support/invariants.js';
import { demoIntentStatus, setDemoIntentStatus } from '../../src/payments/demo-intents.js';
import { sweepExpiredReservations } from '../../src/reservations/sweep-reservations.js';
import { startFakeStripe } from '../support/fake-stripe.js';
import { adminDb, createUser, postToFunction, stack, uniqueId } from '../support/stack.js';
import { eventsOf, ledgerOf, placeOk, stockOf } from '../checkout/checkout-client.js';
import { demoPay, placeOrder, readOrder, runRelease, setExpiry, waitFor } from '../support/order-flow.js';

const SYSTEM = { kind: 'system', uid: null };

describe('reservation expiry', () => {
  it('expires an unpaid order after RESERVATION_SECONDS through the scheduled task and returns its stock', async () => {
    const storeId = await createStore();
    const productId = await createProduct({ stock: { [storeId]: 5 } });
    const user = await createUser();
    const placedAt = Date.now();
    const { orderId, expiresAt } = await placeOk(user, storeId, [{ productId, quantity: 3 }]);
    expect(await stockOf(productId, storeId)).toEqual({ onHand: 5, reserved: 3, available: 2 });

    // Nothing but the task placeOrder scheduled moves it (the tasks emulator runs it at once and
    // retries it with backoff until the reservation is due).
    const expired = await waitFor(() => readOrder(orderId), (o) => o.status !== 'pending_payment', stack().reservationSeconds * 1000 + 30_000);
    const expiredAfter = Date.now() - placedAt;
    console.log(`order expired ${expiredAfter} ms after placement (reservation ${stack().reservationSeconds} s)`);
    expect(expired.status).toBe('expired');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    expect(await stockOf(productId, storeId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await eventsOf(orderId)).toEqual([
      { type: 'placed', actor: { kind: 'shopper', uid: user.uid }, from: null, to: 'pending_payment', note: null },
      { type: 'expired', actor: SYSTEM, from: 'pending_payment', to: 'expired', note: 'the reservation expired before payment' },
    ]);
    expect((await ledgerOf({ orderId })).map((e) => [e.kind, e.onHandDelta, e.reservedDelta])).toEqual(
      expect.arrayContaining([
        ['reservation', 0, 3],
        ['release', 0, -3],
      ]),
    );
    await checkInvariants(adminDb(), { storeId, productIds: [productId] });
  });
});

describe('releaseReservation run directly (as Cloud Tasks would, any number of times)', () => {
  it('asks to be retried while the reservation is not due, changing nothing', async () => {
    const order = await placeOrder({ quantity: 2 });
    const early = await runRelease(order.orderId);
    expect(early.status).toBe(503);
    expect(JSON.parse(early.text)).toMatchObject({ error: { status: 'UNAVAILABLE', message: `the reservation of order ${order.orderId} is not due yet` } });
    expect((await readOrder(order.orderId)).status).toBe('pending_payment');
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 2, available: 8 });
  });

  it('expires once however often it runs, concurrently or one after the other', async () => {
    const order = await placeOrder({ quantity: 2 });
    await setExpiry(order.orderId, -1);
    const runs = [...(await Promise.all([1, 2, 3].map(() => runRelease(order.orderId)))), await runRelease(order.orderId)];
    for (const run of runs) expect(run.status).toBe(204);
    expect((await readOrder(order.orderId)).status).toBe('expired');
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect((await eventsOf(order.orderId)).map((e) => e.type)).toEqual(['placed', 'expired']);
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });

  it('leaves a paid order alone', async () => {
    const order = await placeOrder({ quantity: 2 });
    expect((await demoPay({ orderId: order.orderId }, order.idToken)).status).toBe(200);
    expect((await readOrder(order.orderId)).status).toBe('paid');
    expect(await demoIntentStatus(order.paymentIntentId)).toBe('succeeded');
    await setExpiry(order.orderId, -1);
    expect((await runRelease(order.orderId)).status).toBe(204);
    expect((await readOrder(order.orderId)).status).toBe('paid');
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect((await eventsOf(order.orderId)).map((e) => e.type)).toEqual(['placed', 'paid']);
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });

  it('drops a malformed task or one for a missing order without retrying', async () => {
    const malformed = await postToFunction('releaseReservation', JSON.stringify({ data: { orderId: '../../x' } }), { 'content-type': 'application/json' });
    expect(malformed.status).toBe(204);
    expect((await runRelease('no-such-order')).status).toBe(204);
  });
});

describe('a payment in flight holds the release back, for at most RELEASE_GRACE_SECONDS (demo mode, reliability.md F5)', () => {
  it('answers unavailable while the demo PaymentIntent is processing, and expires once the grace is over', async () => {
    const order = await placeOrder({ quantity: 2 });
    // What demoPay records while its payment event is on its way to the webhook.
    await setDemoIntentStatus(order.paymentIntentId, 'processing');
    await setExpiry(order.orderId, -1);
    const held = await runRelease(order.orderId);
    expect(held.status).toBe(503);
    expect(JSON.parse(held.text)).toMatchObject({
      error: { status: 'UNAVAILABLE', message: `the payment of order ${order.orderId} is in flight (PaymentIntent processing)` },
    });
    expect((await readOrder(order.orderId)).status).toBe('pending_payment');
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 2, available: 8 });

    await setExpiry(order.orderId, -(stack().releaseGraceSeconds * 1000 + 1000));
    expect((await runRelease(order.orderId)).status).toBe(204);
    expect((await readOrder(order.orderId)).status).toBe('expired');
    expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });

  it('the scheduled task keeps retrying through the grace period, then expires the order', async () => {
    const storeId = await createStore();
    const productId = await createProduct({ stock: { [storeId]: 5 } });
    const user = await createUser();
    const placedAt = Date.now();
    const { orderId, payment } = await placeOk(user, storeId, [{ productId, quantity: 1 }]);
    await setDemoIntentStatus(payment!.paymentIntentId, 'processing');
    const { reservationSeconds, releaseGraceSeconds } = stack();
    const expired = await waitFor(() => readOrder(orderId), (o) => o.status !== 'pending_payment', (reservationSeconds + releaseGraceSeconds) * 1000 + 45_000);
    const after = Date.now() - placedAt;
    console.log(`order with a processing payment expired ${after} ms after placement (reservation ${reservationSeconds} s + grace ${releaseGraceSeconds} s)`);
    expect(expired.status).toBe('expired');
    expect(after).toBeGreaterThanOrEqual((reservationSeconds + releaseGraceSeconds) * 1000);
    expect(await stockOf(productId, storeId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });
});

describe('the sweeper (the scheduled backstop; called directly, as the emulators have no scheduler)', () => {
  it('expires reservations more than a minute overdue and leaves the rest', async () => {
    const overdue = await placeOrder({ quantity: 2 });
    const recent = await placeOrder({ quantity: 1, storeId: overdue.storeId, productId: overdue.productId });
    await setExpiry(overdue.orderId, -2 * 60_000);
    // Due in 20 s, so its own release task leaves it alone; the sweep below pretends to run 70 s
    // from now, when it is 50 s overdue: inside the grace period.
    await setExpiry(recent.orderId, 20_000);
    // Other tests' orders share the database, so only ours are asserted on; the release task may
    // reach the overdue one first, which must make no difference.
    await sweepExpiredReservations(Date.now() + 70_000, stack().releaseGraceSeconds * 1000);
    expect((await readOrder(overdue.orderId)).status).toBe('expired');
    expect((await readOrder(recent.orderId)).status).toBe('pending_payment');
    expect(await stockOf(overdue.productId, overdue.storeId)).toEqual({ onHand: 10, reserved: 1, available: 9 });
    expect((await eventsOf(overdue.orderId)).map((e) => e.type)).toEqual(['placed', 'expired']);
    await checkInvariants(adminDb(), { storeId: overdue.storeId, productIds: [overdue.productId] });
  });
  it('in Stripe mode holds back an order whose PaymentIntent is processing until the grace period is over', async () => {
    const fake = await startFakeStripe();
    fake.fallback = (r) => {
      const id = r.path.replace('/v1/payment_intents/', '');
      return { status: 200, body: { id, object: 'payment_intent', status: id.startsWith('pi_held') ? 'processing' : 'requires_payment_method' } };
    };
    process.env['STRIPE_SECRET_KEY'] = 'sk_test_sweep_0123456789';
    process.env['STRIPE_API_BASE'] = fake.base;
    try {
      const held = await overdueOrderWithoutTask('pi_held');
      const lapsed = await overdueOrderWithoutTask('pi_lapsed');
      const first = await sweepExpiredReservations(Date.now(), 120_000);
      expect(first.deferred).toBeGreaterThanOrEqual(1);
      expect((await readOrder(held.orderId)).status).toBe('pending_payment');
      expect(await stockOf(held.productId, held.storeId)).toEqual({ onHand: 10, reserved: 2, available: 8 });
      expect((await readOrder(lapsed.orderId)).status).toBe('expired');
      expect(fake.requests.map((r) => r.path)).toEqual(expect.arrayContaining([`/v1/payment_intents/${held.paymentIntentId}`, `/v1/payment_intents/${lapsed.paymentIntentId}`]));

      // 61 s overdue, a 30 s grace is over: released without asking Stripe again.
      const asked = fake.requests.length;
      expect((await sweepExpiredReservations(Date.now(), 30_000)).expired).toBeGreaterThanOrEqual(1);
      expect((await readOrder(held.orderId)).status).toBe('expired');
      expect(await stockOf(held.productId, held.storeId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
      expect(fake.requests.slice(asked).filter((r) => r.path.endsWith(held.paymentIntentId))).toHaveLength(0);
      await checkInvariants(adminDb(), { storeId: held.storeId, productIds: [held.productId] });
    } finally {
      delete process.env['STRIPE_SECRET_KEY'];
      delete process.env['STRIPE_API_BASE'];
      await fake.close();
    }
  });
});

/**
 * An order for 2 units reserved in this process (reserveOrder, as placeOrder does, but with no
 * release task behind it, so only the sweeps here touch it), 61 s overdue, holding a PaymentIntent
 * with an id starting with `piPrefix`.
 */
async function overdueOrderWithoutTask(piPrefix: string): Promise<{ orderId: string; storeId: string; productId: string; paymentIntentId: string }> {
  const storeId = await createStore();
  const productId = await createProduct({ stock: { [storeId]: 10 } });
  const orderId = uniqueId('order');
  const paymentIntentId = `${piPrefix}_${orderId.replace(/-/g, '_')}`;
  const input = { checkoutId: uniqueId('checkout'), storeId, lines: [{ productId, quantity: 2 }] } as PlaceOrderInput;
  await adminDb().runTransaction((tx) => reserveOrder(tx, { orderId, uid: uniqueId('user'), input, now: Date.now(), reservationSeconds: 1 }));
  await adminDb().doc(paths.order(orderId)).update({ paymentIntentId });
  await setExpiry(orderId, -61_000);
  return { orderId, storeId, productId, paymentIntentId };
}
