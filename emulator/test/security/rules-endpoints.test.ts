/**
 * The control plane of rules (rules-language.md §3): `PUT :securityRules` as rules-unit-testing and
 * firebase-tools call it, compile errors, and the coverage report (JSON and HTML).
 */
import { initializeTestEnvironment } from '@firebase/rules-unit-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeEmbeddedOnly,
  startTarget,
  uniqueProjectId,
  webFirestore,
  type EmulatorTarget,
} from '../harness.js';
import { loadRules, putRules, wrapRules } from './security-support.js';

let target: EmulatorTarget;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target.stop();
});

const BROKEN = wrapRules('    match /t/{id} { allow get: true; }');

describe('PUT :securityRules', () => {
  it('answers a compile error with 400 INVALID_ARGUMENT naming the line, column and problem', async () => {
    const res = await putRules(target, uniqueProjectId('rules-load'), BROKEN);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { status: string; message: string } };
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe("Error compiling rules:\nL4:32 Missing 'if' before conditional expression.");
  });

  it('with ignore_errors (firebase-tools) answers 200 with the issues', async () => {
    const res = await putRules(target, uniqueProjectId('rules-load'), BROKEN, { ignore_errors: true });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      issues: { sourcePosition: Record<string, unknown>; description: string; severity: string }[];
    };
    expect(body.issues).toEqual([
      {
        sourcePosition: expect.objectContaining({ line: 4, column: 32 }),
        description: "Missing 'if' before conditional expression.",
        severity: 'ERROR',
      },
    ]);
  });

  it('makes initializeTestEnvironment reject on rules that do not compile', async () => {
    await expect(
      initializeTestEnvironment({
        projectId: uniqueProjectId('rules-rut'),
        firestore: { host: target.host, port: target.port, rules: BROKEN },
      }),
    ).rejects.toThrow(/Missing 'if'/);
  });
});

// The official emulator puts rules that do not compile in force when ignore_errors is set (every
// request then fails with the compile error); ours keeps the last good rules (docs/DIVERGENCES.md).
describeEmbeddedOnly('PUT :securityRules with ignore_errors and rules that do not compile', () => {
  it('keeps the previous rules in force', async () => {
    const projectId = uniqueProjectId('rules-load');
    await loadRules(target, projectId, wrapRules('    match /t/{id} { allow get: if false; }'));
    expect((await putRules(target, projectId, BROKEN, { ignore_errors: true })).status).toBe(200);
    const { doc, getDoc } = await import('firebase/firestore');
    const alice = await webFirestore(target, projectId, { sub: 'alice' });
    try {
      await expect(getDoc(doc(alice.db, 't/x'))).rejects.toMatchObject({
        code: 'permission-denied',
        message: expect.stringMatching(/false for 'get'/),
      });
    } finally {
      await alice.close();
    }
  });
});

// The official emulator answers 500 to a body without rules files (see docs/DIVERGENCES.md).
describeEmbeddedOnly('PUT :securityRules with a malformed body', () => {
  it('answers 400 INVALID_ARGUMENT and loads nothing', async () => {
    const url = `http://${target.hostAndPort}/emulator/v1/projects/${uniqueProjectId('rules-load')}:securityRules`;
    for (const body of ['{', '{}', '{"rules":{"files":[]}}', '{"rules":{"files":[{"content":7}]}}']) {
      const res = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body });
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: { status: string } }).error.status, body).toBe(
        'INVALID_ARGUMENT',
      );
    }
  });
});

describeEmbeddedOnly('rule coverage report', () => {
  it('counts how often each condition was true, false or an error; never-evaluated conditions show zero', async () => {
    const projectId = uniqueProjectId('rules-coverage');
    await loadRules(
      target,
      projectId,
      wrapRules(`    match /t/{id} { allow get: if request.auth.uid == 'alice'; }
    match /u/{id} { allow get: if true; }`),
    );
    const { doc, getDoc } = await import('firebase/firestore');
    const alice = await webFirestore(target, projectId, { sub: 'alice' });
    const bob = await webFirestore(target, projectId, { sub: 'bob' });
    const anon = await webFirestore(target, projectId);
    try {
      await getDoc(doc(alice.db, 't/x'));
      await getDoc(doc(alice.db, 't/y'));
      await expect(getDoc(doc(bob.db, 't/x'))).rejects.toMatchObject({ code: 'permission-denied' });
      await expect(getDoc(doc(anon.db, 't/x'))).rejects.toMatchObject({ code: 'permission-denied' });
    } finally {
      await Promise.all([alice.close(), bob.close(), anon.close()]);
    }
    const res = await fetch(`http://${target.hostAndPort}/emulator/v1/projects/${projectId}:ruleCoverage`);
    const coverage = (await res.json()) as {
      rules: { files: { content: string }[] };
      report: {
        text: string;
        line: number;
        evaluations: number;
        true: number;
        false: number;
        errors: number;
      }[];
    };
    expect(coverage.rules.files[0]!.content).toContain("request.auth.uid == 'alice'");
    const condition = coverage.report.find((e) => e.text === "request.auth.uid == 'alice'");
    expect(condition).toMatchObject({ line: 4, evaluations: 4, true: 2, false: 1, errors: 1 });
    expect(coverage.report.find((e) => e.text === 'true')).toMatchObject({ line: 5, evaluations: 0 });

    const html = await fetch(
      `http://${target.hostAndPort}/emulator/v1/projects/${projectId}:ruleCoverage.html`,
    );
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await html.text();
    expect(page).toContain('<tr class="hit"');
    expect(page).toContain('<tr class="never"');
    expect(page).toContain('request.auth.uid == &#39;alice&#39;');
  });

  it('is empty for a project without rules', async () => {
    const res = await fetch(
      `http://${target.hostAndPort}/emulator/v1/projects/${uniqueProjectId('rules-none')}:ruleCoverage`,
    );
    expect(await res.json()).toEqual({ rules: { files: [] }, report: [] });
  });
});
