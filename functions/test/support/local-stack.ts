import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_RESERVATION_MINUTES } from '@storefront/domain';
import { FirestoreEmulator } from '../../../emulator/src/emulator.js';
import { startFirebaseEmulators, type FirebaseEmulators } from './firebase-cli.js';
import {
  buildFunctions,
  configuredEmulator,
  ensureSecretLocal,
  functionsEnv,
  FUNCTIONS_DIR,
  readFirebaseJson,
  REPO_ROOT,
} from './functions-files.js';
import { assertPortsFree, freePorts } from './ports.js';

/** Where a running stack answers, and the settings its functions run with. */
export interface StackInfo {
  projectId: string;
  /** host:port, as FIRESTORE_EMULATOR_HOST expects it. */
  firestoreHost: string;
  /** host:port, as FIREBASE_AUTH_EMULATOR_HOST expects it. */
  authHost: string;
  /** http://host:port; a function's URL is `${functionsOrigin}/${projectId}/us-central1/${name}`. */
  functionsOrigin: string;
  /** host:port of the Cloud Tasks emulator. */
  tasksHost: string;
  /** The secret stripeWebhook verifies signatures with (functions/.secret.local). */
  webhookSecret: string;
  /** How long placeOrder reserves stock in this project (functions/.env.<projectId>). */
  reservationSeconds: number;
  /** How long past expiry a release waits for a payment in flight (RELEASE_GRACE_SECONDS, default 900). */
  releaseGraceSeconds: number;
}

export interface LocalStackOptions {
  projectId: string;
  /**
   * 'free': every emulator on a port that is free now, from a generated firebase.json in `runDir`
   * (tests, benchmarks: several stacks side by side). 'fixed': the ports in the repository's
   * firebase.json (npm start), refused with a clear message when one is taken.
   */
  ports: 'free' | 'fixed';
  /** Working directory of the CLI: its generated config, its output (firebase.log), firebase-debug.log. */
  runDir: string;
  /** Called with each line the Firebase CLI prints. */
  onLine?: (line: string) => void;
  /**
   * Another Firestore emulator (`host:port`, e.g. the official one) to use instead of starting ours;
   * the store's rules are loaded into it once (no reload on change).
   */
  externalFirestore?: string;
}

export interface LocalStack {
  readonly info: StackInfo;
  readonly logFile: string;
  /** Milliseconds from the call to every emulator answering, build included. */
  readonly startMs: number;
  /** Stops the CLI emulators (and their function workers), then Firestore. */
  stop(): Promise<void>;
}

/** The emulators the Firebase CLI runs; Firestore is ours and runs in this process. */
const CLI_EMULATORS = ['auth', 'functions', 'tasks'] as const;
const HOST = '127.0.0.1';

/**
 * A copy of the repository's firebase.json for a stack on other ports, written to `runDir`. The
 * CLI resolves `functions[].source` against the config file's directory (path.join, so an
 * absolute path would not do): it gets the real functions/ as a relative path. Such a stack runs
 * the code built when it started: its CLI watches no file ('**' ignored). Otherwise another run
 * rebuilding functions/lib, or any edit in functions/, reloads every trigger mid-run and kills the
 * warm function workers (seen in the bench while other test runs were going on).
 */
