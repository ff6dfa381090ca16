import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from '../../src/core/registry.js';
import { FirestoreEmulator } from '../../src/emulator.js';
import { adminAt, documentCount, exactTime, metadataPath, startEmulator, tempDir } from './helpers.js';

// Databases are exported in name order, so B's file is read after A's: a damaged B proves that
// A's documents, already read and valid, were not imported either.
const A = 'demo-import-a';
const B = 'demo-import-b';

let dir: Awaited<ReturnType<typeof tempDir>>;
let valid: string;
let copies = 0;

/** A copy of the valid export, changed by `mutate(exportDir, fileOfB)`. */
async function damagedCopy(
  mutate: (exportDir: string, fileOfB: string) => Promise<void>,
): Promise<{ root: string; fileOfB: string }> {
  const root = join(dir.path, `copy-${++copies}`);
  await cp(valid, root, { recursive: true });
  const exportDir = join(root, 'firestore_export');
  const fileOfB = join(exportDir, 'databases', `${B}_(default).jsonl`);
  await mutate(exportDir, fileOfB);
  return { root, fileOfB };
}

const editLines = (file: string, edit: (lines: string[]) => string[]) =>
  readFile(file, 'utf8').then((text) =>
    writeFile(
      file,
      edit(text.split('\n').slice(0, -1))
        .map((l) => l + '\n')
        .join(''),
    ),
  );

const editMetadata = (exportDir: string, edit: (m: Record<string, unknown>) => void) =>
  readFile(join(exportDir, 'firestore_export.overall_export_metadata'), 'utf8').then((text) => {
    const m = JSON.parse(text);
    edit(m);
    return writeFile(join(exportDir, 'firestore_export.overall_export_metadata'), JSON.stringify(m));
  });

/** Starts an emulator importing `path`, expects the start to fail with `message`, and nothing imported. */
async function expectRefused(path: string, message: RegExp | string, registry?: Registry): Promise<void> {
  const emulator = new FirestoreEmulator({ import: path, ...(registry && { registry }) });
  await expect(emulator.start()).rejects.toThrow(message);
  if (!registry) expect(documentCount(emulator)).toBe(0);
  await emulator.stop();
}

beforeAll(async () => {
  dir = await tempDir();
  valid = join(dir.path, 'valid');
  const source = await startEmulator({ exportOnExit: valid });
  const a = await adminAt(source.hostAndPort, A);
  await a.db.doc('a/1').set({ n: 1 });
  await a.close();
  const b = await adminAt(source.hostAndPort, B);
  await b.db.doc('b/1').set({ n: 1 });
  await b.db.doc('b/2').set({ n: 2, nested: { list: [1, 'x'] } });
  await b.db.doc('b/3').set({ n: 3, name: 'three' });
  await b.close();
  await source.stop();
});

afterAll(async () => {
  await dir?.cleanup();
});

