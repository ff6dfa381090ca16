import { FieldValue, type DocumentReference, type Transaction } from 'firebase-admin/firestore';
import { paths, stockSchema, type Actor, type LedgerEntry } from '@storefront/domain';
import { db } from '../lib/admin.js';

/**
 * The one module that reads and writes stock documents (`products/{p}/stock/{store}`) and the
 * inventory ledger. Callers work in levels and deltas; if stock is ever sharded, only this file
 * changes.
 */

export interface StockLevel {
  onHand: number;
  reserved: number;
  available: number;
}

export interface StockChange {
  productId: string;
  kind: LedgerEntry['kind'];
  onHandDelta: number;
  reservedDelta: number;
}

export interface StockChangeContext {
  orderId: string | null;
  actor: Actor;
  reason: string;
}

/** Thrown when a change would make onHand, reserved or available negative: a bug upstream, never user input. */
export class NegativeStockError extends Error {
  override readonly name = 'NegativeStockError';
}

function stockRef(storeId: string, productId: string): DocumentReference {
  return db().doc(paths.stock(productId, storeId));
}

/**
 * Reads the stock of `productIds` in one store within `tx` (one round trip), keyed by product id.
 * A product with no stock document in that store has all-zero stock.
 * @throws if a stock document does not match the domain schema.
 */
export async function readStock(tx: Transaction, storeId: string, productIds: readonly string[]): Promise<Map<string, StockLevel>> {
  const levels = new Map<string, StockLevel>();
  if (productIds.length === 0) return levels;
  const snaps = await tx.getAll(...productIds.map((id) => stockRef(storeId, id)));
  snaps.forEach((snap, i) => {
    const productId = productIds[i]!;
    if (!snap.exists) {
      levels.set(productId, { onHand: 0, reserved: 0, available: 0 });
      return;
    }
    const { onHand, reserved, available } = stockSchema.parse(snap.data());
    levels.set(productId, { onHand, reserved, available });
  });
  return levels;
}

/**
 * Applies `changes` to the levels read by `readStock` in the same transaction: writes each stock
 * document (available recomputed, updatedAt set) and one ledger entry per change. `levels` is
 * updated in place, so several changes to one product add up.
 * @throws NegativeStockError (before writing anything) if any result would be negative.
 */
export function writeStockChanges(
  tx: Transaction,
  storeId: string,
  levels: Map<string, StockLevel>,
  changes: readonly StockChange[],
  context: StockChangeContext,
): void {
  const next = new Map<string, StockLevel>();
  for (const change of changes) {
    const current = next.get(change.productId) ?? levels.get(change.productId);
    if (!current) throw new Error(`stock of ${change.productId} in ${storeId} was not read in this transaction`);
    const onHand = current.onHand + change.onHandDelta;
    const reserved = current.reserved + change.reservedDelta;
    const level = { onHand, reserved, available: onHand - reserved };
    if (level.onHand < 0 || level.reserved < 0 || level.available < 0)
      throw new NegativeStockError(
        `${change.kind} of ${change.productId} in ${storeId} would leave onHand ${level.onHand}, reserved ${level.reserved}`,
      );
    next.set(change.productId, level);
  }

  for (const [productId, level] of next) {
    tx.set(stockRef(storeId, productId), { ...level, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    levels.set(productId, level);
  }
  const ledger = db().collection(paths.inventoryLedger);
  for (const change of changes) {
    tx.create(ledger.doc(), {
      kind: change.kind,
      productId: change.productId,
      storeId,
      orderId: context.orderId,
      onHandDelta: change.onHandDelta,
      reservedDelta: change.reservedDelta,
      actor: context.actor,
      reason: context.reason,
      at: FieldValue.serverTimestamp(),
    });
  }
}
