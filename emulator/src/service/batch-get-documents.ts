import { parseDocumentName } from '../core/paths.js';
import { toTimestamp } from '../core/time.js';
import type { BatchGetDocumentsRequest__Output } from '../gen/google/firestore/v1/BatchGetDocumentsRequest.js';
import type { BatchGetDocumentsResponse } from '../gen/google/firestore/v1/BatchGetDocumentsResponse.js';
import { databaseFor, parseMask, sameDatabase, toWireDocument, type CallContext } from './context.js';
import { readView } from './read-consistency.js';
import { authorizeGets } from './security/guard.js';

/**
 * BatchGetDocuments: one response per requested name (found or missing), all at one read time.
 * With `newTransaction` the first response carries the new transaction id.
 * @see firestore-protocol.md §4.3
 */
export async function batchGetDocuments(ctx: CallContext, req: BatchGetDocumentsRequest__Output): Promise<BatchGetDocumentsResponse[]> {
  const db = databaseFor(ctx, req.database);
  const paths = (req.documents ?? []).map((name) => {
    const r = parseDocumentName(name);
    sameDatabase(db.id, r.db, `Document ${name}`);
    return r.path;
  });
  const mask = parseMask(req.mask);
  authorizeGets(ctx, db, paths);
  const view = readView(db, req);
  if (view.tx) await db.transactions.read(view.tx, paths);
  const readTime = view.readTime ?? db.clock.readTime();
  const wireTime = toTimestamp(readTime);
  const out: BatchGetDocumentsResponse[] = paths.map((path, i) => {
    const doc = db.store.get(path, view.readTime);
    return doc
      ? { found: toWireDocument(db.id, doc, mask), readTime: wireTime }
      : { missing: req.documents![i]!, readTime: wireTime };
  });
  if (view.newTransactionId) {
    if (out.length === 0) out.push({ readTime: wireTime });
    out[0]!.transaction = view.newTransactionId;
  }
  return out;
}
