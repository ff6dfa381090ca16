import type { BeginTransactionRequest__Output } from '../gen/google/firestore/v1/BeginTransactionRequest.js';
import type { BeginTransactionResponse } from '../gen/google/firestore/v1/BeginTransactionResponse.js';
import type { RollbackRequest__Output } from '../gen/google/firestore/v1/RollbackRequest.js';
import { databaseFor, type CallContext } from './context.js';
import { beginTransaction as begin } from './read-consistency.js';

/** BeginTransaction: read-only (optionally at a read time) or read-write. */
export async function beginTransaction(ctx: CallContext, req: BeginTransactionRequest__Output): Promise<BeginTransactionResponse> {
  const db = databaseFor(ctx, req.database);
  return { transaction: begin(db, req.options).id };
}

/** Rollback: releases the transaction's locks. An unknown or finished id is INVALID_ARGUMENT. */
export async function rollback(ctx: CallContext, req: RollbackRequest__Output): Promise<Record<string, never>> {
  const db = databaseFor(ctx, req.database);
  db.transactions.finish(db.transactions.get(req.transaction));
  return {};
}
