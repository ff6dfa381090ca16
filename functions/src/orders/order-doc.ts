import type { DocumentReference, DocumentSnapshot } from 'firebase-admin/firestore';
import { orderSchema, paths, type Order } from '@storefront/domain';
import { db } from '../lib/admin.js';

export function orderRef(orderId: string): DocumentReference {
  return db().doc(paths.order(orderId));
}

/** The order in `snap`, parsed with the domain schema, or null when it does not exist. */
export function parseOrder(snap: DocumentSnapshot): Order | null {
  return snap.exists ? orderSchema.parse(snap.data()) : null;
}
