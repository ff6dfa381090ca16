import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FirestoreDatabase } from '../database.js';
import { failedPrecondition, invalidArgument, isFirestoreError } from '../errors.js';
import type { Doc } from '../store/document.js';
import type { Clock, Nanos } from '../time.js';
import { encodeDocument } from './document-codec.js';
import {
  DEFAULT_EXPORT_NAME,
  FORMAT,
  FORMAT_VERSION,
  databaseFileName,
  emulatorInfo,
  metadataFileName,
  type DatabaseFileEntry,
  type ExportMetadata,
} from './export-format.js';
import { formatTimestamp } from './timestamp-text.js';

export interface ExportTarget {
  /** The parent directory (firebase-tools' `export_directory`); created if missing. */
  readonly directory: string;
  /** The export's own directory and metadata file name; default `firestore_export`. */
  readonly name?: string;
}

export interface ExportSummary {
  /** `<directory>/<name>`, absolute. */
  readonly exportDirectory: string;
  readonly metadataFile: string;
  readonly exportTime: Nanos;
  readonly databases: number;
  readonly documents: number;
}

/** Database files are written in chunks of about this many bytes: bounded memory at any size. */
const CHUNK_CHARS = 1 << 20;

/** Writes `docs` one per line, returning the file's SHA-256 (hex). */
async function writeDocuments(file: string, docs: readonly Doc[]): Promise<string> {
  const hash = createHash('sha256');
  const fh = await open(file, 'wx');
  try {
    let parts: string[] = [];
    let size = 0;
    const flush = async () => {
      const bytes = Buffer.from(parts.join(''), 'utf8');
      parts = [];
      size = 0;
      hash.update(bytes);
      await fh.write(bytes);
    };
    for (const doc of docs) {
      const line = encodeDocument(doc) + '\n';
      parts.push(line);
      size += line.length;
      if (size >= CHUNK_CHARS) await flush();
    }
    if (size > 0) await flush();
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

function checkExportName(name: string): void {
  if (name === '' || name === '.' || name === '..' || /[\\/\0]/.test(name))
    throw invalidArgument(`Invalid export name ${JSON.stringify(name)}: it must be a plain directory name.`);
}

/**
 * Refuses to replace a directory that is not an earlier export of the same name, so a mistyped
 * path cannot wipe unrelated files.
 */
async function checkReplaceable(dir: string, name: string): Promise<boolean> {
  const st = await stat(dir).catch(() => undefined);
  if (!st) return false;
  if (!st.isDirectory())
    throw failedPrecondition(`Cannot export to ${dir}: it exists and is not a directory.`);
  const entries = await readdir(dir);
  if (entries.length > 0 && !entries.includes(metadataFileName(name)))
    throw failedPrecondition(
      `Cannot export to ${dir}: it exists and does not hold an export named ${JSON.stringify(name)}; refusing to replace it.`,
    );
  return true;
}

/**
 * Exports `databases` as they are at this instant to `<directory>/<name>` (docs/export-format.md),
 * replacing an earlier export there. The documents are collected synchronously, so the export is
 * one consistent snapshot even though writing it is asynchronous; the files are written into a
 * temporary sibling directory that is renamed into place at the end, so a failed or interrupted
 * export never leaves a half-written one behind.
 * @throws INVALID_ARGUMENT for a bad name, FAILED_PRECONDITION when the files cannot be written
 */
export async function exportDatabases(
  databases: Iterable<FirestoreDatabase>,
  clock: Clock,
  target: ExportTarget,
): Promise<ExportSummary> {
  const name = target.name ?? DEFAULT_EXPORT_NAME;
  checkExportName(name);
  const parent = resolve(target.directory);
  const exportDirectory = join(parent, name);

  // The snapshot: no await between the read time and the last document collected.
  const exportTime = clock.readTime();
  const byPath = (a: Doc, b: Doc) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const snapshot = [...databases]
    .sort((a, b) => (a.id.name < b.id.name ? -1 : 1))
    .map((db) => ({ id: db.id, docs: [...db.store.allDocuments()].sort(byPath) }));

  let tmp: string | undefined;
  try {
    await mkdir(parent, { recursive: true });
    await checkReplaceable(exportDirectory, name);
    tmp = await mkdtemp(join(parent, `.${name}.tmp-`));
    const taken = new Set<string>();
    const entries: DatabaseFileEntry[] = [];
    for (const { id, docs } of snapshot) {
      const file = databaseFileName(id, taken);
      await mkdir(dirname(join(tmp, file)), { recursive: true });
      const sha256 = await writeDocuments(join(tmp, file), docs);
      entries.push({ database: id.name, file, documents: docs.length, sha256 });
    }
    const metadata: ExportMetadata = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      emulator: emulatorInfo(),
      exportTime: formatTimestamp(exportTime),
      databases: entries,
    };
    await writeFile(join(tmp, metadataFileName(name)), JSON.stringify(metadata, null, 2) + '\n', {
      flag: 'wx',
    });
    if (await checkReplaceable(exportDirectory, name)) {
      const old = `${tmp}.old`;
      await rename(exportDirectory, old);
      await rename(tmp, exportDirectory);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, exportDirectory);
    }
    tmp = undefined;
    return {
      exportDirectory,
      metadataFile: join(exportDirectory, metadataFileName(name)),
      exportTime,
      databases: entries.length,
      documents: snapshot.reduce((n, d) => n + d.docs.length, 0),
    };
  } catch (e) {
    if (isFirestoreError(e)) throw e;
    // File system errors (permissions, a file where a directory should be) are the caller's to fix.
    throw failedPrecondition(
      `Cannot write the export to ${exportDirectory}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
  }
}
