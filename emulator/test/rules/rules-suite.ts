/**
 * The shared machinery of the rules conformance suite (rules-language.md §11): rulesets in the
 * table's conventions, one `@firebase/rules-unit-testing` environment per ruleset (a fresh project
 * id each, so rows never see each other's rules or data), actors by the table's letters, and a
 * verdict check that classifies every request exactly as rules-unit-testing does (§10.3).
 *
 * The target is `startTarget()`: the embedded emulator, or whatever FIRESTORE_EMULATOR_HOST names
 * (e.g. the official one). `RULES_TRACE=1` prints every request's outcome and denial text.
 */
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
  type TokenOptions,
} from '@firebase/rules-unit-testing';
import { doc, getDoc, setDoc, type DocumentData, type Firestore } from 'firebase/firestore';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';

/** `rules_version = '2'` and the conventional database match around `body` (§11 conventions). */
export const rules = (body: string): string =>
  `rules_version = '2';\nservice cloud.firestore {\n  match /databases/{database}/documents {\n    ${body}\n  }\n}\n`;

/** The same without a `rules_version` line: version 1. */
export const rulesV1 = (body: string): string =>
  `service cloud.firestore {\n  match /databases/{database}/documents {\n    ${body}\n  }\n}\n`;

/** A row whose Rules cell shows only `allow …` statements: they apply to `match /t/{id}`. */
export const onT = (statements: string): string => rules(`match /t/{id} { ${statements} }`);

/** The `E: <expr>` harness: `match /t/{id} { allow get: if <expr>; }`. */
export const exprRules = (expr: string): string => onT(`allow get: if ${expr};`);

/**
 * Who makes a request: `A` alice, `B` bob, `carol`, `U` unauthenticated, or alice with token
 * options (`A{…}` in the table).
 */
export type Actor = 'A' | 'B' | 'carol' | 'U' | { readonly alice: TokenOptions };

export type Verdict = 'ALLOW' | 'DENY';

export interface RowEnv {
  readonly env: RulesTestEnvironment;
  readonly projectId: string;
  /** The actor's Firestore (one per actor and row), the modular type over rules-unit-testing's instance. */
  db(actor?: Actor): Firestore;
  /** Writes each `path → data` with security rules disabled. */
  seed(docs: Readonly<Record<string, DocumentData>>): Promise<void>;
  /** Reads a document with security rules disabled: its data, or undefined when it does not exist. */
  readAsOwner(path: string): Promise<DocumentData | undefined>;
}

export interface RulesSuite {
  readonly target: EmulatorTarget;
  /** A test environment whose project holds exactly `source`; cleaned up after the test. */
  load(source: string): Promise<RowEnv>;
  /** Expects loading `source` to fail (initializeTestEnvironment rejects); returns the rejection text. */
  loadFails(source: string): Promise<string>;
}

const actorKey = (a: Actor): string => (typeof a === 'string' ? a : `A${JSON.stringify(a.alice)}`);

function contextFor(env: RulesTestEnvironment, a: Actor): RulesTestContext {
  if (a === 'U') return env.unauthenticatedContext();
  if (a === 'A') return env.authenticatedContext('alice');
  if (a === 'B') return env.authenticatedContext('bob');
  if (a === 'carol') return env.authenticatedContext('carol');
  return env.authenticatedContext('alice', a.alice);
}

// rules-unit-testing hands out the compat Firestore; the modular functions accept it (they unwrap
// it with getModularInstance), so the tests use the modular API throughout.
const modular = (ctx: RulesTestContext): Firestore => ctx.firestore() as unknown as Firestore;

/** One suite per test file: the target emulator, and the environments its tests open. */
export function rulesSuite(label: string): RulesSuite {
  let target: EmulatorTarget | undefined;
  let open: RulesTestEnvironment[] = [];

  beforeAll(async () => {
    target = await startTarget();
  });
  afterEach(async () => {
    const envs = open;
    open = [];
    await Promise.all(envs.map((e) => e.cleanup()));
  });
  afterAll(async () => {
    await target?.stop();
  });

  const ready = (): EmulatorTarget => {
    if (!target) throw new Error('rules suite not started (beforeAll failed)');
    return target;
  };

  const init = (source: string) => {
    const { host, port } = ready();
    const projectId = uniqueProjectId(label);
    return { projectId, env: initializeTestEnvironment({ projectId, firestore: { host, port, rules: source } }) };
  };

  return {
    get target() {
      return ready();
    },
    async load(source) {
      const started = init(source);
      const env = await started.env;
      open.push(env);
      const dbs = new Map<string, Firestore>();
      return {
        env,
        projectId: started.projectId,
        db(actor = 'A') {
          const key = actorKey(actor);
          let db = dbs.get(key);
          if (!db) dbs.set(key, (db = modular(contextFor(env, actor))));
          return db;
        },
        seed: (docs) =>
          env.withSecurityRulesDisabled(async (ctx) => {
            const db = modular(ctx);
            for (const [path, data] of Object.entries(docs)) await setDoc(doc(db, path), data);
          }),
        async readAsOwner(path) {
          let data: DocumentData | undefined;
          await env.withSecurityRulesDisabled(async (ctx) => {
            data = (await getDoc(doc(modular(ctx), path))).data();
          });
          return data;
        },
      };
    },
    async loadFails(source) {
      const started = init(source);
      const result = await started.env.then(
        (env) => {
          open.push(env);
          return undefined;
        },
        (e: unknown) => String(e instanceof Error ? e.message : e),
      );
      if (process.env['RULES_TRACE']) console.log(`[rules] load → ${result === undefined ? 'LOADED' : `rejected: ${JSON.stringify(result)}`}`);
      expect(result, `expected loading to fail:\n${source}`).toBeTypeOf('string');
      return result ?? '';
    },
  };
}

export interface Outcome {
  readonly verdict: Verdict | 'ERROR';
  /** The denial or error text ('' on success). */
  readonly detail: string;
  readonly error: unknown;
}

/**
 * What rules-unit-testing makes of a request: ALLOW when `assertSucceeds` resolves, DENY when
 * `assertFails` accepts the rejection as a permission error, ERROR otherwise.
 */
export async function outcomeOf(request: Promise<unknown>): Promise<Outcome> {
  try {
    await assertSucceeds(request);
    return { verdict: 'ALLOW', detail: '', error: undefined };
  } catch (e: unknown) {
    const detail = e instanceof Error ? e.message : String(e);
    return assertFails(Promise.reject(e)).then(
      () => ({ verdict: 'DENY', detail, error: e }),
      () => ({ verdict: 'ERROR', detail: `${(e as { code?: string }).code ?? ''}: ${detail}`, error: e }),
    );
  }
}

/**
 * Checks one request of a row against the table's verdict. Soft: the row's other requests still
 * run, so one run shows every request that disagrees (with the emulator's text in the failure).
 */
export async function verdict(label: string, request: Promise<unknown>, expected: Verdict): Promise<Outcome> {
  const o = await outcomeOf(request);
  if (process.env['RULES_TRACE']) console.log(`[rules] ${label} → ${o.verdict}${o.detail ? `: ${JSON.stringify(o.detail)}` : ''}`);
  expect.soft(o.verdict, `${label}${o.detail ? ` (${o.detail})` : ''}`).toBe(expected);
  return o;
}
