/**
 * `npm run bench:browser -w emulator`: how long a firebase-admin write in Node takes to reach an
 * onSnapshot listener in Chromium (the browser build of firebase@12 over WebChannel), in streaming
 * and in long-polling mode. The emulator is the built CLI in a child process; the page is the
 * browser suite's test page (emulator/test/browser) on its own origin.
 *
 * Each sample runs from just before `set()` until Node receives the page's listener callback
 * (Playwright's binding, one local CDP message after the SDK fired it), so it slightly
 * overstates the browser-side latency. Writes are sequential: each waits for its snapshot.
 * Goal: p99 < 50 ms on loopback.
 */
import { cpus, loadavg } from 'node:os';
import { connectAdmin } from './admin-client.js';
import { withTimeout } from './outcome.js';
import { progress } from './progress.js';
import { killAllChildren, OURS, spawnEmulator } from './spawn-emulator.js';
import { roundMs, summarize, type LatencySummary } from './stats.js';
import { buildPage } from '../test/browser/build-page.js';
import { launchChromium } from '../test/browser/launch-chromium.js';
import { openTab, type Endpoints } from '../test/browser/page-tab.js';
import type { PageMode } from '../test/browser/page/page-api.js';
import { serveStatic } from '../test/browser/serve-static.js';
import type { Browser } from 'playwright-core';
import type { Firestore } from 'firebase-admin/firestore';

const RUNS = 1_000;
const WARMUP = 50;
const NOTIFY_TIMEOUT_MS = 10_000;
const GOAL_P99_MS = 50;

// The emulator child must not outlive the bench, however it ends.
process.on('exit', killAllChildren);
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const)
  process.once(signal, () => {
    killAllChildren();
    process.exit(code);
  });

interface ModeResult {
  readonly mode: PageMode;
  readonly notify: LatencySummary;
  /** The back-channel modes the page actually used (CI=0 streaming, CI=1 long-polling). */
  readonly backChannels: Record<string, number>;
}

async function measure(browser: Browser, at: Endpoints, admin: Firestore, mode: PageMode): Promise<ModeResult> {
  const tab = await openTab(browser, at);
  try {
    const db = await tab.firestore('demo-bench', mode);
    const ref = admin.doc(`latency/${mode}`);
    await ref.set({ seq: -1 });
    const { rec } = await db.listenDoc(ref.path);
    await rec.until((e) => e.data?.['seq'] === -1, 'the first snapshot', NOTIFY_TIMEOUT_MS);
    const samples: number[] = [];
    for (let seq = 0; seq < WARMUP + RUNS; seq++) {
      const t0 = performance.now();
      const written = withTimeout(ref.set({ seq }), NOTIFY_TIMEOUT_MS, 'the admin write');
      const event = await rec.until((e) => e.data?.['seq'] === seq, `snapshot ${seq}`, NOTIFY_TIMEOUT_MS);
      await written;
      if (seq >= WARMUP) samples.push(rec.arrivals[rec.events.indexOf(event)]! - t0);
      if (seq % 250 === 0) progress(`${mode}: ${seq} updates`);
    }
    const backChannels: Record<string, number> = {};
    for (const ci of tab.backChannelModes()) backChannels[`CI=${ci}`] = (backChannels[`CI=${ci}`] ?? 0) + 1;
    if (tab.errors.length > 0) progress(`${mode}: page errors: ${tab.errors.join(' | ')}`);
    return { mode, notify: summarize(samples), backChannels };
  } finally {
    await tab.close();
  }
}

const startLoad = loadavg().map((l) => l.toFixed(2)).join(' ');
progress('building the page, starting the emulator and Chromium');
const [dir, emulator, browser] = await Promise.all([buildPage(), spawnEmulator(OURS), launchChromium()]);
const server = await serveStatic(dir);
const chromiumVersion = browser.version();
const admin = connectAdmin(emulator.hostAndPort);
const at: Endpoints = { pageOrigin: server.origin, emulatorHost: '127.0.0.1', emulatorPort: emulator.port };
const results: ModeResult[] = [];
try {
  for (const mode of ['streaming', 'long-polling'] as const) {
    progress(`${mode}: ${WARMUP} warm-up + ${RUNS} timed updates`);
    results.push(await measure(browser, at, admin.db, mode));
  }
} finally {
  await admin.close();
  await browser.close();
  await server.close();
  await emulator.stop();
}

console.log(
  `\nBrowser listener latency — node ${process.version}, Chromium ${chromiumVersion}, ` +
    `${cpus().length} cores, load average ${startLoad} at start\n`,
);
console.log('| mode | updates | p50 ms | p99 ms | max ms | back channels | p99 < 50 ms |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results)
  console.log(
    `| ${r.mode} | ${r.notify.runs} | ${roundMs(r.notify.p50)} | ${roundMs(r.notify.p99)} | ${roundMs(r.notify.max)} | ` +
      `${Object.entries(r.backChannels).map(([k, n]) => `${k}×${n}`).join(' ')} | ${r.notify.p99 < GOAL_P99_MS ? 'yes' : 'no'} |`,
  );
console.log('\nRaw numbers (ms):');
console.log(JSON.stringify(results, null, 2));
