// npm start: the whole backend on the ports in firebase.json, seeded, until Ctrl-C.
import { relative } from 'node:path';
import { defaultProjectId, ensureSecretLocal, REPO_ROOT } from '../functions/test/support/functions-files.js';
import { startLocalStack, type LocalStack } from '../functions/test/support/local-stack.js';
import { functionUrl } from '../functions/test/support/stack-client.js';
import { runSeed } from './seed/run-seed.js';
import { DEMO_USERS } from './seed/seed-users.js';

/** The functions the emulator loaded from functions/lib (its /backends endpoint), by name. */
async function loadedFunctions(functionsOrigin: string): Promise<string[]> {
  const { backends } = (await (await fetch(`${functionsOrigin}/backends`)).json()) as {
    backends: { functionTriggers: { entryPoint: string }[] }[];
  };
  return backends.flatMap((b) => b.functionTriggers.map((t) => t.entryPoint));
}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

function describe(stack: LocalStack, functions: readonly string[], stripeKey: boolean): string {
  const { info } = stack;
  const minutes = info.reservationSeconds / 60;
  return [
    '',
    `Storefront backend is running (project ${info.projectId}). Ctrl-C stops everything.`,
    '',
    table([
      ['Firestore (ours)', `${info.firestoreHost}   export FIRESTORE_EMULATOR_HOST=${info.firestoreHost}`],
      ['  security rules', `firestore.rules, reloaded on save; coverage: http://${info.firestoreHost}/emulator/v1/projects/${info.projectId}:ruleCoverage.html`],
      ['Auth', `${info.authHost}   export FIREBASE_AUTH_EMULATOR_HOST=${info.authHost}`],
      ['Functions', info.functionsOrigin],
      ['Cloud Tasks', info.tasksHost],
      ...functions.map((name) => [`  ${name}`, functionUrl(info, name)] as const),
    ]),
    '',
    'Demo users (Auth emulator):',
    table(DEMO_USERS.map((u) => [u.email, `password ${u.password}${u.admin ? '   (admin: true)' : ''}`])),
    '',
    table([
      [
        'Payments',
        stripeKey
          ? 'Stripe test mode (STRIPE_SECRET_KEY in functions/.secret.local)'
          : 'demo mode (no STRIPE_SECRET_KEY): demoPay stands in for Stripe',
      ],
      [
        'Reservations',
        `held for ${Number.isInteger(minutes) ? `${minutes} min` : `${info.reservationSeconds} s`} (RESERVATION_SECONDS)`,
      ],
      ['Firebase CLI log', relative(process.cwd(), stack.logFile)],
    ]),
    '',
  ].join('\n');
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function main(): Promise<void> {
  // While starting (and on a second Ctrl-C while stopping): exit at once. The CLI's process group
  // is killed when this process exits (firebase-cli.ts); our Firestore emulator ends with it.
  const abort = () => process.exit(130);
  for (const signal of SIGNALS) process.on(signal, abort);

  console.log('Building the functions and starting the emulators (about 20 s)…');
  let echo = false;
  const stack = await startLocalStack({
    projectId: defaultProjectId(),
    ports: 'fixed',
    runDir: REPO_ROOT,
    // Until the table is printed the CLI's own banner is noise; after it, function logs are wanted.
    onLine: (line) => {
      if (echo && line.trim() !== '') console.log(line);
    },
  });
  try {
    const seeded = await runSeed(stack.info);
    console.log(
      `Seeded: created ${seeded.storesCreated} stores, ${seeded.productsCreated} products, ${seeded.usersCreated} users.`,
    );
  } catch (e) {
    await stack.stop();
    throw e;
  }
  console.log(
    describe(stack, await loadedFunctions(stack.info.functionsOrigin), ensureSecretLocal().stripeKey),
  );
  echo = true;

  const shutdown = async (signal: NodeJS.Signals) => {
    for (const s of SIGNALS) {
      process.off(s, onSignal);
      process.on(s, abort);
    }
    console.log(`\n${signal}: stopping the emulators (Ctrl-C again to force)…`);
    await stack.stop();
    process.exit(0);
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
  for (const s of SIGNALS) {
    process.off(s, abort);
    process.on(s, onSignal);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