function writeFreePortConfig(runDir: string, ports: Record<string, number>): string {
  const base = readFirebaseJson();
  const source = relative(runDir, FUNCTIONS_DIR);
  const emulators: Record<string, unknown> = { singleProjectMode: true, ui: { enabled: false } };
  for (const [name, port] of Object.entries(ports)) emulators[name] = { host: HOST, port };
  const config = {
    functions: base.functions.map((f) => ({ ...f, source, ignore: [...(f.ignore ?? []), '**'] })),
    emulators,
  };
  const path = join(runDir, 'firebase.json');
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

/** Resolves once `url` answers HTTP at all (any status): the server behind it is listening. */
async function waitForHttp(name: string, url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch (e) {
      if (Date.now() > deadline)
        throw new Error(`the ${name} emulator does not answer at ${url}: ${String(e)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

interface FirestoreHandle {
  readonly hostAndPort: string;
  stop(): Promise<void>;
}

const RULES_FILE = join(REPO_ROOT, 'firestore.rules');

/**
 * Our emulator, in this process, enforcing the store's own rules as production would: the web app
 * is held to them, the Admin SDK (functions, seeding, tests) bypasses them; edits to
 * firestore.rules take effect without a restart.
 */
async function startOurFirestore(port: number, projectId: string): Promise<FirestoreHandle> {
  const firestore = new FirestoreEmulator({
    host: HOST,
    port,
    rules: { file: RULES_FILE, projectId, log: (line) => console.log(`[firestore] ${line}`) },
  });
  await firestore.start();
  return firestore;
}

/** Another emulator (left running afterwards), with the store's rules loaded the way rules-unit-testing does. */
async function useExternalFirestore(hostAndPort: string, projectId: string): Promise<FirestoreHandle> {
  const res = await fetch(`http://${hostAndPort}/emulator/v1/projects/${projectId}:securityRules`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ rules: { files: [{ name: 'firestore.rules', content: readFileSync(RULES_FILE, 'utf8') }] } }),
  });
  if (!res.ok) throw new Error(`loading firestore.rules into ${hostAndPort} failed: ${res.status} ${await res.text()}`);
  return { hostAndPort, stop: async () => {} };
}

/**
 * Builds the functions and starts the whole local backend: our Firestore emulator in this process
 * (or `externalFirestore`), then `firebase emulators:start --only auth,functions,tasks` with FIRESTORE_EMULATOR_HOST pointing
 * at it. Resolves when every emulator answers. On failure everything started so far is stopped and
 * the error says why (for the CLI: the tail of its output).
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started = Date.now();
  const { projectId, runDir } = options;
  mkdirSync(runDir, { recursive: true });
  const secrets = ensureSecretLocal();
  await buildFunctions();

  let firestorePort: number;
  let cliPorts: Record<(typeof CLI_EMULATORS)[number], number>;
  let configPath: string;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Emulators need no credentials: no probing for the GCE metadata server.
    METADATA_SERVER_DETECTION: 'none',
    // Seconds the functions emulator waits for a function worker to start, and for trigger
    // discovery (defaults 30 and 10). It starts one worker per request it cannot serve with an
    // idle one, so a burst of concurrent calls starts dozens at once on a small machine; past the
    // timeout it drops the request unanswered.
    FUNCTIONS_DISCOVERY_TIMEOUT: '180',
  };
  if (options.ports === 'free') {
    const [firestore, auth, functions, tasks, hub, logging, eventarc] = await freePorts(7, HOST);
    firestorePort = firestore!;
    cliPorts = { auth: auth!, functions: functions!, tasks: tasks! };
    configPath = writeFreePortConfig(runDir, {
      ...cliPorts,
      hub: hub!,
      logging: logging!,
      eventarc: eventarc!,
    });
    // The CLI keeps a "hub locator" per project id in the temp dir; stacks of one project must not share it.
    const tmp = join(runDir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    env['TMPDIR'] = tmp;
  } else {
    const port = (name: string) => configuredEmulator(name).port;
    firestorePort = port('firestore');
    cliPorts = { auth: port('auth'), functions: port('functions'), tasks: port('tasks') };
    await assertPortsFree(
      {
        'Firestore emulator': firestorePort,
        'Auth emulator': cliPorts.auth,
        'Functions emulator': cliPorts.functions,
        'Cloud Tasks emulator': cliPorts.tasks,
      },
      HOST,
    );
    configPath = join(REPO_ROOT, 'firebase.json');
  }

  const firestore = options.externalFirestore
    ? await useExternalFirestore(options.externalFirestore, projectId)
    : await startOurFirestore(firestorePort, projectId);
  env['FIRESTORE_EMULATOR_HOST'] = firestore.hostAndPort;
  const logFile = join(runDir, 'firebase.log');
  let cli: FirebaseEmulators;
  try {
    cli = await startFirebaseEmulators({
      configPath,
      projectId,
      only: CLI_EMULATORS,
      cwd: runDir,
      env,
      logFile,
      ...(options.onLine ? { onLine: options.onLine } : {}),
    });
  } catch (e) {
    await firestore.stop();
    throw e;
  }

  const info: StackInfo = {
    projectId,
    firestoreHost: firestore.hostAndPort,
    authHost: `${HOST}:${cliPorts.auth}`,
    functionsOrigin: `http://${HOST}:${cliPorts.functions}`,
    tasksHost: `${HOST}:${cliPorts.tasks}`,
    webhookSecret: secrets.webhookSecret,
    reservationSeconds: Number(
      functionsEnv(projectId).get('RESERVATION_SECONDS') ?? DEFAULT_RESERVATION_MINUTES * 60,
    ),
    releaseGraceSeconds: Number(functionsEnv(projectId).get('RELEASE_GRACE_SECONDS') ?? 900),
  };
  const stop = async () => {
    await cli.stop();
    await firestore.stop();
  };
  try {
    await Promise.all([
      waitForHttp('Auth', `http://${info.authHost}/`),
      waitForHttp('Functions', `${info.functionsOrigin}/backends`),
      waitForHttp('Cloud Tasks', `http://${info.tasksHost}/`),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { info, logFile, startMs: Date.now() - started, stop };
}
