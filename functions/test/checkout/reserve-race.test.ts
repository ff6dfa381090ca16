import { HttpsError } from 'firebase-functions/https';
import { describe, expect, it } from 'vitest';
import { paths, placeOrderInputSchema } from '@storefront/domain';
import { reserveOrder } from '../../src/checkout/reserve-order.js';
import { db } from '../../src/lib/admin.js';
import { createProduct, createStore } from '../support/fixtures.js';
import { checkInvariants } from '../support/invariants.js';
import { uniqueId } from '../support/stack.js';
import { stockOf } from './checkout-client.js';

/**
 * races.test.ts goes through the callable, where the functions emulator caps how many calls can
 * really run at once (a process per request). This runs the very transaction placeOrder runs,
 * all at the same moment from one process, so hundreds of transactions contend for one stock
 * document in our emulator: exactly the stock is sold, every other attempt is a clean
 * out-of-stock, and nothing fails for any other reason.
 */
describe('the checkout transaction under real concurrency', () => {
  it('300 simultaneous checkouts for 25 units: 25 orders, 275 out-of-stock, no other outcome', async () => {
    const storeId = await createStore();
    const productId = await createProduct({ stock: { [storeId]: 25 } });
    const attempts = Array.from({ length: 300 }, (_, i) => {
      const input = placeOrderInputSchema.parse({ checkoutId: uniqueId('race'), storeId, lines: [{ productId, quantity: 1 }] });
      const request = { orderId: uniqueId('order'), uid: `racer-${i}`, input, now: Date.now(), reservationSeconds: 900 };
      return db().runTransaction((tx) => reserveOrder(tx, request));
    });
    const results = await Promise.allSettled(attempts);

    const placed = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(placed).toHaveLength(25);
    expect(refused).toHaveLength(275);
    for (const error of refused) {
      expect(error).toBeInstanceOf(HttpsError);
      expect((error as HttpsError).code).toBe('failed-precondition');
    }
    expect(await stockOf(productId, storeId)).toEqual({ onHand: 25, reserved: 25, available: 0 });
    const orders = await db().collection(paths.orders).where('storeId', '==', storeId).get();
    expect(orders.size).toBe(25);
    await checkInvariants(db(), { storeId, productIds: [productId] });
  }, 120_000);
});
