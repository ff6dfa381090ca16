import { randomBytes } from 'node:crypto';
import { notFound } from '../core/errors.js';
import { documentName, joinPath, parseDocumentName, parseParent, validateSegment } from '../core/paths.js';
import { parseWrite } from '../core/write/parse-write.js';
import type { CreateDocumentRequest__Output } from '../gen/google/firestore/v1/CreateDocumentRequest.js';
import type { DeleteDocumentRequest__Output } from '../gen/google/firestore/v1/DeleteDocumentRequest.js';
import type { Document } from '../gen/google/firestore/v1/Document.js';
import type { UpdateDocumentRequest__Output } from '../gen/google/firestore/v1/UpdateDocumentRequest.js';
import { commitWrites } from './commit.js';
import { parseMask, toWireDocument, type CallContext } from './context.js';

const AUTO_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A 20-character id like the SDKs' auto ids. */
export const autoId = (): string => [...randomBytes(20)].map((b) => AUTO_ID_CHARS[b % AUTO_ID_CHARS.length]).join('');

/** CreateDocument (REST): a create-only write; the id is generated when absent. */
export async function createDocument(ctx: CallContext, req: CreateDocumentRequest__Output): Promise<Document> {
  const parent = parseParent(req.parent);
  validateSegment(req.collectionId ?? '', `${req.parent}/${req.collectionId ?? ''}`);
  const db = ctx.registry.database(parent.db);
  const path = joinPath(joinPath(parent.path, req.collectionId!), req.documentId || autoId());
  const write = parseWrite(db.id, { update: { name: documentName(db.id, path), fields: req.document?.fields ?? {} }, currentDocument: { exists: false } });
  await commitWrites(ctx, db, [write], undefined);
  return toWireDocument(db.id, db.store.get(path)!, parseMask(req.mask));
}

/** UpdateDocument (REST PATCH): set or patch with a mask, optional precondition. */
export async function updateDocument(ctx: CallContext, req: UpdateDocumentRequest__Output): Promise<Document> {
  const r = parseDocumentName(req.document?.name);
  const db = ctx.registry.database(r.db);
  const write = parseWrite(db.id, {
    update: req.document!,
    ...(req.updateMask ? { updateMask: req.updateMask } : {}),
    ...(req.currentDocument ? { currentDocument: req.currentDocument } : {}),
  });
  await commitWrites(ctx, db, [write], undefined);
  const doc = db.store.get(r.path);
  if (!doc) throw notFound(`No document to update: ${documentName(db.id, r.path)}`);
  return toWireDocument(db.id, doc, parseMask(req.mask));
}

/** DeleteDocument (REST DELETE), optional precondition. */
export async function deleteDocument(ctx: CallContext, req: DeleteDocumentRequest__Output): Promise<Record<string, never>> {
  const r = parseDocumentName(req.name);
  const db = ctx.registry.database(r.db);
  const write = parseWrite(db.id, { delete: req.name!, ...(req.currentDocument ? { currentDocument: req.currentDocument } : {}) });
  await commitWrites(ctx, db, [write], undefined);
  return {};
}
