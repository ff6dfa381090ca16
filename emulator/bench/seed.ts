/** Writing the bench's small documents in batches of 500, within a time budget. */
import type { Firestore } from 'firebase-admin/firestore';
import { withTimeout } from './outcome.js';

export const BATCH_SIZE = 500;
export const CATEGORIES = 10;
/** One commit can take seconds on an emulator whose writes grow with the database. */
export const OP_TIMEOUT_MS = 30_000;

/** A small catalogue-like document: about 100 bytes on the wire. */
export const smallDoc = (i: number) => ({
  n: i,
  name: `item ${i}`,
  category: `c${i % CATEGORIES}`,
  price: ((i * 7919) % 10_000) / 100,
  inStock: i % 3 !== 0,
});

export interface GrowResult {
  /** Documents now in the collection (ids d0 … d{size-1}). */
  readonly size: number;
  readonly reached: boolean;
  readonly seconds: number;
  /** Why growth stopped early, when it did. */
  readonly stoppedBecause?: string;
}

/**
 * Writes documents d{from} … d{to-1} into `collection`, 500 per commit, and stops early once
 * the budget is spent or the remaining batches, at the speed of the last one, cannot fit in it
 * (an emulator whose inserts get slower with size would otherwise take hours).
 */
export async function grow(db: Firestore, collection: string, from: number, to: number, budgetMs: number): Promise<GrowResult> {
  const col = db.collection(collection);
  const t0 = performance.now();
  let size = from;
  while (size < to) {
    const end = Math.min(size + BATCH_SIZE, to);
    const batch = db.batch();
    for (let i = size; i < end; i++) batch.set(col.doc(`d${i}`), smallDoc(i));
    const tb = performance.now();
    await withTimeout(batch.commit(), OP_TIMEOUT_MS, `committing a batch of ${end - size} at ${size} documents`);
    const now = performance.now();
    size = end;
    if (size >= to) break;
    const projectedMs = now - t0 + (Math.ceil((to - size) / BATCH_SIZE) * (now - tb));
    if (projectedMs > budgetMs) {
      const seconds = (now - t0) / 1000;
      const rate = Math.round((size - from) / seconds);
      const stoppedBecause =
        `not reached: ${size.toLocaleString('en')} docs after ${seconds.toFixed(1)} s ` +
        `(${rate} docs/s, last batch ${Math.round(now - tb)} ms; budget ${budgetMs / 1000} s)`;
      return { size, reached: false, seconds, stoppedBecause };
    }
  }
  return { size, reached: true, seconds: (performance.now() - t0) / 1000 };
}
