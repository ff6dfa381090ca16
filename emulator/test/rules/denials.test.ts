/**
 * Conformance rows L01–L04 (rules-language.md §11, §10): what a denial looks like to the SDK
 * (`code === 'permission-denied'`, the emulator's details text) and over REST (HTTP 403,
 * `status: PERMISSION_DENIED`).
 */
import { doc, getDoc } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { exprRules, onT, rules, rulesSuite, verdict } from './rules-suite.js';

const suite = rulesSuite('rules-denials');

/** The FirestoreError of a denied request (the verdict checked as DENY on the way). */
async function denial(label: string, request: Promise<unknown>): Promise<{ code: string; message: string }> {
  const o = await verdict(label, request, 'DENY');
  const e = o.error as { code?: unknown; message?: unknown } | undefined;
  return { code: String(e?.code), message: String(e?.message) };
}

describe('L: denial responses', () => {
  it("L01 allow get: if false → permission-denied, \"false for 'get' @ L<n>\"", async () => {
    const env = await suite.load(onT('allow get: if false;'));
    const e = await denial('L01 A get t/x', getDoc(doc(env.db('A'), 't/x')));
    expect(e.code).toBe('permission-denied');
    expect(e.message).toMatch(/false for 'get' @ L\d+/);
  });

  it('L02 no statement applies → permission-denied, "No matching allow statements"', async () => {
    const env = await suite.load(rules('match /other/{id} { allow read: if true; }'));
    const e = await denial('L02 A get t/x', getDoc(doc(env.db('A'), 't/x')));
    expect(e.code).toBe('permission-denied');
    expect(e.message).toContain('No matching allow statements');
  });

  it('L03 request.auth.uid when unauthenticated → permission-denied, "Null value error."', async () => {
    const env = await suite.load(exprRules("request.auth.uid == 'x'"));
    const e = await denial('L03 U get t/x', getDoc(doc(env.db('U'), 't/x')));
    expect(e.code).toBe('permission-denied');
    expect(e.message).toContain('Null value error.');
  });

  it('L04 REST GET without auth → HTTP 403, error.status PERMISSION_DENIED', async () => {
    const env = await suite.load(rules('match /{d=**} { allow read, write: if false; }'));
    const res = await fetch(`http://${suite.target.hostAndPort}/v1/projects/${env.projectId}/databases/(default)/documents/t/x`);
    const body = (await res.json()) as { error?: { code?: number; status?: string; message?: string } };
    if (process.env['RULES_TRACE']) console.log(`[rules] L04 REST GET t/x → ${res.status} ${JSON.stringify(body)}`);
    expect(res.status).toBe(403);
    expect(body.error?.status).toBe('PERMISSION_DENIED');
  });
});
