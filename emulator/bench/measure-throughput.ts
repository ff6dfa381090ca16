/** Metric 4: admin write throughput in documents per second. */
import type { Firestore } from 'firebase-admin/firestore';
import { attempt, withTimeout, type Outcome } from './outcome.js';
import { progress } from './progress.js';
import { BATCH_SIZE, OP_TIMEOUT_MS, smallDoc } from './seed.js';

export interface Rate {
  readonly docs: number;
  readonly seconds: number;
  readonly docsPerSecond: number;
}

export interface ThroughputResult {
  /** One set() at a time. */
  readonly sequential: Outcome<Rate>;
  /** 50 set()s in flight at all times. */
  readonly concurrent: Outcome<Rate>;
  /** WriteBatch commits of 500 set()s, one at a time. */
  readonly batched: Outcome<Rate>;
}

const DURATION_MS = 3_000;
const CONCURRENCY = 50;

/**
 * Keeps starting `writeOne` until the duration is over (each of `workers` loops awaits its own
 * previous write), then waits for the last writes so every counted document was acknowledged.
 */
async function runFor(workers: number, writeOne: (i: number) => Promise<number>): Promise<Rate> {
  let next = 0;
  let docs = 0;
  const t0 = performance.now();
  const deadline = t0 + DURATION_MS;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      // Not `docs += await …`: that reads `docs` before awaiting and loses the other workers' counts.
      const written = await writeOne(next++);
      docs += written;
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  const seconds = (performance.now() - t0) / 1000;
  return { docs, seconds, docsPerSecond: docs / seconds };
}

/** Runs the three write patterns against an empty database, each into a collection of its own. */
export async function measureThroughput(db: Firestore, label: string): Promise<ThroughputResult> {
  const set = (collection: string) => async (i: number) => {
    await withTimeout(db.collection(collection).doc(`d${i}`).set(smallDoc(i)), OP_TIMEOUT_MS, 'set()');
    return 1;
  };
  // Opens the channel and warms both processes' JIT so the first timed write is not a cold one.
  const warmup = set('warmup');
  for (let i = 0; i < 50; i++) await warmup(i);

  const sequential = await attempt(() => runFor(1, set('sequential')));
  progress(`${label}: sequential set() ${describe(sequential)}`);
  const concurrent = await attempt(() => runFor(CONCURRENCY, set('concurrent')));
  progress(`${label}: ${CONCURRENCY} concurrent set() ${describe(concurrent)}`);
  const batched = await attempt(() =>
    runFor(1, async (b) => {
      const col = db.collection('batched');
      const batch = db.batch();
      for (let i = b * BATCH_SIZE; i < (b + 1) * BATCH_SIZE; i++) batch.set(col.doc(`d${i}`), smallDoc(i));
      await withTimeout(batch.commit(), OP_TIMEOUT_MS, 'batch commit');
      return BATCH_SIZE;
    }),
  );
  progress(`${label}: batches of ${BATCH_SIZE} ${describe(batched)}`);
  return { sequential, concurrent, batched };
}

const describe = (o: Outcome<Rate>): string =>
  o.ok ? `${Math.round(o.value.docsPerSecond)} docs/s (${o.value.docs} in ${o.value.seconds.toFixed(2)} s)` : `failed: ${o.error}`;
