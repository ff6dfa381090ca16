import type { FirestoreDatabase } from '../core/database.js';
import { Code, isFirestoreError } from '../core/errors.js';
import type { ParsedWrite } from '../core/write/parse-write.js';
import { applyWrites } from '../core/write/apply-writes.js';
import type { Doc } from '../core/store/document.js';
import type { BatchWriteRequest__Output } from '../gen/google/firestore/v1/BatchWriteRequest.js';
import type { BatchWriteResponse } from '../gen/google/firestore/v1/BatchWriteResponse.js';
import type { WriteResult } from '../gen/google/firestore/v1/WriteResult.js';
import type { Status } from '../gen/google/rpc/Status.js';
import { databaseFor, type CallContext } from './context.js';
import { parseWrites, toWriteResult } from './commit.js';
import { OWNER_ONLY, requireOwner } from './security/guard.js';

/**
 * BatchWrite (BulkWriter): each write succeeds or fails on its own, with a status per write. The
 * writes that succeed are applied together at one commit time. Owner (Admin SDK) only, so rules
 * never apply.
 */
export async function batchWrite(ctx: CallContext, req: BatchWriteRequest__Output): Promise<BatchWriteResponse> {
  const db = databaseFor(ctx, req.database);
  requireOwner(ctx, OWNER_ONLY.batchWrite);
  const writes = parseWrites(db, req.writes);
  // Like any non-transactional write, a batch waits for the locks open transactions hold.
  const writer = await db.transactions.lockForWrite(writes.map((w) => w.path));
  try {
    return applyEach(db, writes);
  } finally {
    if (writer) db.transactions.finish(writer);
  }
}

/** Applies each write on its own at one commit time; a failed write leaves the others be. */
function applyEach(db: FirestoreDatabase, writes: readonly ParsedWrite[]): BatchWriteResponse {
  const commitTime = db.clock.next();
  const overlay = new Map<string, Doc | null>();
  const read = (p: string) => (overlay.has(p) ? overlay.get(p)! : db.store.get(p));
  const writeResults: WriteResult[] = [];
  const status: Status[] = [];
  const changes = new Map<string, { before: Doc | null; after: Doc | null }>();
  for (const w of writes) {
    try {
      const r = applyWrites(db.id, read, [w], commitTime);
      for (const c of r.changes) {
        overlay.set(c.path, c.after);
        const prior = changes.get(c.path);
        changes.set(c.path, { before: prior ? prior.before : c.before, after: c.after });
      }
      writeResults.push(toWriteResult(r.outcomes[0]!));
      status.push({ code: Code.OK });
    } catch (e) {
      if (!isFirestoreError(e)) throw e;
      writeResults.push({});
      status.push({ code: e.code, message: e.message });
    }
  }
  db.store.apply(
    commitTime,
    [...changes].map(([path, c]) => ({ path, ...c })),
  );
  return { writeResults, status };
}
