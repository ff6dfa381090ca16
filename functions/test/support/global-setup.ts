import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureProjectEnv, ensureSecretLocal, functionsEnv, REPO_ROOT } from './functions-files.js';
import { startLocalStack, type StackInfo } from './local-stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

/** The test stack's project: its own params file (short reservations) and a demo- id (offline). */
export const TEST_PROJECT_ID = 'demo-storefront-test';
/** Short, so expiry tests wait seconds rather than the default 15 minutes. */
const TEST_RESERVATION_SECONDS = '8';
/** Short, so a release held back by a payment in flight goes ahead seconds, not 15 minutes, past the expiry. */
const TEST_RELEASE_GRACE_SECONDS = '6';
const RUNS_DIR = join(REPO_ROOT, '.firebase-test');
/** Run directories (config, CLI log) of finished runs are kept this long for post-mortems. */
const KEEP_RUNS_MS = 60 * 60 * 1000;

function pruneOldRuns(): void {
  mkdirSync(RUNS_DIR, { recursive: true });
  for (const name of readdirSync(RUNS_DIR)) {
    const dir = join(RUNS_DIR, name);
    if (Date.now() - statSync(dir).mtimeMs > KEEP_RUNS_MS) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts one stack (Firestore emulator, Firebase CLI auth/functions/tasks emulators, functions
 * built from source) for the whole functions test run, on free ports so several runs can share the
 * machine, and hands its addresses to the tests (`inject('stack')`, see stack.ts). The returned
 * teardown stops it, whether the tests passed or not.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureProjectEnv(
    TEST_PROJECT_ID,
    { RESERVATION_SECONDS: TEST_RESERVATION_SECONDS, RELEASE_GRACE_SECONDS: TEST_RELEASE_GRACE_SECONDS },
    'Params of the functions test stack (functions/test/support/global-setup.ts): short reservations and release grace for expiry tests.',
  );
  const reservation = functionsEnv(TEST_PROJECT_ID).get('RESERVATION_SECONDS');
  if (reservation !== TEST_RESERVATION_SECONDS)
    throw new Error(
      `the test stack's functions would hold reservations for ${reservation} s, not ${TEST_RESERVATION_SECONDS} s. ` +
        `The functions emulator reads RESERVATION_SECONDS from functions/.env, .env.${TEST_PROJECT_ID} and .env.local, ` +
        `the last one winning, and .env.local applies to every project: keep ${TEST_RESERVATION_SECONDS} in ` +
        `.env.${TEST_PROJECT_ID} and put the setting for \`npm start\` in functions/.env.demo-storefront.`,
    );
  if (ensureSecretLocal().stripeKey)
    throw new Error(
      'functions/.secret.local sets STRIPE_SECRET_KEY, but the functions tests run in demo payment mode (no Stripe key, no network): move the key out while testing.',
    );
  pruneOldRuns();
  const runDir = join(RUNS_DIR, `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  // FIRESTORE_EMULATOR_HOST names another Firestore emulator to test against (npm run test:official),
  // as it does for the emulator's own suites; otherwise the stack starts ours.
  const external = process.env['FIRESTORE_EMULATOR_HOST'];
  const stack = await startLocalStack({
    projectId: TEST_PROJECT_ID,
    ports: 'free',
    runDir,
    ...(external ? { externalFirestore: external } : {}),
  });
  console.log(
    `functions test stack ready in ${(stack.startMs / 1000).toFixed(1)} s (Firebase CLI log: ${stack.logFile})`,
  );
  project.provide('stack', stack.info);
  return () => stack.stop();
}
