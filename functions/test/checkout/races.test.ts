import { beforeAll, describe, expect, it } from 'vitest';
import { outOfStockDetailsSchema, paths, type Order } from '@storefront/domain';
import { createProduct, createStore } from '../support/fixtures.js';
import { checkInvariants } from '../support/invariants.js';
import { adminDb, callFunction, createUser } from '../support/stack.js';
import { inPool, place, stockOf, type CartLine } from './checkout-client.js';

/**
 * Concurrent checkouts (reliability.md L1, L2) through the deployed callable.
 * The functions emulator runs every in-flight request in its own Node process and, when a process
 * fails to start under load, drops the request unanswered; 200 requests at once would mean 200
 * processes on this machine. So the calls go out IN_FLIGHT at a time: the transactions still
 * overlap and contend for the same stock documents, which is what these tests are about.
 */
const IN_FLIGHT = 20;
/** Starting IN_FLIGHT cold function workers takes a minute or more on a busy 2-core machine. */
const SLOW_MS = 300_000;

// Start the workers first (invalid calls, refused at once), so the timings below measure checkouts.
beforeAll(async () => {
  const warmUp = await Promise.all(Array.from({ length: IN_FLIGHT }, () => callFunction('placeOrder', {})));
  expect(warmUp.every((r) => !r.ok && r.status === 'UNAUTHENTICATED')).toBe(true);
}, SLOW_MS);

/** A small deterministic generator, so a failing mixed-cart run can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('concurrent checkouts', () => {
  it('200 shoppers for 10 units: exactly 10 orders and 190 clean out-of-stock refusals', async () => {
    const storeId = await createStore();
    const productId = await createProduct({ stock: { [storeId]: 10 } });
    const users = await Promise.all(Array.from({ length: 200 }, () => createUser({ anonymous: true })));

    const started = Date.now();
    const results = await inPool(users, IN_FLIGHT, (user) => place(user, storeId, [{ productId, quantity: 1 }]));
    console.log(`200 placeOrder calls (${IN_FLIGHT} in flight) for 10 units took ${Date.now() - started} ms`);

    const placed = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(placed).toHaveLength(10);
    expect(refused).toHaveLength(190);
    for (const r of refused) {
      expect(r).toMatchObject({ ok: false, status: 'FAILED_PRECONDITION' });
      expect(outOfStockDetailsSchema.parse(!r.ok && r.details)).toEqual({ reason: 'out-of-stock', lines: [{ productId, requested: 1, available: 0 }] });
    }
    expect(await stockOf(productId, storeId)).toEqual({ onHand: 10, reserved: 10, available: 0 });
    const orders = await adminDb().collection(paths.orders).where('storeId', '==', storeId).get();
    expect(orders.size).toBe(10);
    expect(new Set(placed.map((r) => r.ok && r.data.orderId))).toEqual(new Set(orders.docs.map((d) => d.id)));
    await checkInvariants(adminDb(), { storeId, productIds: [productId] });
  }, SLOW_MS);

  it('mixed carts over three products never leave a partial reservation', async () => {
    const storeId = await createStore();
    const initial = { A: 10, B: 10, C: 5 };
    const ids = {
      A: await createProduct({ stock: { [storeId]: initial.A } }),
      B: await createProduct({ stock: { [storeId]: initial.B } }),
      C: await createProduct({ stock: { [storeId]: initial.C } }),
    };
    const next = random(20240601);
    const carts: CartLine[][] = Array.from({ length: 100 }, () => {
      // 1–3 distinct products in a random order, 1–2 units each.
      const names = (['A', 'B', 'C'] as const).map((name) => ({ name, key: next() })).sort((a, b) => a.key - b.key);
      const count = 1 + Math.floor(next() * 3);
      return names.slice(0, count).map(({ name }) => ({ productId: ids[name], quantity: 1 + Math.floor(next() * 2) }));
    });
    const users = await Promise.all(carts.map(() => createUser({ anonymous: true })));

    const started = Date.now();
    const results = await inPool(
      carts.map((cart, i) => ({ cart, user: users[i]! })),
      IN_FLIGHT,
      ({ cart, user }) => place(user, storeId, cart),
    );
    console.log(`100 mixed-cart placeOrder calls (${IN_FLIGHT} in flight) took ${Date.now() - started} ms`);

    const reservedByOrders = new Map<string, number>();
    for (const [i, result] of results.entries()) {
      if (!result.ok) {
        expect(result.status).toBe('FAILED_PRECONDITION');
        const short = outOfStockDetailsSchema.parse(result.details).lines;
        expect(short.length).toBeGreaterThan(0);
        for (const line of short) expect(line.available).toBeLessThan(line.requested);
        continue;
      }
      const order = (await adminDb().doc(paths.order(result.data.orderId)).get()).data() as Order;
      // Every line of the cart is on the order, with its quantity: all of it was reserved.
      expect(order.lines.map((l) => [l.productId, l.quantity])).toEqual(carts[i]!.map((l) => [l.productId, l.quantity]));
      for (const line of order.lines) reservedByOrders.set(line.productId, (reservedByOrders.get(line.productId) ?? 0) + line.quantity);
    }
    const placedCount = results.filter((r) => r.ok).length;
    console.log(`mixed carts: ${placedCount} placed, ${100 - placedCount} refused`);
    expect(placedCount).toBeGreaterThan(0);
    for (const name of ['A', 'B', 'C'] as const) {
      const stock = await stockOf(ids[name], storeId);
      expect(stock.reserved, `reserved ${name}`).toBe(reservedByOrders.get(ids[name]) ?? 0);
      expect(stock.reserved).toBeLessThanOrEqual(initial[name]);
      expect(stock.onHand).toBe(initial[name]);
    }
    await checkInvariants(adminDb(), { storeId, productIds: Object.values(ids) });
  }, SLOW_MS);
});
