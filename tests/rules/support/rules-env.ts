import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import firebase from 'firebase/compat/app';
import 'firebase/compat/firestore';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { seed, type Db } from './fixtures.js';

export type { Db };

/** The actors of the matrix. */
export const ROLES = ['unauthenticated', 'owner', 'otherShopper', 'anonymous', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Uids of the signed-in actors; `owner` owns order `o-alice`, `otherShopper` owns `o-bob`, `anonymous` owns `o-anon`. */
export const UIDS = {
  owner: 'alice',
  otherShopper: 'bob',
  anonymous: 'anon-carol',
  admin: 'admin-dana',
} as const;

export type Outcome = 'allow' | 'deny';

/** One operation of the matrix: `run` performs it as an actor (uid is null when unauthenticated). */
export interface Operation {
  name: string;
  run: (db: Db, uid: string | null) => Promise<unknown>;
}

/** One cell: an actor, an operation and the verdict the rules must give. */
export interface Cell {
  role: Role;
  op: string;
  expected: Outcome;
  run: Operation['run'];
}

/** For each operation name, the roles allowed to perform it; every other role must be denied. */
export type Verdicts = Readonly<Record<string, readonly Role[]>>;

/** One collection's block of the matrix. */
export interface MatrixTable {
  collection: string;
  ops: readonly Operation[];
  allowed: Verdicts;
}

/** Expands operations × roles into cells, one per named test. */
export function matrix(operations: readonly Operation[], allowed: Verdicts): Cell[] {
  return operations.flatMap((operation) => {
    const who = allowed[operation.name];
    if (who === undefined) throw new Error(`no verdicts for operation ${operation.name}`);
    return ROLES.map((role) => ({
      role,
      op: operation.name,
      expected: who.includes(role) ? 'allow' : 'deny',
      run: operation.run,
    }));
  });
}

/** Asserts the verdict: success, or a rejection for PERMISSION_DENIED specifically (assertFails checks the code). */
export async function expectOutcome(expected: Outcome, request: Promise<unknown>): Promise<void> {
  if (expected === 'allow') await assertSucceeds(request);
  else await assertFails(request);
}

function context(env: RulesTestEnvironment, role: Role): RulesTestContext {
  switch (role) {
    case 'unauthenticated':
      return env.unauthenticatedContext();
    case 'owner':
    case 'otherShopper':
      return env.authenticatedContext(UIDS[role]);
    case 'anonymous':
      return env.authenticatedContext(UIDS.anonymous, {
        firebase: { sign_in_provider: 'anonymous' },
        provider_id: 'anonymous',
      });
    case 'admin':
      return env.authenticatedContext(UIDS.admin, { admin: true });
  }
}

export interface RulesSuite {
  /** The Firestore of `role`, with the rules enforced. */
  as(role: Role): { db: Db; uid: string | null };
  /** Runs `fn` with rules disabled (seeding, reading back). */
  privileged(fn: (db: Db) => Promise<void>): Promise<void>;
}

/**
 * Registers the hooks every rules test file shares: a test environment on a project id of its own
 * loaded with ../../firestore.rules, and before each test an emptied database seeded with the
 * fixtures. Call at the top level of a test file.
 */
export function useRulesSuite(): RulesSuite {
  let env: RulesTestEnvironment | undefined;
  const current = (): RulesTestEnvironment => {
    if (!env) throw new Error('the rules test environment is not initialised yet');
    return env;
  };

  beforeAll(async () => {
    // Every denial would otherwise be logged by the SDK as a stream error; the assertions say enough.
    firebase.firestore.setLogLevel('silent');
    const { host, port } = inject('firestoreEmulator');
    env = await initializeTestEnvironment({
      projectId: `demo-rules-${randomBytes(4).toString('hex')}`,
      firestore: {
        host,
        port,
        rules: readFileSync(new URL('../../../firestore.rules', import.meta.url), 'utf8'),
      },
    });
  });
  beforeEach(async () => {
    await current().clearFirestore();
    await current().withSecurityRulesDisabled((ctx) => seed(ctx.firestore()));
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  return {
    as: (role) => ({
      db: context(current(), role).firestore(),
      uid: role === 'unauthenticated' ? null : UIDS[role],
    }),
    privileged: (fn) => current().withSecurityRulesDisabled((ctx) => fn(ctx.firestore())),
  };
}
