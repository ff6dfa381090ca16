import { FieldValue, type Transaction } from 'firebase-admin/firestore';
import { paths, type OrderEvent } from '@storefront/domain';
import { db } from '../lib/admin.js';

/**
 * Adds one entry to the order's timeline (`orders/{id}/events`) within `tx`, stamped with the
 * commit time. Every writer of the timeline goes through here, so entries always match the schema.
 */
export function appendOrderEvent(tx: Transaction, orderId: string, event: Omit<OrderEvent, 'at'>): void {
  tx.create(db().collection(paths.orderEvents(orderId)).doc(), { ...event, at: FieldValue.serverTimestamp() });
}
