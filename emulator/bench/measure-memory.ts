/** Metrics 2 and 3: resident memory of the emulator process, idle and after writes. */
import { sleep } from './outcome.js';
import { progress } from './progress.js';
import type { MemorySample, RunningEmulator } from './spawn-emulator.js';

export interface MemoryResult extends MemorySample {
  /** Documents in the database when sampled. */
  readonly documents: number;
}

export const mib = (bytes: number): number => bytes / (1024 * 1024);

/**
 * Samples VmRSS after letting the process settle, so a burst of garbage from the last writes
 * has a chance to be collected and the figure is what the database costs, not the traffic.
 */
export async function measureMemory(emulator: RunningEmulator, documents: number, settleMs = 1_000): Promise<MemoryResult> {
  await sleep(settleMs);
  const sample = emulator.memory();
  progress(`${emulator.target.label}: RSS ${mib(sample.rss).toFixed(1)} MiB at ${documents.toLocaleString('en')} docs`);
  return { ...sample, documents };
}
