/**
 * Metric 6: what a commit costs while a listener is attached, as the database grows. A listener
 * on a small collection should not care how many documents live elsewhere; an emulator that
 * re-evaluates listeners against the whole database on every commit slows down with its size.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { withTimeout } from './outcome.js';
import { progress } from './progress.js';
import { OP_TIMEOUT_MS } from './seed.js';
import { summarize, type LatencySummary } from './stats.js';

export interface ListenerLatency {
  /** Database size (documents in the other collection) when measured. */
  readonly documents: number;
  /** set() on the listened collection → the listener callback sees the new value. */
  readonly notify: LatencySummary;
  /** set() → its commit acknowledged (the write alone, for telling the two costs apart). */
  readonly commit: LatencySummary;
}

export interface AttachedListener {
  /** Times ~200 writes to the listened collection at the current database size. */
  measure(documents: number): Promise<ListenerLatency>;
  close(): void;
}

const WATCHED = 'watched';
const WATCHED_DOCS = 5;
const RUNS = 200;
const WARMUP = 10;
const BUDGET_MS = 15_000;
const NOTIFY_TIMEOUT_MS = 10_000;

/** Seeds a 5-document collection, attaches onSnapshot to it and waits for the first snapshot. */
export async function attachListener(db: Firestore, label: string): Promise<AttachedListener> {
  const col = db.collection(WATCHED);
  const batch = db.batch();
  for (let i = 0; i < WATCHED_DOCS; i++) batch.set(col.doc(`w${i}`), { seq: -1 });
  await withTimeout(batch.commit(), OP_TIMEOUT_MS, 'seeding the listened collection');

  // The one write being waited for: resolved when a snapshot shows w0 at that sequence number.
  let waiting: { seq: number; resolve: (at: number) => void; reject: (e: Error) => void } | undefined;
  let firstSnapshot: () => void = () => {};
  let failed: Error | undefined;
  const first = new Promise<void>((resolve) => (firstSnapshot = resolve));
  const unsubscribe = col.onSnapshot(
    (snap) => {
      const at = performance.now();
      if (snap.size >= WATCHED_DOCS) firstSnapshot();
      const seq: unknown = snap.docs.find((d) => d.id === 'w0')?.get('seq');
      if (waiting && seq === waiting.seq) waiting.resolve(at);
    },
    (e) => {
      failed = e;
      waiting?.reject(e);
    },
  );
  try {
    await withTimeout(first, NOTIFY_TIMEOUT_MS, 'the first listener snapshot');
  } catch (e) {
    unsubscribe();
    throw failed ?? e;
  }

  let seq = 0;
  const writeAndWait = async (): Promise<{ commit: number; notify: number }> => {
    if (failed) throw failed;
    const mine = seq++;
    const notified = new Promise<number>((resolve, reject) => (waiting = { seq: mine, resolve, reject }));
    const t0 = performance.now();
    const committed = col.doc('w0').set({ seq: mine }).then(() => performance.now());
    const [c, n] = await Promise.all([
      withTimeout(committed, OP_TIMEOUT_MS, 'commit to the listened collection'),
      withTimeout(notified, NOTIFY_TIMEOUT_MS, 'the listener callback'),
    ]);
    waiting = undefined;
    return { commit: c - t0, notify: n - t0 };
  };

  return {
    measure: async (documents) => {
      for (let i = 0; i < WARMUP; i++) await writeAndWait();
      const commit: number[] = [];
      const notify: number[] = [];
      const deadline = performance.now() + BUDGET_MS;
      while (notify.length < RUNS && performance.now() < deadline) {
        const sample = await writeAndWait();
        commit.push(sample.commit);
        notify.push(sample.notify);
      }
      const result = { documents, notify: summarize(notify), commit: summarize(commit) };
      progress(
        `${label}: listener at ${documents.toLocaleString('en')} docs: notify p50 ${result.notify.p50.toFixed(2)} ms ` +
          `p99 ${result.notify.p99.toFixed(2)} ms, commit p50 ${result.commit.p50.toFixed(2)} ms (${result.notify.runs} writes)`,
      );
      return result;
    },
    close: unsubscribe,
  };
}
