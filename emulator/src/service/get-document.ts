import { notFound } from '../core/errors.js';
import { documentName, parseDocumentName } from '../core/paths.js';
import type { GetDocumentRequest__Output } from '../gen/google/firestore/v1/GetDocumentRequest.js';
import type { Document } from '../gen/google/firestore/v1/Document.js';
import { parseMask, toWireDocument, type CallContext } from './context.js';
import { readView } from './read-consistency.js';
import { authorizeGets } from './security/guard.js';

/** GetDocument (REST tooling, storage rules): the document or NOT_FOUND. */
export async function getDocument(ctx: CallContext, req: GetDocumentRequest__Output): Promise<Document> {
  const r = parseDocumentName(req.name);
  const db = ctx.registry.database(r.db);
  const mask = parseMask(req.mask);
  authorizeGets(ctx, db, [r.path]);
  const view = readView(db, req);
  if (view.tx) await db.transactions.read(view.tx, [r.path]);
  const doc = db.store.get(r.path, view.readTime);
  if (!doc) throw notFound(`Document "${documentName(r.db, r.path)}" not found.`);
  return toWireDocument(db.id, doc, mask);
}
