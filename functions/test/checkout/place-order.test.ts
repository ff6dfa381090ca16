import { getFunctions } from 'firebase-admin/functions';
import { beforeAll, describe, expect, it } from 'vitest';
import { outOfStockDetailsSchema, paths } from '@storefront/domain';
import { adminApp } from '../../src/lib/admin.js';
import { hashId } from '../../src/lib/hash-id.js';
import { orderIdFor } from '../../src/checkout/order-id.js';
import { scheduleRelease } from '../../src/reservations/schedule-release.js';
import { createProduct, createStore } from '../support/fixtures.js';
import { checkInvariants } from '../support/invariants.js';
import { adminDb, callFunction, createUser, stack, uniqueId } from '../support/stack.js';
import { eventsOf, ledgerOf, place, placeOk, stockOf } from './checkout-client.js';

beforeAll(() => {
  // The release task is checked by enqueueing its id again, as placeOrder's retries do.
  process.env['CLOUD_TASKS_EMULATOR_HOST'] = stack().tasksHost;
});

async function orderDoc(orderId: string) {
  return (await adminDb().doc(paths.order(orderId)).get()).data();
}

describe('placeOrder', () => {
  it('reserves every line at catalog prices, with ledger entries, a placed event and a release task', async () => {
    const storeId = await createStore();
    const hammer = await createProduct({ price: 1250, stock: { [storeId]: 5 } });
    const nails = await createProduct({ price: 399, stock: { [storeId]: 3 } });
    const user = await createUser();
    const checkoutId = uniqueId('checkout');
    const before = Date.now();
    // Client-sent prices are stripped by the schema and never used.
    const result = await callFunction<Record<string, unknown>>(
      'placeOrder',
      { checkoutId, storeId, amount: 1, lines: [{ productId: hammer, quantity: 2, price: 1 }, { productId: nails, quantity: 3, unitAmount: 1 }] },
      user.idToken,
    );
    const after = Date.now();
    if (!result.ok) throw new Error(result.message);
    const orderId = orderIdFor(user.uid, checkoutId);
    expect(result.data).toMatchObject({ orderId, status: 'pending_payment', amount: 2 * 1250 + 3 * 399, currency: 'usd' });
    expect(result.data['payment']).toEqual({ mode: 'demo', paymentIntentId: `pi_demo_${orderId}`, payUrl: `${stack().functionsOrigin}/${stack().projectId}/us-central1/demoPay` });
    const expiresAt = Date.parse(result.data['expiresAt'] as string);
    expect(expiresAt).toBeGreaterThanOrEqual(before + stack().reservationSeconds * 1000);
    expect(expiresAt).toBeLessThanOrEqual(after + stack().reservationSeconds * 1000);

    const order = await orderDoc(orderId);
    expect(order).toMatchObject({
      uid: user.uid,
      storeId,
      checkoutId,
      status: 'pending_payment',
      amount: 3697,
      currency: 'usd',
      paymentIntentId: `pi_demo_${orderId}`,
      notice: null,
      lines: [
        { productId: hammer, name: `Test product ${hammer}`, quantity: 2, unitAmount: 1250 },
        { productId: nails, name: `Test product ${nails}`, quantity: 3, unitAmount: 399 },
      ],
    });
    expect(order!['expiresAt'].toMillis()).toBe(expiresAt);

    expect(await stockOf(hammer, storeId)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(await stockOf(nails, storeId)).toEqual({ onHand: 3, reserved: 3, available: 0 });
    const shopper = { kind: 'shopper', uid: user.uid };
    const ledger = await ledgerOf({ orderId });
    expect(ledger).toHaveLength(2);
    expect(ledger).toEqual(
      expect.arrayContaining([
        { kind: 'reservation', productId: hammer, storeId, orderId, onHandDelta: 0, reservedDelta: 2, actor: shopper, reason: 'order placed' },
        { kind: 'reservation', productId: nails, storeId, orderId, onHandDelta: 0, reservedDelta: 3, actor: shopper, reason: 'order placed' },
      ]),
    );
    expect(await eventsOf(orderId)).toEqual([{ type: 'placed', actor: shopper, from: null, to: 'pending_payment', note: null }]);

    // The release task exists under the id derived from the order: enqueueing it again is refused…
    const queue = getFunctions(adminApp()).taskQueue('locations/us-central1/functions/releaseReservation');
    await expect(queue.enqueue({ orderId }, { id: hashId('release', orderId) })).rejects.toMatchObject({ code: 'functions/task-already-exists' });
    // …and scheduling it again, as a retried placeOrder does, counts as success.
    await expect(scheduleRelease(orderId, new Date(expiresAt))).resolves.toBeUndefined();
    await checkInvariants(adminDb(), { storeId, productIds: [hammer, nails] });
  });

  it('returns the same order for a retried checkout and reserves its stock once', async () => {
    const storeId = await createStore();
    const productId = await createProduct({ stock: { [storeId]: 10 } });
    const user = await createUser();
    const checkoutId = uniqueId('checkout');
    const lines = [{ productId, quantity: 2 }];
    const first = await placeOk(user, storeId, lines, checkoutId);
    // Retries: one after the other, then several at once.
    const retries = [await placeOk(user, storeId, lines, checkoutId), ...(await Promise.all([1, 2, 3].map(() => placeOk(user, storeId, lines, checkoutId))))];
    for (const retry of retries) expect(retry).toEqual(first);
    expect(await stockOf(productId, storeId)).toEqual({ onHand: 10, reserved: 2, available: 8 });
    expect(await ledgerOf({ orderId: first.orderId })).toHaveLength(1);
    expect(await eventsOf(first.orderId)).toHaveLength(1);
    await checkInvariants(adminDb(), { storeId, productIds: [productId] });
  });

  it('makes the same checkoutId from another user a different order', async () => {
    const storeId = await createStore();
    const productId = await createProduct({ stock: { [storeId]: 10 } });
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const checkoutId = uniqueId('checkout');
    const a = await placeOk(alice, storeId, [{ productId, quantity: 1 }], checkoutId);
    const b = await placeOk(bob, storeId, [{ productId, quantity: 1 }], checkoutId);
    expect(a.orderId).not.toBe(b.orderId);
    expect(a.orderId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await orderDoc(b.orderId))!['uid']).toBe(bob.uid);
    expect(await stockOf(productId, storeId)).toEqual({ onHand: 10, reserved: 2, available: 8 });
  });

  it('lets anonymous shoppers check out and refuses callers without a token', async () => {
    const storeId = await createStore();
    const productId = await createProduct({ stock: { [storeId]: 3 } });
    const guest = await createUser({ anonymous: true });
    expect((await placeOk(guest, storeId, [{ productId, quantity: 1 }])).status).toBe('pending_payment');
    const anonymousCall = await place(null, storeId, [{ productId, quantity: 1 }]);
    expect(anonymousCall).toMatchObject({ ok: false, status: 'UNAUTHENTICATED', message: 'sign in (an anonymous account is enough) to do this' });
    expect(await stockOf(productId, storeId)).toEqual({ onHand: 3, reserved: 1, available: 2 });
  });
});

