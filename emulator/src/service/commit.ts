import type { FirestoreDatabase } from '../core/database.js';
import { invalidArgument } from '../core/errors.js';
import { toTimestamp } from '../core/time.js';
import type { Transaction } from '../core/tx/transactions.js';
import { applyWrites, type WriteOutcome } from '../core/write/apply-writes.js';
import { parseWrite, type ParsedWrite } from '../core/write/parse-write.js';
import type { CommitRequest__Output } from '../gen/google/firestore/v1/CommitRequest.js';
import type { CommitResponse } from '../gen/google/firestore/v1/CommitResponse.js';
import type { WriteResult } from '../gen/google/firestore/v1/WriteResult.js';
import type { Write__Output } from '../gen/google/firestore/v1/Write.js';
import { databaseFor, type CallContext } from './context.js';
import { authorizeWrites } from './security/guard.js';

export const MAX_WRITES_PER_REQUEST = 500;

export function parseWrites(db: FirestoreDatabase, writes: readonly Write__Output[] | undefined): ParsedWrite[] {
  const list = writes ?? [];
  if (list.length > MAX_WRITES_PER_REQUEST)
    throw invalidArgument(`maximum ${MAX_WRITES_PER_REQUEST} writes allowed per request`);
  return list.map((w) => parseWrite(db.id, w));
}

export const toWriteResult = (o: WriteOutcome): WriteResult => ({
  ...(o.updateTime !== undefined ? { updateTime: toTimestamp(o.updateTime) } : {}),
  transformResults: o.transformResults,
});

/**
 * Applies writes atomically at one fresh commit time. Inside a transaction, first takes the write
 * locks and checks that nothing the transaction read has changed (the transaction ends either way);
 * outside one, waits for the locks open transactions hold on the written documents. Then checks
 * security rules.
 */
export async function commitWrites(
  ctx: CallContext,
  db: FirestoreDatabase,
  writes: readonly ParsedWrite[],
  tx: Transaction | undefined,
): Promise<{ outcomes: WriteOutcome[]; commitTime: bigint }> {
  let writer: Transaction | undefined;
  try {
    if (tx) {
      if (tx.readOnly && writes.length > 0) throw invalidArgument('Cannot modify entities in a read-only transaction.');
      await db.transactions.lockWrites(
        tx,
        writes.map((w) => w.path),
      );
      db.transactions.validate(tx);
    } else {
      writer = await db.transactions.lockForWrite(writes.map((w) => w.path));
    }
    // No await between taking the commit time and applying: commits stay in time order, and rules
    // see exactly the state the writes are applied to.
    const commitTime = db.clock.next();
    const applied = applyWrites(db.id, (p) => db.store.get(p), writes, commitTime);
    authorizeWrites(ctx, db, writes, applied, commitTime);
    db.store.apply(commitTime, applied.changes);
    return { outcomes: applied.outcomes, commitTime };
  } finally {
    const holder = tx ?? writer;
    if (holder) db.transactions.finish(holder);
  }
}

/** Commit: all writes or none. @see firestore-protocol.md §4.3 */
export async function commit(ctx: CallContext, req: CommitRequest__Output): Promise<CommitResponse> {
  const db = databaseFor(ctx, req.database);
  const tx = req.transaction?.length ? db.transactions.get(req.transaction) : undefined;
  let writes: ParsedWrite[];
  try {
    writes = parseWrites(db, req.writes);
  } catch (e) {
    if (tx) db.transactions.finish(tx);
    throw e;
  }
  const { outcomes, commitTime } = await commitWrites(ctx, db, writes, tx);
  return { writeResults: outcomes.map(toWriteResult), commitTime: toTimestamp(commitTime) };
}
