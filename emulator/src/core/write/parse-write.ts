import type { Write__Output } from '../../gen/google/firestore/v1/Write.js';
import { invalidArgument } from '../errors.js';
import { fieldPathKey, isPrefixOf, parseFieldPath, type FieldPath } from '../field-path.js';
import { parseDocumentName, type DatabaseId } from '../paths.js';
import { fromTimestamp, type Nanos } from '../time.js';
import { normalizeFields } from '../values/normalize.js';
import type { Fields } from '../values/value.js';
import { parseTransform, type FieldTransform } from './transforms.js';

export interface Precondition {
  readonly exists?: boolean;
  readonly updateTime?: Nanos;
}

/** A validated write: nothing is looked up or stored until every write of a request parses. */
export type ParsedWrite =
  | {
      readonly kind: 'update';
      readonly path: string;
      readonly fields: Fields;
      /** Absent: replace the whole document. Present (even empty): patch only these paths. */
      readonly mask?: readonly FieldPath[];
      readonly transforms: readonly FieldTransform[];
      readonly precondition?: Precondition;
    }
  | { readonly kind: 'delete'; readonly path: string; readonly precondition?: Precondition }
  | { readonly kind: 'verify'; readonly path: string; readonly precondition?: Precondition }
  | { readonly kind: 'transform'; readonly path: string; readonly transforms: readonly FieldTransform[]; readonly precondition?: Precondition };

function parsePrecondition(p: Write__Output['currentDocument']): Precondition | undefined {
  if (!p) return undefined;
  const type = p.conditionType ?? (p.exists !== undefined ? 'exists' : p.updateTime !== undefined ? 'updateTime' : undefined);
  if (type === 'exists') return { exists: Boolean(p.exists) };
  if (type === 'updateTime') return { updateTime: fromTimestamp(p.updateTime ?? {}) };
  return undefined;
}

function pathIn(db: DatabaseId, name: unknown): string {
  const r = parseDocumentName(name);
  if (r.db.name !== db.name)
    throw invalidArgument(`Document "${String(name)}" is not in the request's database "${db.name}".`);
  return r.path;
}

function parseTransforms(list: Write__Output['updateTransforms'], maskPaths: readonly FieldPath[]): FieldTransform[] {
  const transforms = (list ?? []).map(parseTransform);
  const seen = new Set<string>();
  for (const t of transforms) {
    const key = fieldPathKey(t.path);
    if (seen.has(key)) throw invalidArgument(`Field ${t.path.join('.')} was specified multiple times.`);
    seen.add(key);
    if (maskPaths.some((m) => isPrefixOf(m, t.path) || isPrefixOf(t.path, m)))
      throw invalidArgument(`Field ${t.path.join('.')} cannot be both updated and transformed.`);
  }
  return transforms;
}

export function parseWrite(db: DatabaseId, w: Write__Output): ParsedWrite {
  const op = w.operation ?? (['update', 'delete', 'verify', 'transform'] as const).find((k) => w[k] !== undefined);
  const precondition = parsePrecondition(w.currentDocument);
  switch (op) {
    case 'update': {
      const path = pathIn(db, w.update?.name);
      const fields = normalizeFields(w.update?.fields);
      const mask = w.updateMask ? (w.updateMask.fieldPaths ?? []).map(parseFieldPath) : undefined;
      // Fields outside the mask are ignored, not rejected: the web SDK sends the whole document with
      // `setDoc(…, {mergeFields})` and the official emulator accepts that.
      const transforms = parseTransforms(w.updateTransforms, mask ?? []);
      return { kind: 'update', path, fields, ...(mask ? { mask } : {}), transforms, ...(precondition ? { precondition } : {}) };
    }
    case 'delete':
    case 'verify':
      if (w.updateTransforms?.length) throw invalidArgument(`A ${op} write cannot have transforms.`);
      return { kind: op, path: pathIn(db, w[op]), ...(precondition ? { precondition } : {}) };
    case 'transform': {
      const path = pathIn(db, w.transform?.document);
      const transforms = parseTransforms(w.transform?.fieldTransforms, []);
      return { kind: 'transform', path, transforms, ...(precondition ? { precondition } : {}) };
    }
    default:
      throw invalidArgument('Write must have an operation (update, delete, verify or transform).');
  }
}
