import type { FirestoreDatabase } from '../core/database.js';
import { parseParent } from '../core/paths.js';
import { parseQuery, runQuery as execute, type Query } from '../core/query/query.js';
import type { Doc } from '../core/store/document.js';
import { toTimestamp } from '../core/time.js';
import type { RunQueryRequest__Output } from '../gen/google/firestore/v1/RunQueryRequest.js';
import type { RunQueryResponse } from '../gen/google/firestore/v1/RunQueryResponse.js';
import { toWireDocument, type CallContext } from './context.js';
import { readView, type ConsistencyRequest, type ReadView } from './read-consistency.js';
import { authorizeQuery } from './security/guard.js';

/** Resolves a query request's parent and database, and parses its structured query. */
export function queryTarget(ctx: CallContext, parent: unknown, structuredQuery: RunQueryRequest__Output['structuredQuery']) {
  const p = parseParent(parent);
  const db = ctx.registry.database(p.db);
  const query = parseQuery(p, structuredQuery);
  authorizeQuery(ctx, db, query, structuredQuery);
  return { db, query };
}

/** Runs a query under a read view; in a read-write transaction the results are locked first. */
export async function queryUnderView(
  db: FirestoreDatabase,
  query: Query,
  req: ConsistencyRequest,
  { ordered = true } = {},
): Promise<{ docs: Doc[]; view: ReadView; readTime: bigint }> {
  const view = readView(db, req);
  if (view.tx) await db.transactions.read(view.tx, execute(db.store, query, undefined, { ordered }).map((d) => d.path));
  const readTime = view.readTime ?? db.clock.readTime();
  return { docs: execute(db.store, query, view.readTime, { ordered }), view, readTime };
}

/** RunQuery: one response per document, or a single response with only the read time. */
export async function runQuery(ctx: CallContext, req: RunQueryRequest__Output): Promise<RunQueryResponse[]> {
  const { db, query } = queryTarget(ctx, req.parent, req.structuredQuery);
  const { docs, view, readTime } = await queryUnderView(db, query, req);
  const wireTime = toTimestamp(readTime);
  const out: RunQueryResponse[] = docs.map((d) => ({
    document: toWireDocument(db.id, d, query.projection),
    readTime: wireTime,
  }));
  if (out.length === 0) out.push({ readTime: wireTime });
  if (view.newTransactionId) out[0]!.transaction = view.newTransactionId;
  return out;
}
