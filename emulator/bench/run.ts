/**
 * `npm run bench`: our emulator and @firestore-emulator/server side by side, each as a child
 * process driven through firebase-admin. Progress goes to stderr; the table and the raw numbers
 * to stdout. See README.md for what each metric means.
 */
import { cpus, loadavg } from 'node:os';
import { connectAdmin } from './admin-client.js';
import { runGrowthScenario } from './growth-scenario.js';
import { measureStartup } from './measure-startup.js';
import { measureThroughput } from './measure-throughput.js';
import { attempt } from './outcome.js';
import { progress } from './progress.js';
import { renderReport, type TargetResults } from './report.js';
import { killAllChildren, OURS, spawnEmulator, THEIRS, type RunningEmulator, type Target } from './spawn-emulator.js';

// Children must not outlive the bench, whether it ends normally, throws, or is interrupted.
process.on('exit', killAllChildren);
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the emulators`);
    killAllChildren();
    process.exit(code);
  });
}

/** Runs `fn` against a fresh child of `target`, always stopping the child afterwards. */
async function withEmulator<T>(target: Target, fn: (emulator: RunningEmulator) => Promise<T>): Promise<T> {
  const emulator = await spawnEmulator(target);
  try {
    return await fn(emulator);
  } finally {
    await emulator.stop();
  }
}

async function benchTarget(target: Target): Promise<TargetResults> {
  progress(`${target.label}: startup, 5 spawns`);
  const startup = await attempt(() => measureStartup(target));
  progress(`${target.label}: write throughput (fresh emulator)`);
  const throughput = await attempt(() =>
    withEmulator(target, async (emulator) => {
      const client = connectAdmin(emulator.hostAndPort);
      try {
        return await measureThroughput(client.db, target.label);
      } finally {
        await client.close();
      }
    }),
  );
  progress(`${target.label}: memory, queries and listener as the database grows (fresh emulator)`);
  const growth = await attempt(() => withEmulator(target, runGrowthScenario));
  return { startup, throughput, growth };
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const startLoad = load();
const started = performance.now();
const ours = await benchTarget(OURS);
const theirs = await benchTarget(THEIRS);
const minutes = (performance.now() - started) / 60_000;

console.log(
  `\nFirestore emulator bench — node ${process.version}, ${cpus().length} cores, ` +
    `load average ${startLoad} at start, ${load()} at end; took ${minutes.toFixed(1)} min\n`,
);
console.log(renderReport(ours, theirs));
console.log('\nRaw numbers (ms, bytes, docs/s):');
console.log(JSON.stringify({ ours, theirs }, null, 2));
