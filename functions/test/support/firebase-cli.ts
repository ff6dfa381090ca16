import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** The CLI's entry point, run with this Node (no npx: faster, and no shell between us and it). */
const FIREBASE_BIN = join(
  dirname(createRequire(import.meta.url).resolve('firebase-tools/package.json')),
  'lib',
  'bin',
  'firebase.js',
);

const READY = /All emulators ready/;
/** The CLI reports a broken bundle and carries on with no functions; start-up treats it as fatal. */
const FATAL = /Failed to load function definition|Could not start|is not open on|^Error: /;
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const TAIL_LINES = 60;

export interface FirebaseEmulatorsOptions {
  /** Absolute path of the firebase.json to use; its directory is the CLI's project directory. */
  configPath: string;
  projectId: string;
  only: readonly string[];
  /** The CLI writes firebase-debug.log here. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Everything the CLI prints goes here. */
  logFile: string;
  /** Also called with each line the CLI prints (colours removed). */
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface FirebaseEmulators {
  readonly pid: number;
  /** Resolves with the exit code when the CLI exits, for whatever reason. */
  readonly exited: Promise<number | null>;
  /** SIGINT to the CLI's whole process group (CLI and function workers), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `firebase emulators:start` in its own process group and resolves once it prints that all
 * emulators are ready. Rejects (after stopping it) when it exits early, reports a fatal error such
 * as a bundle that does not load or a port in use, or is not ready in time; the error carries the
 * tail of its output and the log file's path.
 */
export async function startFirebaseEmulators(options: FirebaseEmulatorsOptions): Promise<FirebaseEmulators> {
  const args = [
    'emulators:start',
    '--only',
    options.only.join(','),
    '--project',
    options.projectId,
    '--config',
    options.configPath,
  ];
  const child = spawn(process.execPath, [FIREBASE_BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    // Own process group: one signal reaches the function workers the CLI spawns, and Ctrl-C in a
    // terminal reaches only us, so we decide the order things stop in.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start the Firebase CLI (${FIREBASE_BIN})`);

  const log = createWriteStream(options.logFile);
  const tail: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  // Last resort when this process exits without (or while) stopping the stack: no orphans.
  const killOnExit = () => signalGroup('SIGKILL');
  process.on('exit', killOnExit);

  const stop = async (graceMs = 10_000) => {
    if (running) {
      signalGroup('SIGINT');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(resolve, graceMs, 'timeout').unref());
      if ((await Promise.race([exited, timer])) === 'timeout') signalGroup('SIGKILL');
      await exited;
    }
    // Function workers that outlived the CLI.
    signalGroup('SIGKILL');
    process.off('exit', killOnExit);
    await new Promise<void>((resolve) => log.end(resolve));
  };

  const ready = new Promise<void>((resolve, reject) => {
    const failure = (why: string) =>
      reject(
        new Error(
          `Firebase emulators did not start: ${why}\n--- last lines of ${options.logFile} ---\n${tail.join('\n')}`,
        ),
      );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (raw) => {
        const line = raw.replace(ANSI, '');
        log.write(`${line}\n`);
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
        options.onLine?.(line);
        if (READY.test(line)) resolve();
        else if (FATAL.test(line)) failure(line.trim());
      });
    }
    void exited.then((code) => failure(`the CLI exited with code ${code}`));
    const timeoutMs = options.readyTimeoutMs ?? 120_000;
    setTimeout(() => failure(`not ready after ${timeoutMs / 1000} s`), timeoutMs).unref();
  });

  try {
    await ready;
  } catch (e) {
    await stop(2_000);
    throw e;
  }
  return { pid, exited, stop };
}
