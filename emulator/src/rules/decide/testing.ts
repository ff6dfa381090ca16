import type { Ruleset } from '../ast.js';
import { parseRules } from '../parser.js';
import { float, int, list, map, NULL, path, str, type Value } from '../eval/values.js';
import { decide } from './decide.js';
import type {
  DecideRequest,
  Decision,
  DocumentData,
  DocumentReader,
  FieldOperator,
  ListFilter,
  QueryInfo,
} from './types.js';

/** Test support for the decide stage: JS → rules values, an in-memory reader and request shorthands. */

/** Integral numbers become ints; use `{ float: n }` for an integral float, `{ ns }` for a timestamp. */
export type Js = null | boolean | number | string | Js[] | { float: number } | { ns: bigint } | JsMap;
export interface JsMap {
  [k: string]: Js;
}

export function fromJs(x: Js): Value {
  if (x === null) return NULL;
  if (typeof x === 'boolean') return { t: 'bool', v: x };
  if (typeof x === 'number') return Number.isInteger(x) ? int(BigInt(x)) : float(x);
  if (typeof x === 'string') return str(x);
  if (Array.isArray(x)) return list(x.map(fromJs));
  if ('ns' in x && typeof x.ns === 'bigint') return { t: 'timestamp', ns: x.ns };
  if ('float' in x && typeof x.float === 'number') return float(x.float);
  return map(doc(x as JsMap));
}

export const doc = (o: JsMap): DocumentData => new Map(Object.entries(o).map(([k, v]) => [k, fromJs(v)]));

/** Documents before the request, plus the pending writes of the current request for `readDocumentAfter`. */
export class MemoryReader implements DocumentReader {
  readonly before = new Map<string, DocumentData>();
  readonly pending = new Map<string, DocumentData | null>();
  reads = 0;

  constructor(seed: Record<string, JsMap> = {}) {
    for (const [p, d] of Object.entries(seed)) this.before.set(p, doc(d));
  }
  readDocument(path: string): DocumentData | null {
    this.reads++;
    return this.before.get(path) ?? null;
  }
  readDocumentAfter(path: string): DocumentData | null {
    this.reads++;
    return this.pending.has(path) ? (this.pending.get(path) ?? null) : (this.before.get(path) ?? null);
  }
  /** Records a pending write (null = delete). */
  write(path: string, data: JsMap | null): this {
    this.pending.set(path, data === null ? null : doc(data));
    return this;
  }
}

/** A rules file: `rules_version = '2'` and the `/databases/{database}/documents` block around `body`. */
export const wrapRules = (body: string): string =>
  `rules_version = '2';\nservice cloud.firestore {\n  match /databases/{database}/documents {\n${body}\n  }\n}\n`;

/** Parses a whole file, or `body` wrapped by wrapRules. */
export function ruleset(body: string, whole = false): Ruleset {
  const source = whole ? body : wrapRules(body);
  const parsed = parseRules(source);
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('; '));
  return parsed.ruleset;
}

/** `authenticatedContext(uid, claims)`-style token (§7.1 mock tokens). */
export function user(uid: string, claims: JsMap = {}): DecideRequest['auth'] {
  const token: JsMap = {
    iss: 'https://securetoken.google.com/demo',
    aud: 'demo',
    iat: 0,
    exp: 3600,
    auth_time: 0,
    sub: uid,
    user_id: uid,
    firebase: { sign_in_provider: 'custom', identities: {} },
    ...claims,
  };
  return { uid, token: doc(token) };
}

export const NOW_NS = 1_700_000_000_000_000_000n;

export type Op = Omit<Partial<DecideRequest>, 'newData'> &
  Pick<DecideRequest, 'method' | 'path'> & {
    data?: JsMap;
  };

export function run(rules: Ruleset, op: Op, reader: DocumentReader = new MemoryReader()): Decision {
  const { data, ...rest } = op;
  const req: DecideRequest = {
    auth: null,
    timeNs: NOW_NS,
    ...rest,
    ...(data === undefined ? {} : { newData: doc(data) }),
  };
  return decide(rules, req, reader);
}

/** ALLOW / DENY for compact expectations. */
export const verdict = (d: Decision) => (d.allowed ? 'ALLOW' : 'DENY');

/** §11 conventions: alice and bob, `get t/x`, and the `E:` expression harness. */
export const alice = user('alice');
export const bob = user('bob');
export const getAs = (path: string, auth: DecideRequest['auth'] = alice): Op => ({
  method: 'get',
  path,
  auth,
});
export const exprRules = (expr: string) => ruleset(`match /t/{id} { allow get: if ${expr}; }`);

/** SDK-style filter operators (§8.3) and their structured-query names. */
const WHERE_OPS = {
  '<': 'LESS_THAN',
  '<=': 'LESS_THAN_OR_EQUAL',
  '>': 'GREATER_THAN',
  '>=': 'GREATER_THAN_OR_EQUAL',
  '==': 'EQUAL',
  '!=': 'NOT_EQUAL',
  'array-contains': 'ARRAY_CONTAINS',
  in: 'IN',
  'array-contains-any': 'ARRAY_CONTAINS_ANY',
  'not-in': 'NOT_IN',
} as const satisfies Record<string, FieldOperator>;

export type WhereOp = keyof typeof WHERE_OPS;

/** `where('a.b', '==', v)`: the field path is split on dots. */
export const where = (field: string, op: WhereOp, value: Js): ListFilter =>
  whereValue(field, op, fromJs(value));

export function whereValue(field: string, op: WhereOp, value: Value): ListFilter {
  return { kind: 'field', field: field.split('.'), op: WHERE_OPS[op], value };
}
export const and = (...filters: ListFilter[]): ListFilter => ({ kind: 'composite', op: 'AND', filters });
export const or = (...filters: ListFilter[]): ListFilter => ({ kind: 'composite', op: 'OR', filters });

/** A document reference as a `__name__` operand: `/databases/(default)/documents/<docPath>`. */
export const ref = (docPath: string): Value =>
  path(['databases', '(default)', 'documents', ...docPath.split('/')]);

/** A list request on `collection` (or a collection group `<parent>/<id>` with `collectionGroup`). */
export function listAs(
  collection: string,
  auth: DecideRequest['auth'] = alice,
  filter?: ListFilter,
  query: Omit<QueryInfo, 'filter'> = {},
): Op {
  return { method: 'list', path: collection, auth, query: { ...query, ...(filter ? { filter } : {}) } };
}
