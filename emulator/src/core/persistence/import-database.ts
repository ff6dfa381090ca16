import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseDatabaseName, type DatabaseId } from '../paths.js';
import type { Registry } from '../registry.js';
import type { Doc } from '../store/document.js';
import { decodeDocument } from './document-codec.js';
import {
  DEFAULT_EXPORT_NAME,
  METADATA_SUFFIX,
  metadataFileName,
  parseMetadata,
  type ExportMetadata,
} from './export-format.js';
import { ImportError } from './import-error.js';
import { CodecError } from './value-codec.js';

export interface ImportSummary {
  readonly metadataFile: string;
  readonly exportTime: string;
  readonly databases: number;
  readonly documents: number;
}

/** One database of a fully read and validated export. */
export interface ExportedDatabase {
  readonly id: DatabaseId;
  readonly docs: readonly Doc[];
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Finds the metadata file for `path`: the file itself, the one `*.overall_export_metadata` in a
 * directory, or `<path>/firestore_export/firestore_export.overall_export_metadata` (the layout
 * `--export-on-exit DIR` and firebase-tools write).
 * @throws ImportError
 */
export async function resolveMetadataFile(path: string): Promise<string> {
  const abs = resolve(path);
  const st = await stat(abs).catch(() => undefined);
  if (!st) throw new ImportError(abs, undefined, 'no such file or directory.');
  if (!st.isDirectory()) return abs;
  const found = (await readdir(abs)).filter((n) => n.endsWith(METADATA_SUFFIX));
  if (found.length === 1) return join(abs, found[0]!);
  if (found.length > 1)
    throw new ImportError(
      abs,
      undefined,
      `it holds several exports (${found.join(', ')}); name the metadata file to import.`,
    );
  const nested = join(abs, DEFAULT_EXPORT_NAME, metadataFileName(DEFAULT_EXPORT_NAME));
  if ((await stat(nested).catch(() => undefined))?.isFile()) return nested;
  throw new ImportError(abs, undefined, `no *${METADATA_SUFFIX} file here or in ${DEFAULT_EXPORT_NAME}/.`);
}

/**
 * Yields a file's lines (1-based numbers), hashing its bytes on the way. Splitting on the newline
 * byte is safe for UTF-8, whose multi-byte sequences never contain 0x0A.
 */
async function* readLines(file: string, hash: Hash): AsyncGenerator<{ line: number; text: string }> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let pending: Buffer[] = [];
  let line = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      const bytes = pending.length > 0 ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      start = nl + 1;
      line++;
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        throw new ImportError(file, line, 'the line is not valid UTF-8.');
      }
      yield { line, text };
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0)
    throw new ImportError(file, line + 1, 'the file ends in the middle of a line (truncated?).');
}

/** Reads and validates one database file completely. */
async function readDatabaseFile(file: string, entry: ExportMetadata['databases'][number]): Promise<Doc[]> {
  if (!(await stat(file).catch(() => undefined))?.isFile())
    throw new ImportError(
      file,
      undefined,
      `the file is missing (the metadata lists it for ${entry.database}).`,
    );
  const hash = createHash('sha256');
  const docs: Doc[] = [];
  const firstLine = new Map<string, number>();
  try {
    for await (const { line, text } of readLines(file, hash)) {
      let doc: Doc;
      try {
        doc = decodeDocument(text);
      } catch (e) {
        throw new ImportError(file, line, e instanceof CodecError ? e.describe() : errorText(e));
      }
      const first = firstLine.get(doc.path);
      if (first !== undefined)
        throw new ImportError(file, line, `document ${doc.path} appears twice (first on line ${first}).`);
      firstLine.set(doc.path, line);
      docs.push(doc);
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(file, undefined, `cannot read the file: ${errorText(e)}`);
  }
  if (entry.documents !== undefined && docs.length !== entry.documents)
    throw new ImportError(
      file,
      undefined,
      `it holds ${docs.length} documents but the metadata lists ${entry.documents} (truncated?).`,
    );
  const sha256 = hash.digest('hex');
  if (entry.sha256 !== undefined && sha256 !== entry.sha256)
    throw new ImportError(
      file,
      undefined,
      `its SHA-256 is ${sha256} but the metadata lists ${entry.sha256}; the file was changed after export.`,
    );
  return docs;
}

/**
 * Reads and validates a whole export (see resolveMetadataFile for `path`) without touching any
 * database, so a damaged export can be refused before anything is imported.
 * @throws ImportError naming the file, and the line when it is inside a database file
 */
export async function readExport(
  path: string,
): Promise<{ metadataFile: string; metadata: ExportMetadata; databases: ExportedDatabase[] }> {
  const metadataFile = await resolveMetadataFile(path);
  let text: string;
  try {
    text = await readFile(metadataFile, 'utf8');
  } catch (e) {
    throw new ImportError(metadataFile, undefined, `cannot read the file: ${errorText(e)}`);
  }
  const metadata = parseMetadata(text, metadataFile);
  const databases: ExportedDatabase[] = [];
  for (const entry of metadata.databases) {
    const docs = await readDatabaseFile(join(dirname(metadataFile), entry.file), entry);
    databases.push({ id: parseDatabaseName(entry.database), docs });
  }
  return { metadataFile, metadata, databases };
}

/**
 * Imports an export into `registry`: all of it or, when anything is wrong, nothing. Documents keep
 * their create and update times, and the clock moves past the newest of them.
 * @throws ImportError for a damaged export or one that collides with documents already present
 */
export async function importExport(registry: Registry, path: string): Promise<ImportSummary> {
  const { metadataFile, metadata, databases } = await readExport(path);
  // No await from here on: the check and the restores see the same state.
  for (const { id, docs } of databases) {
    const store = registry.database(id).store;
    const clash = docs.find((d) => store.lastChanged(d.path) !== undefined);
    if (clash)
      throw new ImportError(
        metadataFile,
        undefined,
        `${id.name} already holds ${clash.path}; import into an empty emulator.`,
      );
  }
  for (const { id, docs } of databases) registry.database(id).restore(docs);
  return {
    metadataFile,
    exportTime: metadata.exportTime,
    databases: databases.length,
    documents: databases.reduce((n, d) => n + d.docs.length, 0),
  };
}
