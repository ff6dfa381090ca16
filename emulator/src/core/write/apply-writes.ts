import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '../errors.js';
import { getField, setField } from '../field-path.js';
import { documentName, type DatabaseId } from '../paths.js';
import type { Doc, DocChange } from '../store/document.js';
import { toTimestamp, type Nanos } from '../time.js';
import { fieldsEqual } from '../values/compare.js';
import { MAX_DOCUMENT_BYTES, documentSize } from '../values/size.js';
import type { Fields, Value } from '../values/value.js';
import type { ParsedWrite, Precondition } from './parse-write.js';
import { applyTransforms } from './transforms.js';

export interface WriteOutcome {
  /** The document's update time after the write (previous one for no-ops), absent for deletes. */
  readonly updateTime?: Nanos;
  readonly transformResults: Value[];
}

/** Reads the state a write sees: earlier writes of the same batch, else the store. */
export type DocReader = (path: string) => Doc | null;

function checkPrecondition(db: DatabaseId, path: string, current: Doc | null, p: Precondition | undefined): void {
  if (!p) return;
  const name = documentName(db, path);
  if (p.exists === true && !current) throw notFound(`No document to update: ${name}`);
  if (p.exists === false && current) throw alreadyExists(`Document already exists: ${name}`);
  // A missing document has version 0, so an update-time precondition on it is a version mismatch
  // (FAILED_PRECONDITION, which client transactions retry), not NOT_FOUND (which they do not).
  // Cloud Firestore prints versions as microseconds since the epoch.
  if (p.updateTime !== undefined && current?.updateTime !== p.updateTime) {
    const stored = current ? current.updateTime / 1000n : 0n;
    throw failedPrecondition(`the stored version (${stored}) does not match the required base version (${p.updateTime / 1000n})`);
  }
}

/**
 * Applies writes in order on top of `read`, all at `commitTime`. Returns the per-write outcomes,
 * the document as each write left it (`documents[i]`, null when deleted or absent: what security
 * rules see as `request.resource`), and the net change per document (unchanged documents left
 * out), ready for DocumentStore.apply.
 * Throws (and so changes nothing) on the first failed precondition or limit.
 */
export function applyWrites(
  db: DatabaseId,
  read: DocReader,
  writes: readonly ParsedWrite[],
  commitTime: Nanos,
): { outcomes: WriteOutcome[]; documents: (Doc | null)[]; changes: DocChange[] } {
  const overlay = new Map<string, Doc | null>();
  const before = new Map<string, Doc | null>();
  const stateOf = (path: string): Doc | null => (overlay.has(path) ? overlay.get(path)! : read(path));
  const ts = toTimestamp(commitTime);
  const outcomes: WriteOutcome[] = [];
  const documents: (Doc | null)[] = [];

  for (const w of writes) {
    const current = stateOf(w.path);
    if (!before.has(w.path)) before.set(w.path, current);
    checkPrecondition(db, w.path, current, w.precondition);
    if (w.kind === 'verify' || w.kind === 'delete') {
      if (w.kind === 'delete') overlay.set(w.path, null);
      outcomes.push({ ...(w.kind === 'verify' && current ? { updateTime: current.updateTime } : {}), transformResults: [] });
      documents.push(w.kind === 'delete' ? null : current);
      continue;
    }
    let fields: Fields;
    if (w.kind === 'transform') fields = current?.fields ?? {};
    else if (w.mask === undefined) fields = w.fields;
    else {
      fields = current?.fields ?? {};
      for (const m of w.mask) fields = setField(fields, m, getField(w.fields, m));
    }
    const transformed = applyTransforms(fields, w.transforms, ts);
    fields = transformed.fields;
    const size = documentSize(w.path, fields);
    if (size > MAX_DOCUMENT_BYTES)
      throw invalidArgument(
        `Document '${documentName(db, w.path)}' cannot be written because its size (${size.toLocaleString('en-US')} bytes) exceeds the maximum allowed size of ${MAX_DOCUMENT_BYTES.toLocaleString('en-US')} bytes.`,
      );
    const unchanged = current !== null && fieldsEqual(current.fields, fields);
    const next: Doc = unchanged
      ? current
      : { path: w.path, fields, createTime: current?.createTime ?? commitTime, updateTime: commitTime };
    overlay.set(w.path, next);
    outcomes.push({ updateTime: next.updateTime, transformResults: transformed.results });
    documents.push(next);
  }

  const changes: DocChange[] = [];
  for (const [path, after] of overlay) {
    const prior = before.get(path) ?? null;
    if (prior === after) continue;
    changes.push({ path, before: prior, after });
  }
  return { outcomes, documents, changes };
}
