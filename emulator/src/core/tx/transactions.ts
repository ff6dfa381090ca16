import { randomBytes } from 'node:crypto';
import { aborted, invalidArgument, CONTENTION_MESSAGE } from '../errors.js';
import type { DocumentStore } from '../store/database.js';
import type { Clock, Nanos } from '../time.js';

export const TxState = { ACTIVE: 'active', DONE: 'done' } as const;
export type TxState = (typeof TxState)[keyof typeof TxState];

export class Transaction {
  state: TxState = TxState.ACTIVE;
  lastUsed = Date.now();
  /** Path → the document's last-change time when this transaction read it (undefined: never existed). */
  readonly reads = new Map<string, Nanos | undefined>();
  readonly locks = new Set<string>();
  /** The lock this transaction is queued for, if any: the edge of the wait-for graph. */
  waitingFor: string | undefined;
  constructor(
    readonly id: Buffer,
    readonly readOnly: boolean,
    /** Snapshot time for read-only transactions; read-write ones read the latest state under locks. */
    readonly readTime: Nanos | undefined,
  ) {}
}

interface Lock {
  holder: Transaction;
  queue: { tx: Transaction; grant: () => void; fail: (e: Error) => void }[];
}

export const EXPIRED_MESSAGE = 'The referenced transaction has expired or is no longer valid.';

export interface TransactionOptions {
  /** A transaction idle this long is expired and its locks released (Cloud Firestore: 60 s idle). */
  readonly idleTimeoutMs: number;
  /** How long a read or write may wait for a lock before it is aborted. */
  readonly lockTimeoutMs: number;
}

/**
 * Pessimistic, serializable transactions, like the official emulator: a read-write transaction
 * takes an exclusive lock on every document it reads or writes, and another transaction that wants
 * it queues. Deadlocks are detected on the wait-for graph and the requester is ABORTED, so the
 * client's retry wins the next round. Non-transactional writes do not wait; a transaction whose
 * reads they changed is ABORTED at commit instead.
 */
export class TransactionManager {
  private readonly active = new Map<string, Transaction>();
  private readonly lockTable = new Map<string, Lock>();

  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
    private readonly options: TransactionOptions,
  ) {}

  begin(readOnly: boolean, readTime?: Nanos): Transaction {
    this.expireIdle();
    const id = randomBytes(16);
    const tx = new Transaction(id, readOnly, readOnly ? (readTime ?? this.clock.readTime()) : undefined);
    this.active.set(id.toString('base64'), tx);
    return tx;
  }

  /** @throws INVALID_ARGUMENT when the id is unknown, finished or expired. */
  get(id: Buffer | undefined): Transaction {
    this.expireIdle();
    const tx = id && id.length > 0 ? this.active.get(Buffer.from(id).toString('base64')) : undefined;
    if (!tx || tx.state !== TxState.ACTIVE) throw invalidArgument(EXPIRED_MESSAGE);
    tx.lastUsed = Date.now();
    return tx;
  }

  /** Locks `paths` for `tx` (in a stable order, to keep lock order consistent) and records the reads. */
  async read(tx: Transaction, paths: readonly string[]): Promise<void> {
    if (!tx.readOnly) for (const p of [...paths].sort()) await this.acquire(tx, p);
    for (const p of paths) if (!tx.reads.has(p)) tx.reads.set(p, this.store.lastChanged(p));
  }

  /** Locks the documents a commit writes. */
  async lockWrites(tx: Transaction, paths: readonly string[]): Promise<void> {
    for (const p of [...new Set(paths)].sort()) await this.acquire(tx, p);
  }

  /** Checks nothing `tx` read has changed since (only non-transactional writes can do that). */
  validate(tx: Transaction): void {
    if (tx.state !== TxState.ACTIVE) throw invalidArgument(EXPIRED_MESSAGE);
    for (const [path, seen] of tx.reads) if (this.store.lastChanged(path) !== seen) throw aborted(CONTENTION_MESSAGE);
  }

  /** Ends a transaction (commit or rollback) and hands its locks to the next waiters. */
  finish(tx: Transaction): void {
    tx.state = TxState.DONE;
    this.active.delete(tx.id.toString('base64'));
    for (const path of tx.locks) this.release(path);
    tx.locks.clear();
  }

  private acquire(tx: Transaction, path: string): Promise<void> {
    const lock = this.lockTable.get(path);
    if (!lock) {
      this.lockTable.set(path, { holder: tx, queue: [] });
      tx.locks.add(path);
      return Promise.resolve();
    }
    if (lock.holder === tx) return Promise.resolve();
    // Would waiting close a cycle in the wait-for graph? Then abort the requester.
    for (let h: Transaction | undefined = lock.holder, hops = 0; h && hops < 10_000; hops++) {
      if (h === tx) return Promise.reject(aborted(CONTENTION_MESSAGE));
      h = h.waitingFor ? this.lockTable.get(h.waitingFor)?.holder : undefined;
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        lock.queue = lock.queue.filter((w) => w.tx !== tx);
        tx.waitingFor = undefined;
        reject(aborted(CONTENTION_MESSAGE));
      }, this.options.lockTimeoutMs);
      tx.waitingFor = path;
      lock.queue.push({
        tx,
        grant: () => {
          clearTimeout(timer);
          tx.waitingFor = undefined;
          tx.locks.add(path);
          resolve();
        },
        fail: (e) => {
          clearTimeout(timer);
          tx.waitingFor = undefined;
          reject(e);
        },
      });
    });
  }

  private release(path: string): void {
    const lock = this.lockTable.get(path);
    if (!lock) return;
    let next = lock.queue.shift();
    while (next && next.tx.state !== TxState.ACTIVE) {
      next.fail(invalidArgument(EXPIRED_MESSAGE));
      next = lock.queue.shift();
    }
    if (!next) {
      this.lockTable.delete(path);
      return;
    }
    lock.holder = next.tx;
    next.grant();
  }

  /** Expires idle transactions so a vanished client cannot hold locks forever. */
  expireIdle(): void {
    const cutoff = Date.now() - this.options.idleTimeoutMs;
    for (const tx of this.active.values()) if (tx.lastUsed < cutoff && !tx.waitingFor) this.finish(tx);
  }

  /** Drops every transaction (database cleared). */
  reset(): void {
    for (const tx of [...this.active.values()]) this.finish(tx);
  }
}
