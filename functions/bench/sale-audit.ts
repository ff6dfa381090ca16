import { hasCommittedStock, holdsReservation, orderSchema, paths, stockSchema } from '@storefront/domain';
import { db } from '../src/lib/admin.js';

export interface ProductAudit {
  productId: string;
  initial: number;
  /** Units on orders that hold a reservation or have sold their stock. */
  ordered: number;
  onHand: number;
  reserved: number;
  available: number;
}

export interface SaleAudit {
  /** Orders in the store, read back from Firestore. */
  orders: number;
  /** Σ over products of units ordered beyond the initial stock: must be 0. */
  oversold: number;
  /** Products whose stock document disagrees with the orders (reserved ≠ Σ pending, available ≠ onHand − reserved, negatives). */
  inconsistent: ProductAudit[];
  products: ProductAudit[];
}

/**
 * Reads back what a sale left in Firestore: every order of `storeId` and the stock documents of
 * `initial`'s products, and checks one against the other (reliability.md I1, I2).
 */
export async function auditSale(storeId: string, initial: ReadonlyMap<string, number>): Promise<SaleAudit> {
  const firestore = db();
  const orders = (await firestore.collection(paths.orders).where('storeId', '==', storeId).get()).docs.map(
    (d) => orderSchema.parse(d.data()),
  );
  const products = await Promise.all(
    [...initial].map(async ([productId, units]): Promise<ProductAudit & { pending: number }> => {
      const stock = stockSchema.parse((await firestore.doc(paths.stock(productId, storeId)).get()).data());
      let ordered = 0;
      let pending = 0;
      for (const order of orders)
        for (const line of order.lines)
          if (line.productId === productId) {
            if (holdsReservation(order.status) || hasCommittedStock(order.status)) ordered += line.quantity;
            if (holdsReservation(order.status)) pending += line.quantity;
          }
      return {
        productId,
        initial: units,
        ordered,
        pending,
        onHand: stock.onHand,
        reserved: stock.reserved,
        available: stock.available,
      };
    }),
  );
  return {
    orders: orders.length,
    oversold: products.reduce((sum, p) => sum + Math.max(0, p.ordered - p.initial), 0),
    inconsistent: products
      .filter(
        (p) =>
          p.reserved !== p.pending ||
          p.available !== p.onHand - p.reserved ||
          p.available < 0 ||
          p.onHand + (p.ordered - p.pending) !== p.initial,
      )
      .map(({ pending: _, ...p }) => p),
    products: products.map(({ pending: _, ...p }) => p),
  };
}
