import { invalidArgument } from '../core/errors.js';
import { documentName, joinPath, parseParent, validateSegment } from '../core/paths.js';
import { compareSegments } from '../core/values/compare-strings.js';
import type { ListDocumentsRequest__Output } from '../gen/google/firestore/v1/ListDocumentsRequest.js';
import type { ListDocumentsResponse } from '../gen/google/firestore/v1/ListDocumentsResponse.js';
import type { Document } from '../gen/google/firestore/v1/Document.js';
import { parseMask, toWireDocument, type CallContext } from './context.js';
import { readView } from './read-consistency.js';
import { authorizeQuery } from './security/guard.js';

const DEFAULT_PAGE_SIZE = 300;

const encodeToken = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeToken(token: string | undefined): string | undefined {
  if (!token) return undefined;
  const id = Buffer.from(token, 'base64url').toString('utf8');
  if (id === '' || encodeToken(id) !== token.replace(/=+$/, '')) throw invalidArgument('Invalid page token.');
  return id;
}

/**
 * ListDocuments: the documents of one collection by id order. With `showMissing`, documents that do
 * not exist but have subcollections are listed too, as a bare name (what `listDocuments()` relies on).
 */
export async function listDocuments(ctx: CallContext, req: ListDocumentsRequest__Output): Promise<ListDocumentsResponse> {
  const parent = parseParent(req.parent);
  const collectionId = req.collectionId ?? '';
  validateSegment(collectionId, `${req.parent}/${collectionId}`);
  const db = ctx.registry.database(parent.db);
  const mask = parseMask(req.mask);
  // A listing is a query on the collection with no filter (rules-language.md §8).
  authorizeQuery(ctx, db, { parent, collectionId, allDescendants: false }, undefined);
  const view = readView(db, req);
  const collPath = joinPath(parent.path, collectionId);
  const pageSize = req.pageSize && req.pageSize > 0 ? req.pageSize : DEFAULT_PAGE_SIZE;
  if (req.pageSize !== undefined && req.pageSize < 0) throw invalidArgument('page_size must not be negative.');
  const after = decodeToken(req.pageToken);

  const ids = new Set<string>();
  for (const e of db.store.collection(collPath)?.entries.values() ?? []) if (e.at(view.readTime)) ids.add(e.path.slice(collPath.length + 1));
  if (req.showMissing) {
    const prefix = collPath + '/';
    for (const c of db.store.allCollections())
      if (c.live > 0 && c.path.startsWith(prefix)) ids.add(c.path.slice(prefix.length).split('/')[0]!);
  }
  const sorted = [...ids].sort(compareSegments).filter((id) => after === undefined || compareSegments(id, after) > 0);
  const page = sorted.slice(0, pageSize);
  if (view.tx) await db.transactions.read(view.tx, page.map((id) => `${collPath}/${id}`));
  const documents: Document[] = page.map((id) => {
    const doc = db.store.get(`${collPath}/${id}`, view.readTime);
    return doc ? toWireDocument(db.id, doc, mask) : { name: documentName(db.id, `${collPath}/${id}`) };
  });
  return { documents, nextPageToken: sorted.length > pageSize ? encodeToken(page[page.length - 1]!) : '' };
}
