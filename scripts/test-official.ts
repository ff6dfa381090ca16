// npm run test:official: the SDK-level suites run unchanged against Google's own Firestore emulator,
// where one is installed (it is a Java program; nothing is downloaded). Not part of `npm test`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../functions/test/support/functions-files.js';
import { freePorts } from '../functions/test/support/ports.js';

/** The suites that mean something against another emulator (the rest test this one's own surface). */
const RUNS: readonly (readonly string[])[] = [
  ['--project', 'emulator', 'emulator/test/conformance', 'emulator/test/rules', 'emulator/test/security'],
  ['--project', 'rules'],
  // The functions suites start their CLI emulators as usual, with this Firestore (global-setup.ts).
  ['--project', 'functions'],
];

/**
 * How to start the official emulator: `OFFICIAL_FIRESTORE_EMULATOR` (a launcher script or a .jar),
 * else the Google Cloud SDK component, else a JAR the Firebase CLI downloaded on another machine.
 */
function findLauncher(): { command: string; args: string[] } | undefined {
  const fromEnv = process.env['OFFICIAL_FIRESTORE_EMULATOR'];
  const cliJars = join(homedir(), '.cache', 'firebase', 'emulators');
  const jars = existsSync(cliJars) ? readdirSync(cliJars).filter((f) => /^cloud-firestore-emulator-.*\.jar$/.test(f)).sort() : [];
  const candidates = [
    fromEnv,
    '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator',
    jars.length > 0 ? join(cliJars, jars[jars.length - 1]!) : undefined,
  ].filter((p): p is string => p !== undefined && existsSync(p));
  const found = candidates[0];
  if (!found) return undefined;
  // The Cloud SDK launcher takes a `start` subcommand; the bare JAR (Firebase CLI) takes flags only.
  return found.endsWith('.jar') ? { command: 'java', args: ['-jar', found] } : { command: found, args: ['start'] };
}

/** Resolves once something accepts TCP on `port`; the JVM takes a few seconds. */
async function waitForPort(port: number, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the official emulator exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`the official emulator did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', ...args], { cwd: REPO_ROOT, env, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const launcher = findLauncher();
if (!launcher) {
  console.error(
    'No official Firestore emulator found: install the Google Cloud SDK component ' +
      '(cloud-firestore-emulator) or set OFFICIAL_FIRESTORE_EMULATOR to its launcher or JAR.',
  );
  process.exit(2);
}
const [port] = await freePorts(1);
const child = spawn(launcher.command, [...launcher.args, '--host=127.0.0.1', `--port=${port}`], {
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
});
// The launcher script starts java as its own child: kill the whole process group.
const stop = () => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

await waitForPort(port, child);
console.log(`Official Firestore emulator (${launcher.command} ${launcher.args.join(' ')}) on 127.0.0.1:${port}`);
console.log('Expected differences are listed in emulator/docs/DIVERGENCES.md; a failure there is not a regression by itself.\n');
const env = { ...process.env, FIRESTORE_EMULATOR_HOST: `127.0.0.1:${port}` };
let failed = 0;
for (const args of RUNS) if ((await run(args, env)) !== 0) failed++;
process.exit(failed === 0 ? 0 : 1);
