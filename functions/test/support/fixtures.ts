import { paths, productSchema, storeSchema } from '@storefront/domain';
import { db } from '../../src/lib/admin.js';
import { createProductWithStock } from './create-product.js';
import { uniqueId } from './stack-client.js';

/**
 * Test data with fresh ids on every call, so test files running in parallel never share a
 * document. Documents are checked against the domain schemas before they are written. Writes go
 * to the functions' db() (the test stack's Firestore once bind-stack.ts or bindAdminSdk() has run).
 */

export async function createStore(): Promise<string> {
  const storeId = uniqueId('store');
  const store = storeSchema.parse({
    name: `Test store ${storeId}`,
    address: '1 Test Street, Springfield',
    postalCode: '00000',
    location: { latitude: 40.7, longitude: -74 },
  });
  await db().doc(paths.store(storeId)).create(store);
  return storeId;
}

export interface ProductFixture {
  /** Minor units (usd); default 1000. */
  price?: number;
  active?: boolean;
  /** onHand per store id, with a `restock` ledger entry each; other stores have no stock document (all zero). */
  stock?: Record<string, number>;
}

export async function createProduct(opts: ProductFixture = {}): Promise<string> {
  const productId = uniqueId('product');
  const product = productSchema.parse({
    name: `Test product ${productId}`,
    description: 'Created by a test.',
    category: 'test',
    price: opts.price ?? 1000,
    currency: 'usd',
    image: '',
    active: opts.active ?? true,
  });
  await db().runTransaction((tx) =>
    createProductWithStock(
      tx,
      productId,
      product,
      Object.entries(opts.stock ?? {}),
      'test fixture: initial stock',
    ),
  );
  return productId;
}
