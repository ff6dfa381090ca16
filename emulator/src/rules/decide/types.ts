import type { Expr } from '../ast.js';
import type { RulesResult } from '../eval/errors.js';
import type { Value } from '../eval/values.js';

/**
 * The request stage's inputs (rules-language.md §7, §9). Paths are document paths relative to the
 * database's `documents` root, e.g. `users/alice`; for `list` the path is the queried collection.
 */
export type RequestMethod = 'get' | 'list' | 'create' | 'update' | 'delete';

/** A document's fields as rules values; `null` when the document does not exist. */
export type DocumentData = ReadonlyMap<string, Value>;

/**
 * Port to the store. `readDocument` is the state before the request, `readDocumentAfter` the state with
 * every write of the current request (single write, batch or commit) applied; for reads they agree.
 */
export interface DocumentReader {
  readDocument(path: string): DocumentData | null;
  readDocumentAfter(path: string): DocumentData | null;
}

export interface AuthContext {
  readonly uid: string;
  /** All JWT claims (§7.1); `sub` normally equals `uid`. */
  readonly token: ReadonlyMap<string, Value>;
}

/** `request.query` for list requests: only the properties the query has (§7.1). */
export interface QueryInfo {
  readonly limit?: number;
  readonly offset?: number;
  readonly orderBy?: readonly { readonly field: string; readonly direction: 'ASCENDING' | 'DESCENDING' }[];
  /** The query's filter, from which the symbolic `resource` of §8 is built; absent = no filter. */
  readonly filter?: ListFilter;
  /**
   * Collection-group query (§8.2): the request's `path` is `<parent>/<collectionId>` and the query
   * reads every `collectionId` collection at any depth under `<parent>` (which may be empty).
   */
  readonly collectionGroup?: boolean;
}

export type FieldOperator =
  | 'LESS_THAN'
  | 'LESS_THAN_OR_EQUAL'
  | 'GREATER_THAN'
  | 'GREATER_THAN_OR_EQUAL'
  | 'EQUAL'
  | 'NOT_EQUAL'
  | 'ARRAY_CONTAINS'
  | 'IN'
  | 'ARRAY_CONTAINS_ANY'
  | 'NOT_IN';

/**
 * A structured-query filter as rules see it. Field paths are split into segments (`['a', 'b']` for
 * `a.b`, `['__name__']` for the document name); operands are rules values, lists for IN / NOT_IN /
 * ARRAY_CONTAINS_ANY, and paths (`/databases/<db>/documents/...`) for references and `__name__`.
 */
export type ListFilter =
  | { readonly kind: 'composite'; readonly op: 'AND' | 'OR'; readonly filters: readonly ListFilter[] }
  | {
      readonly kind: 'field';
      readonly field: readonly string[];
      readonly op: FieldOperator;
      readonly value: Value;
    }
  | {
      readonly kind: 'unary';
      readonly field: readonly string[];
      readonly op: 'IS_NULL' | 'IS_NAN' | 'IS_NOT_NULL' | 'IS_NOT_NAN';
    };

export interface DecideRequest {
  readonly method: RequestMethod;
  readonly path: string;
  /** Defaults to `(default)`. */
  readonly database?: string;
  readonly auth: AuthContext | null;
  /** Nanoseconds since the epoch. */
  readonly timeNs: bigint;
  /** create / update: the complete document as it would be after this write (§9.2). */
  readonly newData?: DocumentData;
  /** list only. */
  readonly query?: QueryInfo;
  /**
   * Shared by every write of one batch or transaction commit so the 20-call limit spans the commit
   * (§7.3, §9.3); a fresh single-request budget is used when absent.
   */
  readonly accessBudget?: AccessBudget;
  /** Called for every evaluated expression node (rule coverage). */
  readonly observe?: (expr: Expr, result: RulesResult<Value>) => void;
}

export interface DenialEntry {
  readonly line: number;
  readonly column: number;
  /** `false`, an error message, or `evaluation error at L<line>:<col>` (§10.2). */
  readonly reason: string;
}

export interface Decision {
  readonly allowed: boolean;
  /**
   * For a denial: the first failing statement (line/column of its condition) plus `message`, the §10.2
   * details text listing every evaluated statement. With no applicable statement, line and column are 0.
   */
  readonly denial?: DenialEntry & { readonly message: string; readonly entries: readonly DenialEntry[] };
}

/** Distinct document-access calls per commit (§7.3): 10 per operation, 20 per batch / transaction. */
export class AccessBudget {
  private readonly seen = new Set<string>();
  constructor(readonly limit: number) {}

  /** False when recording `key` would exceed the limit; repeated keys are free. */
  accepts(key: string): boolean {
    return this.seen.has(key) || this.seen.size < this.limit;
  }

  record(key: string): void {
    this.seen.add(key);
  }
}

export const SINGLE_REQUEST_ACCESS_LIMIT = 10;
export const COMMIT_ACCESS_LIMIT = 20;

/** One budget per batch / transaction commit; pass it in every write's `DecideRequest`. */
export const commitBudget = (): AccessBudget => new AccessBudget(COMMIT_ACCESS_LIMIT);
