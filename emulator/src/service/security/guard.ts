import type { FirestoreDatabase } from '../../core/database.js';
import { permissionDenied } from '../../core/errors.js';
import type { Query } from '../../core/query/query.js';
import type { Doc, DocChange } from '../../core/store/document.js';
import type { Nanos } from '../../core/time.js';
import type { ParsedWrite } from '../../core/write/parse-write.js';
import type { StructuredQuery__Output } from '../../gen/google/firestore/v1/StructuredQuery.js';
import { decide } from '../../rules/decide/decide.js';
import {
  AccessBudget,
  COMMIT_ACCESS_LIMIT,
  type AuthContext,
  type DecideRequest,
  type DocumentData,
  type DocumentReader,
} from '../../rules/decide/types.js';
import type { CallContext, Identity } from '../context.js';
import { queryInfo } from './list-filter.js';
import { rulesCatalog, type LoadedRules } from './rules-catalog.js';
import { jsonClaims, toRulesData } from './rules-values.js';

/**
 * Where security rules meet requests (rules-language.md §4, §8, §9): every read and write path of
 * the service calls one of these before it answers. A call bypasses rules when its identity is the
 * owner (Admin SDK, `Bearer owner`) or when the project has no rules loaded.
 */

interface Guard {
  readonly rules: LoadedRules;
  readonly auth: AuthContext | null;
  readonly database: string;
}

function guardFor(ctx: CallContext, db: FirestoreDatabase): Guard | undefined {
  if (ctx.identity.kind === 'owner') return undefined;
  const rules = rulesCatalog(ctx.registry).get(db.id.projectId);
  return rules && { rules, auth: authOf(ctx.identity), database: db.id.databaseId };
}

function authOf(identity: Identity): AuthContext | null {
  return identity.kind === 'user' ? { uid: identity.uid, token: jsonClaims(identity.token) } : null;
}

const dataOf = (doc: Doc | null): DocumentData | null => (doc ? toRulesData(doc.fields) : null);

/** Reads for rules when the request writes nothing: the current state, before and after alike. */
function currentReader(db: FirestoreDatabase): DocumentReader {
  const read = (path: string) => dataOf(db.store.get(path));
  return { readDocument: read, readDocumentAfter: read };
}

function check(
  guard: Guard,
  req: Omit<DecideRequest, 'database' | 'auth' | 'observe'>,
  reader: DocumentReader,
): void {
  const decision = decide(
    guard.rules.ruleset,
    { ...req, database: guard.database, auth: guard.auth, observe: guard.rules.coverage.observe },
    reader,
  );
  if (!decision.allowed) throw permissionDenied(decision.denial!.message);
}

const now = (): Nanos => BigInt(Date.now()) * 1_000_000n;

/**
 * `get` for each document (GetDocument, BatchGetDocuments, a Listen documents target). Several
 * documents share the 20-call budget of a multi-document read (§7.3).
 * @throws PERMISSION_DENIED naming the failing statements
 */
export function authorizeGets(
  ctx: CallContext,
  db: FirestoreDatabase,
  paths: readonly string[],
): void {
  const guard = guardFor(ctx, db);
  if (!guard) return;
  const reader = currentReader(db);
  const budget = paths.length > 1 ? new AccessBudget(COMMIT_ACCESS_LIMIT) : undefined;
  const timeNs = now();
  for (const path of paths)
    check(guard, { method: 'get', path, timeNs, ...(budget && { accessBudget: budget }) }, reader);
}

/**
 * `list` for a query (RunQuery, RunAggregationQuery, PartitionQuery, ListDocuments, a Listen query
 * target), decided from its constraints, never from its results (§8).
 * @throws PERMISSION_DENIED naming the failing statements
 */
export function authorizeQuery(
  ctx: CallContext,
  db: FirestoreDatabase,
  query: Pick<Query, 'parent' | 'collectionId' | 'allDescendants'>,
  structured: StructuredQuery__Output | null | undefined,
): void {
  const guard = guardFor(ctx, db);
  if (!guard) return;
  // A kind-less query (every collection below a parent: recursiveDelete) has no collection a
  // `match` could name; only the owner may run one.
  if (query.collectionId === undefined) throw permissionDenied(KINDLESS_QUERY);
  const parent = query.parent.path;
  const path = parent === '' ? query.collectionId : `${parent}/${query.collectionId}`;
  check(
    guard,
    { method: 'list', path, timeNs: now(), query: queryInfo(structured, query.allDescendants) },
    currentReader(db),
  );
}

/**
 * Every write of one request (a single write, a batch or a transaction commit), before any is
 * applied (§9): create versus update by the target's existence before the request, `request.resource`
 * the document this write produces (`applied.documents`: transforms applied, at `commitTime` =
 * `request.time`), and `getAfter` seeing all of the request's writes. One denial fails the request.
 * @param applied what applyWrites computed for these writes on the current state
 * @throws PERMISSION_DENIED naming the failing statements (preconditions failed earlier, in applyWrites)
 */
export function authorizeWrites(
  ctx: CallContext,
  db: FirestoreDatabase,
  writes: readonly ParsedWrite[],
  applied: { readonly documents: readonly (Doc | null)[]; readonly changes: readonly DocChange[] },
  commitTime: Nanos,
): void {
  const guard = guardFor(ctx, db);
  if (!guard) return;
  const before = (p: string) => db.store.get(p);
  const after = new Map(applied.changes.map((c) => [c.path, c.after]));
  const reader: DocumentReader = {
    readDocument: (p) => dataOf(before(p)),
    readDocumentAfter: (p) => dataOf(after.has(p) ? after.get(p)! : before(p)),
  };
  const budget = writes.length > 1 ? new AccessBudget(COMMIT_ACCESS_LIMIT) : undefined;
  writes.forEach((w, i) => {
    // A transaction's read-set check is not a write the caller asked for (§9.1).
    if (w.kind === 'verify') return;
    const method = w.kind === 'delete' ? 'delete' : before(w.path) !== null ? 'update' : 'create';
    check(
      guard,
      {
        method,
        path: w.path,
        timeNs: commitTime,
        ...(method !== 'delete' && { newData: dataOf(applied.documents[i] ?? null) ?? new Map() }),
        ...(budget && { accessBudget: budget }),
      },
      reader,
    );
  });
}

const KINDLESS_QUERY = 'Queries across all collections (no collection id) are available to the Admin SDK only.';

/** RPCs that security rules do not describe, and the official emulator's answer to non-owners. */
export const OWNER_ONLY = {
  batchWrite: 'Batch writes require admin authentication.',
  metadata: 'Metadata operations require admin authentication.',
} as const;

/**
 * BatchWrite and ListCollectionIds are Admin SDK operations: the official emulator refuses them to
 * any other caller, with or without rules.
 * @throws PERMISSION_DENIED
 */
export function requireOwner(ctx: CallContext, message: string): void {
  if (ctx.identity.kind !== 'owner') throw permissionDenied(message);
}
