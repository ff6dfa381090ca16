import { isFirestoreError } from '../errors.js';
import { validateSegment } from '../paths.js';
import type { Doc } from '../store/document.js';
import { formatTimestamp, parseTimestamp } from './timestamp-text.js';
import { CodecError, decodeFields, encodeFields } from './value-codec.js';

/**
 * One document as one line of a database file (docs/export-format.md):
 * `{"path":"users/alice","createTime":"…Z","updateTime":"…Z","fields":{…}}`, no newline inside.
 */
export function encodeDocument(doc: Doc): string {
  // JSON.stringify escapes control characters, so the line never contains a raw newline.
  return JSON.stringify({
    path: doc.path,
    createTime: formatTimestamp(doc.createTime),
    updateTime: formatTimestamp(doc.updateTime),
    fields: encodeFields(doc.fields),
  });
}

const LINE_KEYS = ['path', 'createTime', 'updateTime', 'fields'];

function decodePath(raw: unknown): string {
  if (typeof raw !== 'string') throw new CodecError('"path" must be a string such as "users/alice".');
  const segments = raw.split('/');
  if (segments.length % 2 !== 0)
    throw new CodecError(
      `"path" ${JSON.stringify(raw)} is not a document path (it needs an even number of segments).`,
    );
  try {
    for (const s of segments) validateSegment(s, raw);
  } catch (e) {
    throw new CodecError(`"path": ${isFirestoreError(e) ? e.message : String(e)}`);
  }
  return raw;
}

function decodeTime(raw: unknown, key: string): bigint {
  const t = typeof raw === 'string' ? parseTimestamp(raw) : undefined;
  if (t === undefined) throw new CodecError(`"${key}" must be like "2024-05-01T12:00:00.123456789Z".`);
  return t;
}

/**
 * Parses and validates one line. Strict: unknown keys, other timestamp spellings and values
 * Firestore would refuse are errors, so a damaged file is reported rather than half-read.
 * @throws CodecError
 */
export function decodeDocument(line: string): Doc {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    throw new CodecError(`not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new CodecError('a document line must be a JSON object.');
  const o = json as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !LINE_KEYS.includes(k));
  if (unknown.length > 0)
    throw new CodecError(
      `unexpected keys ${JSON.stringify(unknown)}; expected ${JSON.stringify(LINE_KEYS)}.`,
    );
  const path = decodePath(o['path']);
  const createTime = decodeTime(o['createTime'], 'createTime');
  const updateTime = decodeTime(o['updateTime'], 'updateTime');
  if (updateTime < createTime) throw new CodecError('"updateTime" is before "createTime".');
  const fields = decodeFields(o['fields']);
  return { path, fields, createTime, updateTime };
}
