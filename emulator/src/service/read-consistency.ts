import type { FirestoreDatabase } from '../core/database.js';
import { invalidArgument } from '../core/errors.js';
import { fromTimestamp, type Nanos } from '../core/time.js';
import type { Transaction } from '../core/tx/transactions.js';
import type { TransactionOptions__Output } from '../gen/google/firestore/v1/TransactionOptions.js';
import type { Timestamp__Output } from '../gen/google/protobuf/Timestamp.js';

/** The consistency selector shared by the read RPCs: one of transaction, newTransaction, readTime. */
export interface ConsistencyRequest {
  transaction?: Buffer;
  newTransaction?: TransactionOptions__Output;
  readTime?: Timestamp__Output;
}

export interface ReadView {
  /** Snapshot time, or undefined to read the latest state. */
  readonly readTime: Nanos | undefined;
  /** Read-write transaction whose locks the reads must take. */
  readonly tx: Transaction | undefined;
  /** Set when the request began a transaction: its id goes in the first response. */
  readonly newTransactionId: Buffer | undefined;
}

/** Begins a transaction from TransactionOptions (BeginTransaction and newTransaction). */
export function beginTransaction(db: FirestoreDatabase, options: TransactionOptions__Output | undefined): Transaction {
  if (options?.readOnly) {
    const rt = options.readOnly.readTime ? db.checkReadTime(fromTimestamp(options.readOnly.readTime)) : undefined;
    return db.transactions.begin(true, rt);
  }
  if (options?.readWrite?.retryTransaction?.length) {
    // The retried attempt's locks go back to the pool before the new attempt queues again.
    try {
      db.transactions.finish(db.transactions.get(options.readWrite.retryTransaction));
    } catch {
      // already finished or expired: nothing to release
    }
  }
  return db.transactions.begin(false);
}

/**
 * A read-write transaction reads the latest state under its locks, unless it was doomed while
 * taking them (TransactionManager): then it reads its snapshot. `readTime` is a getter so that
 * callers, who read it after `transactions.read()`, see which.
 */
function transactionView(tx: Transaction, newTransactionId: Buffer | undefined): ReadView {
  if (tx.readOnly) return { readTime: tx.readTime, tx: undefined, newTransactionId };
  return {
    get readTime() {
      return tx.readTime;
    },
    tx,
    newTransactionId,
  };
}

export function readView(db: FirestoreDatabase, req: ConsistencyRequest): ReadView {
  const selectors = [req.transaction?.length ? 1 : 0, req.newTransaction ? 1 : 0, req.readTime ? 1 : 0];
  if (selectors.reduce((a, b) => a + b, 0) > 1)
    throw invalidArgument('Only one of transaction, new_transaction and read_time may be set.');
  if (req.transaction?.length) return transactionView(db.transactions.get(req.transaction), undefined);
  if (req.newTransaction) {
    const tx = beginTransaction(db, req.newTransaction);
    return transactionView(tx, tx.id);
  }
  if (req.readTime) return { readTime: db.checkReadTime(fromTimestamp(req.readTime)), tx: undefined, newTransactionId: undefined };
  return { readTime: undefined, tx: undefined, newTransactionId: undefined };
}
