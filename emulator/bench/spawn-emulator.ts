/**
 * Starts an emulator as a child process (so its startup time and memory are its own, not shared
 * with the bench and the SDK), waits for its port, reads its memory, and makes sure no child
 * outlives the bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sleep } from './outcome.js';

/** One emulator under test: how to start it on a given port. */
export interface Target {
  readonly id: 'ours' | 'theirs';
  readonly label: string;
  readonly args: (port: number) => string[];
}

const DIST_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('./launch-firestore-emulator-server.js', import.meta.url));

export const OURS: Target = { id: 'ours', label: 'ours', args: (port) => [DIST_CLI, '--port', String(port)] };
export const THEIRS: Target = {
  id: 'theirs',
  label: '@firestore-emulator/server',
  args: (port) => [LAUNCHER, '--port', String(port)],
};

/** Resident memory of a process, in bytes. */
export interface MemorySample {
  /** VmRSS: resident now. */
  readonly rss: number;
  /** VmHWM: peak resident so far. */
  readonly hwm: number;
}

/** VmRSS and VmHWM from /proc/<pid>/status (Linux only, which is where the bench runs). */
export function readMemory(pid: number): MemorySample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m) throw new Error(`no ${key} in /proc/${pid}/status`);
    return Number(m[1]) * 1024;
  };
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

export interface RunningEmulator {
  readonly target: Target;
  readonly pid: number;
  readonly port: number;
  /** `127.0.0.1:port`, for FIRESTORE_EMULATOR_HOST. */
  readonly hostAndPort: string;
  /** From just before spawn() until a TCP connection to the port succeeded. */
  readonly startupMs: number;
  memory(): MemorySample;
  /** SIGTERM, then SIGKILL if it has not exited within 2 s. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Synchronous, so it can run from an 'exit' handler: kills every child still alive. */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** A port the kernel just handed out, released again for the child to bind. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
}

const tryConnect = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });

/** Spawns `target` on a free port and resolves once the port accepts TCP connections. */
export async function spawnEmulator(target: Target, timeoutMs = 20_000): Promise<RunningEmulator> {
  const port = await freePort();
  const tail: string[] = [];
  const keep = (chunk: Buffer): void => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 20));
  };
  let exited: string | undefined;

  const t0 = performance.now();
  const child = spawn(process.execPath, target.args(port), { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      exited = `exited with ${signal ?? `code ${code}`}`;
      resolve();
    });
  });
  child.once('error', (e) => (exited = `could not start: ${e.message}`));

  // Poll rather than watch stdout: "accepts connections" is what a client waits for.
  for (;;) {
    if (exited !== undefined) throw new Error(`${target.label} ${exited} before listening: ${tail.join(' | ')}`);
    if (await tryConnect(port)) break;
    if (performance.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${target.label} did not accept connections on port ${port} within ${timeoutMs} ms`);
    }
    await sleep(2);
  }
  const startupMs = performance.now() - t0;
  const pid = child.pid!;

  return {
    target,
    pid,
    port,
    hostAndPort: `127.0.0.1:${port}`,
    startupMs,
    memory: () => readMemory(pid),
    stop: async () => {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exitPromise;
      clearTimeout(killer);
    },
  };
}
