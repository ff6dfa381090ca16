/** `--rules FILE` (EmulatorOptions.rules): enforced from start, reloaded on change, a bad edit keeps the old rules. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FirestoreEmulator } from '../../src/emulator.js';
import { describeEmbeddedOnly, uniqueProjectId } from '../harness.js';
import { wrapRules } from './security-support.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rules-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ALLOW = wrapRules('    match /t/{id} { allow read: if true; }');
const DENY = wrapRules('    match /t/{id} { allow read: if false; }');

async function status(emulator: FirestoreEmulator, projectId: string): Promise<number> {
  const res = await fetch(
    `http://${emulator.hostAndPort}/v1/projects/${projectId}/databases/(default)/documents/t/x`,
  );
  return res.status;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEmbeddedOnly('--rules FILE', () => {
  it('is enforced from start, reloaded when the file changes, and a broken edit keeps the rules in force', async () => {
    const file = join(dir, 'firestore.rules');
    await writeFile(file, DENY);
    const projectId = uniqueProjectId('rules-file');
    const log: string[] = [];
    const emulator = new FirestoreEmulator({ rules: { file, projectId, log: (l) => log.push(l) } });
    await emulator.start();
    try {
      expect(await status(emulator, projectId)).toBe(403);
      // Other projects have no rules: everything is allowed there.
      expect(await status(emulator, uniqueProjectId('rules-other'))).toBe(404);
      await writeFile(file, ALLOW);
      await until(async () => (await status(emulator, projectId)) === 404, 'the allowing rules to load');
      expect(log.at(-1)).toMatch(/^Loaded rules from /);
      await writeFile(file, wrapRules('    match /t/{id} { allow read: if ; }'));
      await until(
        async () => log.some((l) => l.includes('do not compile')),
        'the broken edit to be reported',
      );
      expect(log.at(-1)).toMatch(/previous rules stay in force:\n\s+L4:\d+ ERROR: /);
      expect(await status(emulator, projectId)).toBe(404);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses to start on a file that is missing or does not compile', async () => {
    const missing = new FirestoreEmulator({ rules: { file: join(dir, 'nope.rules'), projectId: 'demo-x' } });
    await expect(missing.start()).rejects.toThrow(/Cannot read rules file/);
    const file = join(dir, 'broken.rules');
    await writeFile(file, wrapRules('    match /t/{id} { allow read: true; }'));
    const broken = new FirestoreEmulator({ rules: { file, projectId: 'demo-x' } });
    await expect(broken.start()).rejects.toThrow(/do not compile/);
  });
});
