/**
 * Conformance rows A01–A10 (rules-language.md §11): what loads through `PUT :securityRules`
 * (initializeTestEnvironment) and what must make it reject (§2.2, §3).
 */
import { doc, getDoc } from 'firebase/firestore';
import { describe, it } from 'vitest';
import { onT, rules, rulesSuite, rulesV1, verdict } from './rules-suite.js';

const suite = rulesSuite('rules-loading');

/** A service-level function with `n` let bindings, used by the rule of t/{id}. */
const withLets = (n: number): string => {
  const lets = Array.from({ length: n }, (_, i) => `let v${i} = ${i};`).join(' ');
  const sum = Array.from({ length: n }, (_, i) => `v${i}`).join(' + ');
  return rules(`function f() { ${lets} return ${sum}; }\n    match /t/{id} { allow get: if f() >= 0; }`);
};

describe('loading rules', () => {
  it('A01 allow get: if true → A get t/x ALLOW', async () => {
    const row = await suite.load(onT('allow get: if true;'));
    await verdict('A01 A get t/x', getDoc(doc(row.db('A'), 't/x')), 'ALLOW');
  });

  it("A02 `allow get: true;` (no 'if') → LOAD-FAIL", async () => {
    await suite.loadFails(onT('allow get: true;'));
  });

  it("A03 rules_version = '3' → LOAD-FAIL", async () => {
    await suite.loadFails(rules('match /t/{id} { allow get: if true; }').replace("rules_version = '2'", "rules_version = '3'"));
  });

  it('A04 v1 file with a recursive wildcard before the last segment → LOAD-FAIL', async () => {
    await suite.loadFails(rulesV1('match /{p=**}/posts/{q} { allow read: if true; }'));
  });

  it('A05 two recursive wildcards in one pattern → LOAD-FAIL', async () => {
    await suite.loadFails(rules('match /{a=**}/x/{b=**} { allow read: if true; }'));
  });

  it('A06 a recursive function → LOAD-FAIL', async () => {
    await suite.loadFails(rules('function f() { return f(); }\n    match /t/{id} { allow get: if f(); }'));
  });

  it('A07 a function with 12 let bindings → LOAD-FAIL; with 10 → loads', async () => {
    await suite.loadFails(withLets(12));
    const row = await suite.load(withLets(10));
    await verdict('A07 (10 lets) A get t/x', getDoc(doc(row.db('A'), 't/x')), 'ALLOW');
  });

  it('A08 a missing closing brace → LOAD-FAIL', async () => {
    await suite.loadFails(rules('match /t/{id} { allow get: if true; '));
  });

  it('A09 line and block comments in the body → A get t/x ALLOW', async () => {
    const row = await suite.load(rules('// c1\n    /* c2 */\n    match /t/{id} { allow get: if true; }'));
    await verdict('A09 A get t/x', getDoc(doc(row.db('A'), 't/x')), 'ALLOW');
  });

  it('A10 `allow get;` without a condition → U get t/x ALLOW', async () => {
    const row = await suite.load(onT('allow get;'));
    await verdict('A10 U get t/x', getDoc(doc(row.db('U'), 't/x')), 'ALLOW');
  });
});
