import { invalidArgument } from '../core/errors.js';
import { parseParent } from '../core/paths.js';
import { compareUtf8 } from '../core/values/compare-strings.js';
import type { ListCollectionIdsRequest__Output } from '../gen/google/firestore/v1/ListCollectionIdsRequest.js';
import type { ListCollectionIdsResponse } from '../gen/google/firestore/v1/ListCollectionIdsResponse.js';
import type { CallContext } from './context.js';
import { OWNER_ONLY, requireOwner } from './security/guard.js';

/** ListCollectionIds: ids of the collections directly below a document (or the root) holding any document. */
export async function listCollectionIds(ctx: CallContext, req: ListCollectionIdsRequest__Output): Promise<ListCollectionIdsResponse> {
  const parent = parseParent(req.parent);
  const db = ctx.registry.database(parent.db);
  requireOwner(ctx, OWNER_ONLY.metadata);
  if (req.pageSize !== undefined && req.pageSize < 0) throw invalidArgument('page_size must not be negative.');
  const prefix = parent.path === '' ? '' : parent.path + '/';
  const ids = new Set<string>();
  for (const c of db.store.allCollections())
    if (c.live > 0 && c.path.startsWith(prefix)) ids.add(c.path.slice(prefix.length).split('/')[0]!);
  const sorted = [...ids].sort(compareUtf8).filter((id) => !req.pageToken || compareUtf8(id, req.pageToken) > 0);
  const pageSize = req.pageSize && req.pageSize > 0 ? req.pageSize : sorted.length;
  const page = sorted.slice(0, pageSize);
  return { collectionIds: page, nextPageToken: sorted.length > page.length ? page[page.length - 1]! : '' };
}
