import { paths, productSchema, storeSchema, type Product, type Store } from '@storefront/domain';
import { db } from '../../functions/src/lib/admin.js';
import { createProductWithStock } from '../../functions/test/support/create-product.js';
import { PRODUCTS, STORES } from './catalog.js';
import { productImage } from './product-image.js';

export interface CatalogDocuments {
  stores: { id: string; store: Store }[];
  products: { id: string; product: Product; stock: Map<string, number> }[];
}

/** The catalog as the documents the seed writes, each parsed with its domain schema (throws on the first invalid one). */
export function catalogDocuments(): CatalogDocuments {
  return {
    stores: STORES.map(({ id, ...store }) => ({ id, store: storeSchema.parse(store) })),
    products: PRODUCTS.map(({ id, stock, ...fields }) => ({
      id,
      product: productSchema.parse({ ...fields, currency: 'usd', image: productImage({ id, ...fields }) }),
      stock: new Map(STORES.map((store, i) => [store.id, stock[i]!])),
    })),
  };
}

export interface CatalogSeedResult {
  storesCreated: number;
  productsCreated: number;
}

/**
 * Writes the demo catalog to Firestore (the functions' Admin SDK app, db()), creating only what
 * is missing: an existing store or product is left exactly as it is, admin edits and sales
 * included, and a product's stock is only ever written together with the product itself (with its
 * `restock` ledger entries). Running it again changes nothing.
 */
export async function seedCatalog(): Promise<CatalogSeedResult> {
  const firestore = db();
  const { stores, products } = catalogDocuments();
  const storesCreated = await firestore.runTransaction(async (tx) => {
    const snaps = await tx.getAll(...stores.map(({ id }) => firestore.doc(paths.store(id))));
    const missing = stores.filter((_, i) => !snaps[i]!.exists);
    for (const { id, store } of missing) tx.create(firestore.doc(paths.store(id)), store);
    return missing.length;
  });
  const created = await Promise.all(
    products.map(({ id, product, stock }) =>
      firestore.runTransaction(async (tx) => {
        const ref = firestore.doc(paths.product(id));
        if ((await tx.get(ref)).exists) return false;
        await createProductWithStock(tx, id, product, stock, 'seed: initial stock');
        return true;
      }),
    ),
  );
  return { storesCreated, productsCreated: created.filter(Boolean).length };
}
