import { paths, type LedgerEntry, type OrderEvent, type PlaceOrderResult } from '@storefront/domain';
import { adminDb, callFunction, uniqueId, type CallResult, type TestUser } from '../support/stack.js';

/** Shared by the checkout and order tests: placeOrder calls and read-backs of what they wrote. */

export interface CartLine {
  productId: string;
  quantity: number;
}

/** Calls placeOrder as `user` (a fresh checkoutId unless given). */
export function place(user: TestUser | null, storeId: string, lines: CartLine[], checkoutId = uniqueId('checkout')): Promise<CallResult<PlaceOrderResult>> {
  return callFunction<PlaceOrderResult>('placeOrder', { checkoutId, storeId, lines }, user?.idToken);
}

/** Like `place`, failing the test unless the order was placed. */
export async function placeOk(user: TestUser, storeId: string, lines: CartLine[], checkoutId?: string): Promise<PlaceOrderResult> {
  const result = await place(user, storeId, lines, checkoutId);
  if (!result.ok) throw new Error(`placeOrder failed: ${result.status} ${result.message}`);
  return result.data;
}

export async function stockOf(productId: string, storeId: string): Promise<{ onHand: number; reserved: number; available: number }> {
  const data = (await adminDb().doc(paths.stock(productId, storeId)).get()).data() ?? { onHand: 0, reserved: 0, available: 0 };
  return { onHand: data['onHand'] as number, reserved: data['reserved'] as number, available: data['available'] as number };
}

/** A document without its server timestamp `at`, to compare with toEqual. */
function withoutTime<T extends { at: unknown }>(doc: T): Omit<T, 'at'> {
  const copy: Partial<T> = { ...doc };
  delete copy.at;
  return copy as Omit<T, 'at'>;
}

/** Ledger entries of one order (without their timestamps), or of one store's stock when `orderId` is null. */
export async function ledgerOf(filter: { orderId: string } | { storeId: string }): Promise<Omit<LedgerEntry, 'at'>[]> {
  const [field, value] = 'orderId' in filter ? ['orderId', filter.orderId] : ['storeId', filter.storeId];
  const snap = await adminDb().collection(paths.inventoryLedger).where(field, '==', value).get();
  return snap.docs.map((d) => withoutTime(d.data() as LedgerEntry));
}

/** The order's timeline without timestamps, oldest first. */
export async function eventsOf(orderId: string): Promise<Omit<OrderEvent, 'at'>[]> {
  const snap = await adminDb().collection(paths.orderEvents(orderId)).orderBy('at').get();
  return snap.docs.map((d) => withoutTime(d.data() as OrderEvent));
}

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping results in order. */
export async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}
