/**
 * The browser build of `@firebase/rules-unit-testing@5` against the emulator, from the bundled page
 * in Chromium: initializeTestEnvironment loads a ruleset (a cross-origin PUT :securityRules), a seed
 * goes in through withSecurityRulesDisabled, assertSucceeds passes for a read allowed by a custom
 * claim, assertFails for a denied write, and clearFirestore (a cross-origin DELETE) empties the
 * project. The scenario itself lives in page/rules-page.ts.
 */
import { expect, it } from 'vitest';
import { browserSuite } from './browser-suite.js';
import {
  RULES_PAGE_API_GLOBAL,
  RULES_SCENARIO_DOC,
  type RulesPageApi,
  type RulesScenarioOptions,
  type RulesScenarioReport,
} from './page/rules-page-api.js';

const suite = browserSuite();

const RULES = `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    match /stores/{id} {
      allow read: if request.auth.token.admin == true;
      allow write: if false;
    }
  }
}
`;

it('initializeTestEnvironment, withSecurityRulesDisabled, assertSucceeds, assertFails and clearFirestore work in the page', async () => {
  const { tab, projectId, admin } = await suite.setup();
  const options: RulesScenarioOptions = {
    projectId,
    host: suite.target.host,
    port: suite.target.port,
    rules: RULES,
  };
  const report = await tab.page.evaluate(
    ([g, o]) => (globalThis as unknown as Record<string, RulesPageApi>)[g]!.runScenario(o),
    [RULES_PAGE_API_GLOBAL, options] as const,
  );
  const expected: RulesScenarioReport = {
    allowedRead: { ...RULES_SCENARIO_DOC.data },
    deniedWrite: { code: 'permission-denied', message: expect.any(String) as unknown as string },
    existsAfterClear: false,
  };
  expect(report, tab.errors.join('\n')).toEqual(expected);
  // The page itself loaded the rules and cleared the data, cross-origin.
  const ruleLoads = tab.requests.filter(
    (r) => r.startsWith('PUT ') && r.includes(`/emulator/v1/projects/${projectId}:securityRules`),
  );
  expect(ruleLoads).toHaveLength(1);
  expect(
    tab.requests.some(
      (r) =>
        r.startsWith('DELETE ') &&
        r.includes(`/emulator/v1/projects/${projectId}/databases/(default)/documents`),
    ),
  ).toBe(true);
  expect((await admin.doc(RULES_SCENARIO_DOC.path).get()).exists).toBe(false);
});
