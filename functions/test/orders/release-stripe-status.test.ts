import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { releaseIfDue } from '../../src/reservations/release-order.js';
import { stockOf } from '../checkout/checkout-client.js';
import { startFakeStripe, stripeError, type FakeStripe } from '../support/fake-stripe.js';
import { checkInvariants } from '../support/invariants.js';
import { placeOrder, readOrder, type PlacedOrder } from '../support/order-flow.js';
import { adminDb } from '../support/stack.js';

/**
 * reliability.md F5 in Stripe mode: the release (releaseIfDue, which releaseReservation and the
 * sweeper run) asks Stripe for the order's PaymentIntent before expiring it. Runs in this process
 * in Stripe mode against the test stack's Firestore, with the Stripe SDK talking to a local fake
 * api.stripe.com (fake-stripe.ts) that answers each PaymentIntent with the status a test gives it.
 * (The emulated functions run in demo mode; release-reservation.test.ts covers that path, and
 * the sweeper in Stripe mode, next to the other sweeper test: sweeps are global.)
 */

const GRACE_MS = 60_000;
let fake: FakeStripe;
/** PaymentIntent id → the status the fake Stripe reports, or 'error' for a 500. Unlisted: requires_payment_method. */
const statuses = new Map<string, string>();

beforeAll(async () => {
  fake = await startFakeStripe();
  fake.fallback = (r) => {
    const id = decodeURIComponent(r.path.replace('/v1/payment_intents/', ''));
    const status = statuses.get(id) ?? 'requires_payment_method';
    if (r.method !== 'GET' || !r.path.startsWith('/v1/payment_intents/')) return { status: 400, body: stripeError('invalid_request_error', 'unexpected request') };
    if (status === 'error') return { status: 500, body: stripeError('api_error', 'boom') };
    return { status: 200, body: { id, object: 'payment_intent', status, amount: 1999, currency: 'usd', metadata: {} } };
  };
});
afterAll(() => fake.close());
beforeEach(() => {
  process.env['STRIPE_SECRET_KEY'] = 'sk_test_release_0123456789';
  process.env['STRIPE_API_BASE'] = fake.base;
});
afterEach(() => {
  delete process.env['STRIPE_SECRET_KEY'];
  delete process.env['STRIPE_API_BASE'];
});

/** The lookups of `order`'s PaymentIntent the fake received. */
const lookups = (order: PlacedOrder) => fake.requests.filter((r) => r.path === `/v1/payment_intents/${order.paymentIntentId}`);

/**
 * An order placed through the stack whose PaymentIntent the fake reports as `status`, and the
 * moment it falls due. Its expiry stays 10 minutes ahead and the release runs with `now` past it:
 * an order that is really overdue could be expired first by its own release task in the emulator
 * (demo mode) or by the sweeper test of another file.
 */
async function orderWithPayment(status: string): Promise<{ order: PlacedOrder; due: number }> {
  const order = await placeOrder({ quantity: 2 });
  statuses.set(order.paymentIntentId, status);
  return { order, due: (await readOrder(order.orderId)).expiresAt.toMillis() };
}

async function expectPending(order: PlacedOrder): Promise<void> {
  expect((await readOrder(order.orderId)).status).toBe('pending_payment');
  expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 2, available: 8 });
}

async function expectExpired(order: PlacedOrder): Promise<void> {
  expect((await readOrder(order.orderId)).status).toBe('expired');
  expect(await stockOf(order.productId, order.storeId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
  await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
}

describe('releaseIfDue asks Stripe first', () => {
  it.each(['processing', 'requires_action', 'requires_capture', 'succeeded'])(
    'holds a due order whose PaymentIntent is %s, and releases it once the grace period is over',
    async (status) => {
      const { order, due } = await orderWithPayment(status);
      expect(await releaseIfDue(order.orderId, due, GRACE_MS)).toEqual({ outcome: 'payment-in-flight', paymentStatus: status });
      expect(await releaseIfDue(order.orderId, due + GRACE_MS - 1, GRACE_MS)).toEqual({ outcome: 'payment-in-flight', paymentStatus: status });
      expect(lookups(order)).toHaveLength(2);
      expect(lookups(order)[0]!.method).toBe('GET');
      expect(lookups(order)[0]!.headers['authorization']).toBe('Bearer sk_test_release_0123456789');
      await expectPending(order);

      // From the end of the grace period on it goes ahead without asking; a payment that still
      // lands takes the webhook's late-payment path.
      expect(await releaseIfDue(order.orderId, due + GRACE_MS, GRACE_MS)).toEqual({ outcome: 'expired', graceOver: true });
      expect(lookups(order)).toHaveLength(2);
      await expectExpired(order);
    },
  );

  it.each(['requires_payment_method', 'canceled', 'requires_confirmation'])('expires a due order whose PaymentIntent is %s on time', async (status) => {
    const { order, due } = await orderWithPayment(status);
    expect(await releaseIfDue(order.orderId, due, GRACE_MS)).toEqual({ outcome: 'expired', graceOver: false, paymentStatus: status });
    expect(lookups(order)).toHaveLength(1);
    await expectExpired(order);
  });

  it('treats a failed lookup as unknown (retry) until the grace period is over', async () => {
    const { order, due } = await orderWithPayment('error');
    const result = await releaseIfDue(order.orderId, due + 1000, GRACE_MS);
    expect(result.outcome).toBe('payment-unknown');
    expect(result.error).toBeTruthy();
    // The SDK's own retries of a 500, all for this one lookup.
    expect(lookups(order).length).toBeGreaterThanOrEqual(1);
    await expectPending(order);
    expect(await releaseIfDue(order.orderId, due + GRACE_MS, GRACE_MS)).toEqual({ outcome: 'expired', graceOver: true });
    await expectExpired(order);
  });

  it('asks nothing for an order that is not due or already paid for', async () => {
    const { order, due } = await orderWithPayment('processing');
    expect(await releaseIfDue(order.orderId, due - 1, GRACE_MS)).toEqual({ outcome: 'early' });
    expect(await releaseIfDue('no-such-order', Date.now(), GRACE_MS)).toEqual({ outcome: 'missing' });
    expect(lookups(order)).toHaveLength(0);
    await expectPending(order);
  });
});
