/** Metric 5: query latency over one collection of 10,000 documents. */
import type { Firestore } from 'firebase-admin/firestore';
import { attempt, withTimeout, type Outcome } from './outcome.js';
import { progress } from './progress.js';
import { OP_TIMEOUT_MS } from './seed.js';
import { summarize, type LatencySummary } from './stats.js';

export interface QueryResult {
  /** where('category','==','c3').orderBy('price').limit(20) */
  readonly filtered: Outcome<LatencySummary>;
  /** count() of the whole collection */
  readonly count: Outcome<LatencySummary>;
}

const RUNS = 200;
const WARMUP = 10;
/** A slow emulator gets fewer runs rather than stalling the bench; `runs` in the result says how many. */
const BUDGET_MS = 20_000;

/** Times `run` RUNS times, one after another, after checking once that it answers correctly. */
async function timeRuns(run: () => Promise<void>): Promise<LatencySummary> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  const deadline = performance.now() + BUDGET_MS;
  while (samples.length < RUNS && performance.now() < deadline) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

/** `expectedCount` is the number of documents in `collection`, to check the answers against. */
export async function measureQuery(db: Firestore, collection: string, expectedCount: number, label: string): Promise<QueryResult> {
  const col = db.collection(collection);
  const query = col.where('category', '==', 'c3').orderBy('price').limit(20);
  const filtered = await attempt(() =>
    timeRuns(async () => {
      const snap = await withTimeout(query.get(), OP_TIMEOUT_MS, 'filtered query');
      const prices = snap.docs.map((d) => d.get('price') as number);
      const sorted = prices.every((p, i) => i === 0 || prices[i - 1]! <= p);
      if (snap.size !== 20 || !sorted || snap.docs.some((d) => d.get('category') !== 'c3'))
        throw new Error(`wrong result: expected 20 'c3' documents ordered by price, got ${snap.size}`);
    }),
  );
  progress(`${label}: filtered query ${describe(filtered)}`);
  const count = await attempt(() =>
    timeRuns(async () => {
      const snap = await withTimeout(col.count().get(), OP_TIMEOUT_MS, 'count()');
      const n = snap.data().count;
      if (n !== expectedCount) throw new Error(`wrong result: count() returned ${n}, expected ${expectedCount}`);
    }),
  );
  progress(`${label}: count() ${describe(count)}`);
  return { filtered, count };
}

const describe = (o: Outcome<LatencySummary>): string =>
  o.ok ? `p50 ${o.value.p50.toFixed(2)} ms, p99 ${o.value.p99.toFixed(2)} ms over ${o.value.runs} runs` : `failed: ${o.error}`;
