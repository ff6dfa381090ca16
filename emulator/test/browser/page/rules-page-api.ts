/**
 * What the test page offers for the browser build of `@firebase/rules-unit-testing`: one scenario,
 * run entirely in the page (a RulesTestEnvironment cannot cross the page boundary), reporting what
 * happened as plain values. Loaded on demand by main.ts, in a chunk of its own.
 */

export interface RulesScenarioOptions {
  readonly projectId: string;
  readonly host: string;
  readonly port: number;
  /** The ruleset initializeTestEnvironment loads. */
  readonly rules: string;
}

export interface RulesScenarioReport {
  /** The seeded document as the claim-bearing context read it (assertSucceeds), or null if absent. */
  readonly allowedRead: Record<string, unknown> | null;
  /** The error assertFails resolved with for the denied write. */
  readonly deniedWrite: { readonly code: string; readonly message: string };
  /** Whether the document still exists (read with rules disabled) after clearFirestore(). */
  readonly existsAfterClear: boolean;
}

export interface RulesPageApi {
  /**
   * initializeTestEnvironment with `rules`; seeds `stores/s1` with withSecurityRulesDisabled;
   * assertSucceeds a read by alice with the custom claim `admin: true`; assertFails a write by bob;
   * clearFirestore; cleanup.
   */
  runScenario(options: RulesScenarioOptions): Promise<RulesScenarioReport>;
}

/** The global the page installs RulesPageApi under. */
export const RULES_PAGE_API_GLOBAL = 'rulesUnitTestingPage';

/** The document the scenario seeds. */
export const RULES_SCENARIO_DOC = { path: 'stores/s1', data: { name: 'Depot', open: true } } as const;
