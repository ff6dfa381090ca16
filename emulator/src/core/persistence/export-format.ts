import pkg from '../../../package.json' with { type: 'json' };
import { isAbsolute, normalize } from 'node:path';
import { isFirestoreError } from '../errors.js';
import { parseDatabaseName, type DatabaseId } from '../paths.js';
import { ImportError } from './import-error.js';
import { parseTimestamp } from './timestamp-text.js';

/**
 * The export directory layout and its metadata file (docs/export-format.md):
 *
 *   <name>/<name>.overall_export_metadata   JSON: format, version, emulator, export time, databases
 *   <name>/databases/<project>_<database>.jsonl   one document per line
 *
 * The metadata file carries the name firebase-tools looks for (firestore-protocol.md §9.3).
 */
export const FORMAT = 'storefront-firestore-export';
export const FORMAT_VERSION = 1;
export const DEFAULT_EXPORT_NAME = 'firestore_export';
export const METADATA_SUFFIX = '.overall_export_metadata';

export const metadataFileName = (exportName: string): string => `${exportName}${METADATA_SUFFIX}`;

export interface DatabaseFileEntry {
  /** `projects/{p}/databases/{d}` */
  readonly database: string;
  /** Relative to the export directory, `/`-separated. */
  readonly file: string;
  /** Checked on import when present (export always writes it; drop it to hand-edit a file). */
  readonly documents?: number;
  /**
   * Hex SHA-256 of the file's bytes: catches truncation and edits the line parser cannot see.
   * Checked on import when present, like `documents`.
   */
  readonly sha256?: string;
}

export interface ExportMetadata {
  readonly format: typeof FORMAT;
  readonly formatVersion: typeof FORMAT_VERSION;
  readonly emulator: { readonly name: string; readonly version: string };
  /** Every document is as of this time (RFC 3339, nine fractional digits). */
  readonly exportTime: string;
  readonly databases: readonly DatabaseFileEntry[];
}

/** This emulator's package name and version (bundled into the build, so no file is read at run time). */
export const emulatorInfo = (): { name: string; version: string } => ({ name: pkg.name, version: pkg.version });

/**
 * A file name for one database's documents, unique within `taken` even on case-insensitive file
 * systems. Project ids never contain `_`, so `<project>_<database>` cannot be ambiguous; `:` (in
 * domain-scoped ids) is percent-encoded because Windows refuses it.
 */
export function databaseFileName(id: DatabaseId, taken: Set<string>): string {
  const base = `databases/${encodeURIComponent(id.projectId)}_${id.databaseId}`;
  let name = `${base}.jsonl`;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}.jsonl`;
  taken.add(name.toLowerCase());
  return name;
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Parses and validates a metadata file's text.
 * @throws ImportError naming `file`
 */
export function parseMetadata(text: string, file: string): ExportMetadata {
  function fail(reason: string): never {
    throw new ImportError(file, undefined, reason);
  }
  if (!text.trimStart().startsWith('{'))
    fail(
      'this is not an export written by this emulator. Cloud Firestore managed exports and the Java emulator ' +
        'write a LevelDB-based format, which this emulator does not read (see emulator/docs/export-format.md).',
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`the metadata is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (!isObject(json)) fail('the metadata must be a JSON object.');
  if (json['format'] !== FORMAT)
    fail(`"format" must be ${JSON.stringify(FORMAT)}, got ${JSON.stringify(json['format'])}.`);
  if (json['formatVersion'] !== FORMAT_VERSION)
    fail(
      `unsupported "formatVersion" ${JSON.stringify(json['formatVersion'])}; this emulator reads version ${FORMAT_VERSION}.`,
    );
  if (typeof json['exportTime'] !== 'string' || parseTimestamp(json['exportTime']) === undefined)
    fail('"exportTime" must be like "2024-05-01T12:00:00.123456789Z".');
  const emulator = json['emulator'];
  if (!isObject(emulator) || typeof emulator['name'] !== 'string' || typeof emulator['version'] !== 'string')
    fail('"emulator" must be {"name": …, "version": …}.');
  if (!Array.isArray(json['databases'])) fail('"databases" must be an array.');
  const seen = new Set<string>();
  const databases = (json['databases'] as unknown[]).map((entry, i): DatabaseFileEntry => {
    const where = `databases[${i}]`;
    if (!isObject(entry)) fail(`${where} must be an object.`);
    const { database, file: dbFile, documents, sha256 } = entry;
    try {
      parseDatabaseName(database);
    } catch (e) {
      fail(`${where}.database: ${isFirestoreError(e) ? e.message : String(e)}`);
    }
    if (seen.has(database as string)) fail(`${where}: ${String(database)} is listed twice.`);
    seen.add(database as string);
    // The file must stay inside the export directory: the metadata is input, not trusted.
    if (
      typeof dbFile !== 'string' ||
      dbFile === '' ||
      isAbsolute(dbFile) ||
      normalize(dbFile).split(/[\\/]/).includes('..')
    )
      fail(`${where}.file must be a path relative to the export directory.`);
    if (
      documents !== undefined &&
      (typeof documents !== 'number' || !Number.isSafeInteger(documents) || documents < 0)
    )
      fail(`${where}.documents must be a non-negative integer.`);
    if (sha256 !== undefined && (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)))
      fail(`${where}.sha256 must be 64 lowercase hex digits.`);
    return {
      database: database as string,
      file: dbFile as string,
      ...(documents !== undefined && { documents: documents as number }),
      ...(sha256 !== undefined && { sha256: sha256 as string }),
    };
  });
  return {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    emulator: { name: emulator['name'], version: emulator['version'] },
    exportTime: json['exportTime'],
    databases,
  };
}