describe('a damaged export is refused with the file and line, and nothing is imported', () => {
  it('the undamaged export imports (the baseline the cases below change)', async () => {
    const emulator = await startEmulator({ import: valid });
    expect(documentCount(emulator)).toBe(4);
    await emulator.stop();
  });

  const lineCases: [string, (file: string) => Promise<void>, (file: string) => string][] = [
    [
      'a line that is not JSON',
      (f) => editLines(f, (l) => [l[0]!, '{"path":"b/2",', l[2]!]),
      (f) => `${f}:2: not valid JSON`,
    ],
    [
      'a file cut off in the middle of a line',
      (f) => readFile(f).then((bytes) => writeFile(f, bytes.subarray(0, bytes.length - 10))),
      (f) => `${f}:3: the file ends in the middle of a line (truncated?)`,
    ],
    [
      'a value of the wrong shape, deep inside a map',
      (f) =>
        editLines(f, (l) => {
          const doc = JSON.parse(l[1]!);
          doc.fields.nested.mapValue.fields.list.arrayValue.values[1] = { stringValue: 5 };
          return [l[0]!, JSON.stringify(doc), l[2]!];
        }),
      (f) => `${f}:2: field "nested.list[1]": stringValue must be a string.`,
    ],
    [
      'an integer outside int64',
      (f) =>
        editLines(f, (l) => [
          l[0]!,
          l[1]!.replace('"integerValue":"2"', '"integerValue":"9223372036854775808"'),
          l[2]!,
        ]),
      (f) => `${f}:2: field "n": integerValue must be a decimal string in the int64 range.`,
    ],
    [
      'a timestamp without nine fractional digits',
      (f) =>
        editLines(f, (l) => [
          l[0]!,
          l[1]!,
          l[2]!.replace(/"updateTime":"([^".]*)\.\d+Z"/, '"updateTime":"$1Z"'),
        ]),
      (f) => `${f}:3: "updateTime" must be like`,
    ],
    [
      'an update time before the create time',
      (f) =>
        editLines(f, (l) => [
          l[0]!,
          l[1]!,
          l[2]!.replace(/"updateTime":"[^"]*"/, '"updateTime":"2000-01-01T00:00:00.000000000Z"'),
        ]),
      (f) => `${f}:3: "updateTime" is before "createTime".`,
    ],
    [
      'a path that names a collection',
      (f) => editLines(f, (l) => [l[0]!, l[1]!.replace('"path":"b/2"', '"path":"b/2/sub"'), l[2]!]),
      (f) => `${f}:2: "path" "b/2/sub" is not a document path`,
    ],
    [
      'an unknown key',
      (f) => editLines(f, (l) => [l[0]!, l[1]!.replace('{"path"', '{"extra":1,"path"'), l[2]!]),
      (f) => `${f}:2: unexpected keys ["extra"]`,
    ],
    [
      'a document twice',
      (f) => editLines(f, (l) => [...l, l[0]!]),
      (f) => `${f}:4: document b/1 appears twice (first on line 1).`,
    ],
    [
      'bytes that are not UTF-8',
      (f) =>
        readFile(f).then((bytes) =>
          writeFile(f, Buffer.concat([bytes.subarray(0, 20), Buffer.from([0xff, 0xfe]), bytes.subarray(22)])),
        ),
      (f) => `${f}:1: the line is not valid UTF-8.`,
    ],
    [
      'a missing last line',
      (f) => editLines(f, (l) => l.slice(0, 2)),
      (f) => `${f}: it holds 2 documents but the metadata lists 3 (truncated?).`,
    ],
    [
      'an edit the line parser cannot see',
      (f) => editLines(f, (l) => [l[0]!, l[1]!, l[2]!.replace('"three"', '"THREE"')]),
      (f) => `${f}: its SHA-256 is`,
    ],
    [
      'a deleted database file',
      (f) => rm(f),
      (f) => `${f}: the file is missing (the metadata lists it for projects/${B}/databases/(default)).`,
    ],
  ];

  it.each(lineCases)('%s', async (_what, mutate, message) => {
    const { root, fileOfB } = await damagedCopy((_dir, f) => mutate(f));
    await expectRefused(root, message(fileOfB));
  });

  const metadataCases: [string, (exportDir: string) => Promise<void>, string][] = [
    [
      'metadata in another format (a managed export or the Java emulator: LevelDB records)',
      (d) =>
        writeFile(
          join(d, 'firestore_export.overall_export_metadata'),
          Buffer.from([0x9a, 0x4c, 0x12, 0x00, 0x01, 0x08]),
        ),
      'this is not an export written by this emulator. Cloud Firestore managed exports and the Java emulator write a LevelDB-based format',
    ],
    [
      'metadata that is not JSON',
      (d) => writeFile(join(d, 'firestore_export.overall_export_metadata'), '{"format": '),
      'the metadata is not valid JSON',
    ],
    [
      'a newer format version',
      (d) => editMetadata(d, (m) => (m['formatVersion'] = 2)),
      'unsupported "formatVersion" 2; this emulator reads version 1',
    ],
    [
      'a database file outside the export',
      (d) =>
        editMetadata(d, (m) => ((m['databases'] as { file: string }[])[1]!.file = '../../elsewhere.jsonl')),
      'databases[1].file must be a path relative to the export directory',
    ],
    [
      'an invalid database name',
      (d) => editMetadata(d, (m) => ((m['databases'] as { database: string }[])[1]!.database = 'projects/x')),
      'databases[1].database: Invalid database name',
    ],
  ];

  it.each(metadataCases)('%s', async (_what, mutate, message) => {
    const { root } = await damagedCopy((d) => mutate(d));
    await expectRefused(root, `Cannot import ${metadataPath(root)}: ${message}`);
  });

  it('a path that does not exist', async () => {
    const missing = join(dir.path, 'nowhere');
    await expectRefused(missing, `Cannot import ${missing}: no such file or directory.`);
  });

  it('a directory without an export', async () => {
    await expectRefused(
      dir.path,
      `Cannot import ${dir.path}: no *.overall_export_metadata file here or in firestore_export/.`,
    );
  });

  it('an export that collides with documents already present (a shared registry)', async () => {
    const registry = new Registry();
    const holder = await startEmulator({ registry });
    const c = await adminAt(holder.hostAndPort, B);
    await c.db.doc('b/2').set({ mine: true });
    await c.close();
    await holder.stop();
    await expectRefused(
      valid,
      `projects/${B}/databases/(default) already holds b/2; import into an empty emulator.`,
      registry,
    );
    // Still only the one document that was there: neither A's nor B's exported documents arrived.
    expect([...registry.all()].reduce((n, db) => n + db.store.size, 0)).toBe(1);
    registry.close();
  });
});

describe('what import accepts', () => {
  it.each([
    ['the metadata file', (root: string) => metadataPath(root)],
    ['the export directory', (root: string) => join(root, 'firestore_export')],
    ['the directory --export-on-exit was given', (root: string) => root],
  ])('%s', async (_what, pathOf) => {
    const emulator = await startEmulator({ import: pathOf(valid) });
    expect(documentCount(emulator)).toBe(4);
    await emulator.stop();
  });

  it('a hand-written export: no checksums, nanosecond times, times in the future', async () => {
    const root = join(dir.path, 'hand-written');
    await cp(join(import.meta.dirname, 'fixtures', 'hand-written'), root, { recursive: true });
    const emulator = await startEmulator({ import: root });
    const c = await adminAt(emulator.hostAndPort, 'demo-hand-written');
    const snap = await c.db.doc('products/p1').get();
    expect(exactTime(snap.createTime)).toBe(981_173_106_123_456_789n);
    expect(exactTime(snap.updateTime)).toBe(4_102_444_800_000_000_001n);
    expect(snap.get('price')).toBe(1999n);
    expect(snap.get('seller').path).toBe('users/u1');
    // The clock moved past the future update time, so a new write is still newer than the import.
    const result = await c.db.doc('products/p2').set({ price: 5 });
    expect(exactTime(result.writeTime)! > 4_102_444_800_000_000_001n).toBe(true);
    const updated = await c.db
      .doc('products/p1')
      .update({ price: 2499 }, { lastUpdateTime: snap.updateTime! });
    expect(exactTime(updated.writeTime)! > exactTime(result.writeTime)!).toBe(true);
    await c.close();
    await emulator.stop();
  });
});
