import type { Transaction } from 'firebase-admin/firestore';
import { paths, type Product } from '@storefront/domain';
import { db } from '../../src/lib/admin.js';
import { readStock, writeStockChanges } from '../../src/stock/stock.js';

/**
 * Within `tx`: creates product `productId` and its initial stock, `onHand` units per store id.
 * Stock goes through the functions' stock module, so each store's stock document starts with a
 * `restock` ledger entry (onHand = Σ ledger onHandDelta from the start). Reads come first, so a
 * caller may read other documents before calling this, not after.
 */
export async function createProductWithStock(
  tx: Transaction,
  productId: string,
  product: Product,
  stock: Iterable<readonly [storeId: string, onHand: number]>,
  reason: string,
): Promise<void> {
  const entries = [...stock];
  const levels = await Promise.all(entries.map(([storeId]) => readStock(tx, storeId, [productId])));
  tx.create(db().doc(paths.product(productId)), product);
  entries.forEach(([storeId, onHand], i) =>
    writeStockChanges(
      tx,
      storeId,
      levels[i]!,
      [{ productId, kind: 'restock', onHandDelta: onHand, reservedDelta: 0 }],
      {
        orderId: null,
        actor: { kind: 'system', uid: null },
        reason,
      },
    ),
  );
}
