import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirestoreEmulator } from '../../src/emulator.js';
import { adminAt, documentCount, metadataPath, plain, startEmulator, tempDir } from './helpers.js';

const PROJECT = 'demo-export-http';
const OTHER_PROJECT = 'demo-export-http-other';

/** What firebase-tools sends for `emulators:export` and `--export-on-exit` (firestore-protocol.md §9.3). */
const firebaseToolsBody = (dir: string) => ({
  database: `projects/${PROJECT}/databases/(default)`,
  export_directory: dir,
  export_name: 'firestore_export',
});

describe('POST /emulator/v1/projects/{p}:export', () => {
  let emulator: FirestoreEmulator;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const post = (body: string, project = PROJECT) =>
    fetch(`http://${emulator.hostAndPort}/emulator/v1/projects/${project}:export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });

  beforeAll(async () => {
    dir = await tempDir();
    emulator = await startEmulator();
    const a = await adminAt(emulator.hostAndPort, PROJECT);
    await a.db.doc('carts/c1').set({ items: [{ sku: 'A', qty: 2 }], total: 19.99 });
    await a.db.doc('carts/c1/events/e1').set({ kind: 'added' });
    await a.close();
    const named = await adminAt(emulator.hostAndPort, PROJECT, 'analytics');
    await named.db.doc('hits/h1').set({ n: 1 });
    await named.close();
    const other = await adminAt(emulator.hostAndPort, OTHER_PROJECT);
    await other.db.doc('secret/s').set({ mine: true });
    await other.close();
  });

  afterAll(async () => {
    await emulator?.stop();
    await dir?.cleanup();
  });

  it('writes the named database before answering, as firebase-tools expects', async () => {
    const target = join(dir.path, 'tools');
    const res = await post(JSON.stringify(firebaseToolsBody(target)));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ metadataFile: metadataPath(target), databases: 1, documents: 2 });
    // Already on disk when the response arrives.
    const metadata = JSON.parse(await readFile(metadataPath(target), 'utf8'));
    expect(metadata.databases.map((d: { database: string }) => d.database)).toEqual([
      `projects/${PROJECT}/databases/(default)`,
    ]);
    expect(await readdir(target)).toEqual(['firestore_export']);

    // The metadata file path is what firebase-tools later hands to the emulator.
    const fresh = await startEmulator({ import: metadataPath(target) });
    const b = await adminAt(fresh.hostAndPort, PROJECT);
    expect(await plain((await b.db.doc('carts/c1').get()).data())).toEqual({
      items: [{ sku: 'A', qty: { int: '2' } }],
      total: 19.99,
    });
    expect((await b.db.doc('carts/c1/events/e1').get()).data()).toEqual({ kind: 'added' });
    expect(documentCount(fresh)).toBe(2);
    await b.close();
    await fresh.stop();
  });

  it('without "database", exports every database of the project and nothing of other projects', async () => {
    const target = join(dir.path, 'whole-project');
    const res = await post(JSON.stringify({ export_directory: target, export_name: 'snapshot' }));
    expect(res.status).toBe(200);
    const metadata = JSON.parse(
      await readFile(join(target, 'snapshot', 'snapshot.overall_export_metadata'), 'utf8'),
    );
    expect(metadata.databases.map((d: { database: string }) => d.database).sort()).toEqual([
      `projects/${PROJECT}/databases/(default)`,
      `projects/${PROJECT}/databases/analytics`,
    ]);
  });

  it('replaces an earlier export of the same name and leaves no temporary files', async () => {
    const target = join(dir.path, 'again');
    expect((await post(JSON.stringify(firebaseToolsBody(target)))).status).toBe(200);
    const a = await adminAt(emulator.hostAndPort, PROJECT);
    await a.db.doc('carts/c2').set({ late: true });
    await a.close();
    expect((await post(JSON.stringify(firebaseToolsBody(target)))).status).toBe(200);
    expect(await readdir(target)).toEqual(['firestore_export']);
    const metadata = JSON.parse(await readFile(metadataPath(target), 'utf8'));
    expect(metadata.databases[0].documents).toBe(3);
  });

  it('refuses to replace a directory that is not an export', async () => {
    const target = join(dir.path, 'precious');
    await mkdir(join(target, 'firestore_export'), { recursive: true });
    await writeFile(join(target, 'firestore_export', 'notes.txt'), 'keep me');
    const res = await post(JSON.stringify(firebaseToolsBody(target)));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { status: string; message: string } };
    expect(body.error.status).toBe('FAILED_PRECONDITION');
    expect(body.error.message).toContain('refusing to replace it');
    expect(await readFile(join(target, 'firestore_export', 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it.each([
    ['malformed JSON', '{"export_directory": ', /Invalid JSON payload/],
    ['a body that is not an object', '"just a string"', /must be a JSON object/],
    [
      'a missing export_directory',
      JSON.stringify({ database: `projects/${PROJECT}/databases/(default)` }),
      /export_directory is required/,
    ],
    ['an empty export_directory', JSON.stringify({ export_directory: '' }), /export_directory is required/],
    [
      'a database of another project',
      JSON.stringify({
        ...firebaseToolsBody('/tmp/x'),
        database: `projects/${OTHER_PROJECT}/databases/(default)`,
      }),
      /is not in project/,
    ],
    [
      'an export_name with a slash',
      JSON.stringify({ ...firebaseToolsBody('/tmp/x'), export_name: '../escape' }),
      /Invalid export name/,
    ],
  ])('answers 400 INVALID_ARGUMENT for %s', async (_what, body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json).toEqual({
      error: { code: 400, status: 'INVALID_ARGUMENT', message: expect.stringMatching(message) },
    });
  });
});
