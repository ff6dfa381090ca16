import { HttpsError } from 'firebase-functions/https';
import { lineAmount, MAX_ORDER_AMOUNT, type Currency, type OrderLine, type PlaceOrderInput, type Product } from '@storefront/domain';

export interface PricedCart {
  lines: OrderLine[];
  amount: number;
  currency: Currency;
}

/**
 * Prices the cart from the catalog only (whatever the client sent about prices was stripped by
 * the schema). `catalog` maps each requested product id to its document, or undefined if missing.
 * @throws HttpsError('failed-precondition') naming every unknown or inactive product, a cart
 *   mixing currencies, or a total above what one payment may carry.
 */
export function priceLines(requested: PlaceOrderInput['lines'], catalog: ReadonlyMap<string, Product | undefined>): PricedCart {
  const unknown = requested.filter((line) => !catalog.get(line.productId)).map((line) => line.productId);
  if (unknown.length > 0)
    throw new HttpsError('failed-precondition', `unknown product${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      reason: 'unknown-products',
      productIds: unknown,
    });
  const inactive = requested.filter((line) => !catalog.get(line.productId)!.active).map((line) => line.productId);
  if (inactive.length > 0)
    throw new HttpsError('failed-precondition', `no longer for sale: ${inactive.join(', ')}`, {
      reason: 'inactive-products',
      productIds: inactive,
    });

  const lines = requested.map((line): OrderLine => {
    const product = catalog.get(line.productId)!;
    return { productId: line.productId, name: product.name, quantity: line.quantity, unitAmount: product.price };
  });
  const currencies = new Set(requested.map((line) => catalog.get(line.productId)!.currency));
  if (currencies.size > 1) throw new HttpsError('failed-precondition', `the cart mixes currencies (${[...currencies].join(', ')})`);
  const currency = [...currencies][0]!;
  const amount = lines.reduce((sum, line) => sum + lineAmount(line.unitAmount, line.quantity), 0);
  if (amount > MAX_ORDER_AMOUNT)
    throw new HttpsError('failed-precondition', `the order total ${amount} exceeds the maximum of ${MAX_ORDER_AMOUNT} per order`);
  return { lines, amount, currency };
}
