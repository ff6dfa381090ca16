import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAt, documentCount, metadataPath, startEmulator, tempDir } from './helpers.js';

const PROJECT = 'demo-export-cli';
const REPO = resolve(import.meta.dirname, '../../..');
const children = new Set<ChildProcess>();

/** The CLI as a user runs it (`npm start` is `tsx src/cli.ts`), in one process so signals reach it. */
function runCli(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/src/cli.ts', '--port', '0', ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((done) =>
    child.on('exit', (code) => {
      children.delete(child);
      done(code);
    }),
  );
  return { child, output: () => output, exited };
}

/** Waits for the "listening on host:port" line and returns `host:port`. */
async function listeningAddress(output: () => string, exited: Promise<number | null>): Promise<string> {
  const deadline = Date.now() + 20_000;
  let done = false;
  void exited.then(() => (done = true));
  for (;;) {
    const m = /listening on (\S+):(\d+)/.exec(output());
    if (m) return `${m[1]}:${m[2]}`;
    if (done || Date.now() > deadline) throw new Error(`the CLI did not start:\n${output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('CLI --import and --export-on-exit', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let seed: string;

  beforeAll(async () => {
    dir = await tempDir();
    seed = join(dir.path, 'seed');
    const source = await startEmulator({ exportOnExit: seed });
    const a = await adminAt(source.hostAndPort, PROJECT);
    await a.db.doc('products/p1').set({ name: 'Mug', price: 1200 });
    await a.close();
    await source.stop();
  });

  afterAll(async () => {
    // Only when a test failed half-way: the CLIs this suite started and did not see exit.
    for (const child of children) child.kill('SIGKILL');
    await dir?.cleanup();
  });

  it('imports at start, and on SIGINT exports everything, including what was written meanwhile', async () => {
    const out = join(dir.path, 'out');
    const cli = runCli(['--import', seed, '--export-on-exit', out]);
    const address = await listeningAddress(cli.output, cli.exited);
    expect(cli.output()).toContain(`Imported 1 documents from ${seed}`);

    const c = await adminAt(address, PROJECT);
    const imported = await c.db.doc('products/p1').get();
    expect(imported.data()).toEqual({ name: 'Mug', price: 1200n });
    await c.db.doc('products/p2').set({ name: 'Plate', price: 900 });
    await c.close();

    expect(existsSync(metadataPath(out))).toBe(false);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(`Exporting to ${join(out, 'firestore_export')}`);
    expect(existsSync(metadataPath(out))).toBe(true);

    const reloaded = await startEmulator({ import: out });
    expect(documentCount(reloaded)).toBe(2);
    const r = await adminAt(reloaded.hostAndPort, PROJECT);
    const again = await r.db.doc('products/p1').get();
    expect(again.data()).toEqual({ name: 'Mug', price: 1200n });
    expect(again.updateTime!.isEqual(imported.updateTime!)).toBe(true);
    expect((await r.db.doc('products/p2').get()).get('name')).toBe('Plate');
    await r.close();
    await reloaded.stop();
  });

  it('refuses a damaged --import: exit code 2, the file and line on stderr, no export written', async () => {
    const damaged = join(dir.path, 'damaged');
    await cp(seed, damaged, { recursive: true });
    const file = join(damaged, 'firestore_export', 'databases', `${PROJECT}_(default).jsonl`);
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('"name":{"stringValue":"Mug"}', '"name":{"stringValue":"Mug"'),
    );
    // --export-on-exit to the same directory: a failed import must not overwrite the seed.
    const cli = runCli(['--import', damaged, '--export-on-exit', damaged]);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain(`Cannot import ${file}:1: not valid JSON`);
    expect(cli.output()).not.toContain('Usage:');
    expect(await readFile(file, 'utf8')).toContain('"stringValue":"Mug"');
  });
});
