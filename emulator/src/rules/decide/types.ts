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
}

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
