/** Metric 1: time from spawn until the port accepts TCP connections. */
import { progress } from './progress.js';
import { median } from './stats.js';
import { spawnEmulator, type Target } from './spawn-emulator.js';

export interface StartupResult {
  readonly medianMs: number;
  readonly samplesMs: readonly number[];
}

/** Spawns `target` `runs` times, one after another (each child stopped before the next starts). */
export async function measureStartup(target: Target, runs = 5): Promise<StartupResult> {
  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const emulator = await spawnEmulator(target);
    samplesMs.push(emulator.startupMs);
    await emulator.stop();
  }
  const result = { medianMs: median(samplesMs), samplesMs };
  progress(`${target.label}: startup median ${result.medianMs.toFixed(1)} ms`);
  return result;
}
