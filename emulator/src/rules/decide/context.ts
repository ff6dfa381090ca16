import { int, map, NULL, path, str, type Value } from '../eval/values.js';
import type { DecideRequest, DocumentData } from './types.js';

/** Building `request` and `resource` (rules-language.md §7.1, §7.2, §9.2, §9.4). */

export const documentSegments = (database: string, docPath: string): string[] => [
  'databases',
  database,
  'documents',
  ...docPath.split('/').filter((s) => s !== ''),
];

/** A `rules.firestore.Resource`: `{data, id, __name__}`. */
export function resourceValue(database: string, docPath: string, data: DocumentData): Value {
  const segs = documentSegments(database, docPath);
  return map(
    new Map<string, Value>([
      ['data', map(data)],
      ['id', str(segs[segs.length - 1] ?? '')],
      ['__name__', path(segs)],
    ]),
  );
}

export function requestValue(req: DecideRequest, database: string): Value {
  const fields = new Map<string, Value>([
    [
      'auth',
      req.auth === null
        ? NULL
        : map(
            new Map<string, Value>([
              ['uid', str(req.auth.uid)],
              ['token', map(req.auth.token)],
            ]),
          ),
    ],
    ['method', str(req.method)],
    ['path', path(documentSegments(database, req.path))],
    ['time', { t: 'timestamp', ns: req.timeNs }],
  ]);
  if (req.method === 'create' || req.method === 'update') {
    fields.set('resource', resourceValue(database, req.path, req.newData ?? new Map()));
  } else if (req.method === 'delete') {
    fields.set('resource', NULL);
  }
  if (req.method === 'list') fields.set('query', queryValue(req));
  return map(fields);
}

function queryValue(req: DecideRequest): Value {
  const q = req.query ?? {};
  const m = new Map<string, Value>();
  if (q.limit !== undefined) m.set('limit', int(BigInt(q.limit)));
  if (q.offset !== undefined) m.set('offset', int(BigInt(q.offset)));
  if (q.orderBy !== undefined) {
    const orders = q.orderBy.map((o) =>
      map(
        new Map<string, Value>([
          ['field', str(o.field)],
          ['direction', str(o.direction)],
        ]),
      ),
    );
    m.set('orderBy', { t: 'list', v: orders });
  }
  return map(m);
}

/**
 * `resource` of a single-document request: the stored document for get/update/delete, null when missing
 * or on create. List requests build theirs from the query (list/symbolic-resource.ts).
 */
export function resourceBinding(req: DecideRequest, database: string, stored: DocumentData | null): Value {
  if (req.method === 'create' || stored === null) return NULL;
  return resourceValue(database, req.path, stored);
}
