/**
 * Metrics 2, 3, 5 and 6 on one child, as its database grows: idle memory, then a listener on a
 * small collection while `items` grows to 1,000, 10,000 and 100,000 documents, measuring at each
 * size whatever belongs there. One child and one growth, because on an emulator whose inserts
 * slow down with size, seeding 100,000 documents twice would not fit the time budget.
 */
import { connectAdmin } from './admin-client.js';
import { attachListener, type AttachedListener, type ListenerLatency } from './measure-listener.js';
import { measureMemory, type MemoryResult } from './measure-memory.js';
import { measureQuery, type QueryResult } from './measure-query.js';
import { attempt, failure, firstLine, type Outcome } from './outcome.js';
import { progress } from './progress.js';
import { grow, type GrowResult } from './seed.js';
import type { RunningEmulator } from './spawn-emulator.js';

export const SIZES = [1_000, 10_000, 100_000] as const;
export type Size = (typeof SIZES)[number];

/** Time allowed to grow `items` up to each size (from the previous one). */
const GROW_BUDGET_MS: Record<Size, number> = { 1_000: 30_000, 10_000: 100_000, 100_000: 90_000 };
const ITEMS = 'items';

export interface GrowthResult {
  readonly idle: Outcome<MemoryResult>;
  readonly memory: Record<Size, Outcome<MemoryResult>>;
  /** Over `items` at 10,000 documents. */
  readonly query: Outcome<QueryResult>;
  readonly listener: Record<Size, Outcome<ListenerLatency>>;
  /** How each growth step went (raw numbers). */
  readonly growth: readonly GrowResult[];
  /** Memory where growth stopped short of 100,000 documents, if it did. */
  readonly memoryWhenStopped?: MemoryResult;
}

const bySize = <T>(value: Outcome<T>): Record<Size, Outcome<T>> => ({ 1_000: value, 10_000: value, 100_000: value });

export async function runGrowthScenario(emulator: RunningEmulator): Promise<GrowthResult> {
  const label = emulator.target.label;
  const idle = await attempt(() => measureMemory(emulator, 0));
  const memory = bySize<MemoryResult>(failure('not measured'));
  const listener = bySize<ListenerLatency>(failure('not measured'));
  let query: Outcome<QueryResult> = failure('not measured');
  const growth: GrowResult[] = [];
  let memoryWhenStopped: MemoryResult | undefined;

  const client = connectAdmin(emulator.hostAndPort);
  let attached: Outcome<AttachedListener> = failure('not attached');
  try {
    progress(`${label}: attaching a listener to a 5-document collection`);
    attached = await attempt(() => attachListener(client.db, label));
    if (!attached.ok) progress(`${label}: listener failed: ${attached.error}`);
    let size = 0;
    for (const target of SIZES) {
      progress(`${label}: growing '${ITEMS}' to ${target.toLocaleString('en')} documents in batches of 500`);
      let step: GrowResult;
      try {
        step = await grow(client.db, ITEMS, size, target, GROW_BUDGET_MS[target]);
      } catch (e) {
        step = { size, reached: false, seconds: 0, stoppedBecause: `growth failed: ${firstLine(e)}` };
      }
      growth.push(step);
      size = step.size;
      if (!step.reached) {
        progress(`${label}: ${step.stoppedBecause}`);
        const stopped = await attempt(() => measureMemory(emulator, size));
        if (stopped.ok) memoryWhenStopped = stopped.value;
        const notReached = failure(step.stoppedBecause ?? 'not reached');
        for (const s of SIZES.filter((s) => s >= target)) {
          memory[s] = notReached;
          listener[s] = notReached;
        }
        if (target <= 10_000) query = notReached;
        break;
      }
      progress(`${label}: ${target.toLocaleString('en')} documents after ${step.seconds.toFixed(1)} s`);
      memory[target] = await attempt(() => measureMemory(emulator, target));
      if (target === 10_000) query = await attempt(() => measureQuery(client.db, ITEMS, target, label));
      const handle = attached;
      listener[target] = handle.ok ? await attempt(() => handle.value.measure(target)) : failure(handle.error);
    }
  } finally {
    if (attached.ok) attached.value.close();
    await client.close();
  }
  return { idle, memory, query, listener, growth, ...(memoryWhenStopped ? { memoryWhenStopped } : {}) };
}