describe('placeOrder refusals write nothing', () => {
  /** Stock, ledger and orders of the store are exactly as the fixtures left them. */
  async function expectUntouched(storeId: string, stock: Record<string, number>): Promise<void> {
    for (const [productId, onHand] of Object.entries(stock))
      expect(await stockOf(productId, storeId)).toEqual({ onHand, reserved: 0, available: onHand });
    expect((await ledgerOf({ storeId })).every((e) => e.kind === 'restock')).toBe(true);
    expect((await adminDb().collection(paths.orders).where('storeId', '==', storeId).get()).size).toBe(0);
  }

  it('lists every short line with what was requested and what is available', async () => {
    const storeId = await createStore();
    const otherStore = await createStore();
    const few = await createProduct({ stock: { [storeId]: 1 } });
    // Stocked only in another store: none here.
    const elsewhere = await createProduct({ stock: { [otherStore]: 50 } });
    const plenty = await createProduct({ stock: { [storeId]: 5 } });
    const user = await createUser();
    const result = await place(user, storeId, [
      { productId: few, quantity: 2 },
      { productId: plenty, quantity: 1 },
      { productId: elsewhere, quantity: 1 },
    ]);
    expect(result).toMatchObject({
      ok: false,
      status: 'FAILED_PRECONDITION',
      message: `Not enough stock: ${few} (requested 2, available 1), ${elsewhere} (requested 1, available 0)`,
    });
    const details = outOfStockDetailsSchema.parse(!result.ok && result.details);
    expect(details).toEqual({
      reason: 'out-of-stock',
      lines: [
        { productId: few, requested: 2, available: 1 },
        { productId: elsewhere, requested: 1, available: 0 },
      ],
    });
    await expectUntouched(storeId, { [few]: 1, [plenty]: 5 });
  });

  it('refuses an unknown store', async () => {
    const storeId = uniqueId('no-store');
    const productId = await createProduct({ stock: {} });
    const result = await place(await createUser(), storeId, [{ productId, quantity: 1 }]);
    expect(result).toMatchObject({ ok: false, status: 'FAILED_PRECONDITION', message: `store ${storeId} does not exist`, details: { reason: 'unknown-store' } });
    await expectUntouched(storeId, {});
  });

  it('names every unknown product', async () => {
    const storeId = await createStore();
    const known = await createProduct({ stock: { [storeId]: 5 } });
    const [ghost1, ghost2] = [uniqueId('ghost'), uniqueId('ghost')];
    const result = await place(await createUser(), storeId, [
      { productId: ghost1, quantity: 1 },
      { productId: known, quantity: 1 },
      { productId: ghost2, quantity: 1 },
    ]);
    expect(result).toMatchObject({
      ok: false,
      status: 'FAILED_PRECONDITION',
      message: `unknown products: ${ghost1}, ${ghost2}`,
      details: { reason: 'unknown-products', productIds: [ghost1, ghost2] },
    });
    await expectUntouched(storeId, { [known]: 5 });
  });

  it('refuses products that are no longer for sale', async () => {
    const storeId = await createStore();
    const retired = await createProduct({ active: false, stock: { [storeId]: 5 } });
    const current = await createProduct({ stock: { [storeId]: 5 } });
    const result = await place(await createUser(), storeId, [
      { productId: current, quantity: 1 },
      { productId: retired, quantity: 1 },
    ]);
    expect(result).toMatchObject({
      ok: false,
      status: 'FAILED_PRECONDITION',
      message: `no longer for sale: ${retired}`,
      details: { reason: 'inactive-products', productIds: [retired] },
    });
    await expectUntouched(storeId, { [retired]: 5, [current]: 5 });
  });
});
