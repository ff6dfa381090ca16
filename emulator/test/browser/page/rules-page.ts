/**
 * The rules-unit-testing scenario of RulesPageApi, on the browser build of
 * `@firebase/rules-unit-testing` (which brings the compat SDK, WebChannel transport, and loads
 * rules with fetch). It uses the compat Firestore the contexts hand out, as written in the
 * library's own examples.
 */
import { assertFails, assertSucceeds, initializeTestEnvironment } from '@firebase/rules-unit-testing';
import { RULES_SCENARIO_DOC, type RulesScenarioOptions, type RulesScenarioReport } from './rules-page-api.js';

export async function runScenario({
  projectId,
  host,
  port,
  rules,
}: RulesScenarioOptions): Promise<RulesScenarioReport> {
  const env = await initializeTestEnvironment({ projectId, firestore: { host, port, rules } });
  try {
    await env.withSecurityRulesDisabled(async (ctx) => {
      await ctx.firestore().doc(RULES_SCENARIO_DOC.path).set(RULES_SCENARIO_DOC.data);
    });
    const admin = env.authenticatedContext('alice', { admin: true }).firestore();
    const snap = await assertSucceeds(admin.doc(RULES_SCENARIO_DOC.path).get());
    const bob = env.authenticatedContext('bob').firestore();
    const denied = (await assertFails(bob.doc(RULES_SCENARIO_DOC.path).set({ name: 'Taken' }))) as {
      code?: unknown;
      message?: unknown;
    };
    await env.clearFirestore();
    let existsAfterClear = true;
    await env.withSecurityRulesDisabled(async (ctx) => {
      existsAfterClear = (await ctx.firestore().doc(RULES_SCENARIO_DOC.path).get()).exists;
    });
    return {
      allowedRead: snap.exists ? (snap.data() ?? null) : null,
      deniedWrite: { code: String(denied.code), message: String(denied.message) },
      existsAfterClear,
    };
  } finally {
    await env.cleanup();
  }
}
