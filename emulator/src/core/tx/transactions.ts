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
  /**
   * Set when the transaction lost a lock conflict (it would have closed a deadlock, or waited too
   * long). It holds no locks from then on, reads at `readTime`, and its commit fails with ABORTED.
   */
  doomed = false;
  /** Cancels the pending lock request (dequeues it and resolves it), while one is queued. */
  cancelWait: (() => void) | undefined;
  constructor(
    readonly id: Buffer,
    readonly readOnly: boolean,
    /**
     * Snapshot time: for read-only transactions from the start; for a doomed read-write one, the
     * time it was doomed. Undefined while a read-write transaction reads the latest state under locks.
     */
    public readTime: Nanos | undefined,
    /**
     * A non-transactional write (commit, batch, Write stream) holding locks only while it applies:
     * never doomed; when it waits too long, the transaction in its way is (see acquire).
     */
    readonly writer = false,
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
  /** How long a read or write may wait for a lock before its transaction gives way (commit ABORTED). */
  readonly lockTimeoutMs: number;
}

/**
 * Pessimistic, serializable transactions, like the official emulator: a read-write transaction
 * takes an exclusive lock on every document it reads or writes, and another transaction that wants
 * it queues. A request that would close a cycle in the wait-for graph (a deadlock), or that waited
 * longer than `lockTimeoutMs`, dooms its own transaction: its locks are released at once, so the
 * others proceed, and it goes on reading a consistent snapshot (the state when it was doomed) until
 * its commit fails with ABORTED and the client retries.
 *
 * Why not fail the read itself: the Admin SDK retries a streaming read that fails before any
 * response twice, seconds apart (retry-request's `noResponseRetries`), and only then rolls back, so
 * a deadlock victim that kept its locks until then stalled every other transaction behind it.
 *
 * Non-transactional writes (and batches) wait for the locks of the documents they write, as in the
 * official emulator and Cloud Firestore: a transaction's read lock blocks them until it ends. Such a
 * writer cannot give way, so when it would close a cycle or has waited `lockTimeoutMs`, the
 * transaction in its way is doomed instead (its commit fails ABORTED and the SDK retries): a client
 * that awaits a write to a document its own open transaction has read stalls for that long, not
 * forever (the official emulator waits for the transaction to expire).
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

  /**
   * Open transactions, held locks and queued lock requests; lets tests check that a failed
   * transaction released its locks, and wait until a request is queued.
   */
  stats(): { active: number; locks: number; waiting: number } {
    let waiting = 0;
    for (const l of this.lockTable.values()) waiting += l.queue.length;
    return { active: this.active.size, locks: this.lockTable.size, waiting };
  }

  /** @throws INVALID_ARGUMENT when the id is unknown, finished or expired. */
  get(id: Buffer | undefined): Transaction {
    this.expireIdle();
    const tx = id && id.length > 0 ? this.active.get(Buffer.from(id).toString('base64')) : undefined;
    if (!tx || tx.state !== TxState.ACTIVE) throw invalidArgument(EXPIRED_MESSAGE);
    tx.lastUsed = Date.now();
    return tx;
  }

  /**
   * Locks `paths` for `tx` (in a stable order, to keep lock order consistent) and records the reads.
   * Afterwards the caller reads at `tx.readTime`: set if the transaction was doomed on the way.
   */
  async read(tx: Transaction, paths: readonly string[]): Promise<void> {
    if (!tx.readOnly) for (const p of [...paths].sort()) if (!tx.doomed) await this.acquire(tx, p);
    for (const p of paths) if (!tx.reads.has(p)) tx.reads.set(p, this.store.lastChanged(p));
  }

  /** Locks the documents a commit writes. @throws ABORTED when the transaction is or becomes doomed. */
  async lockWrites(tx: Transaction, paths: readonly string[]): Promise<void> {
    for (const p of [...new Set(paths)].sort()) {
      if (tx.doomed) break;
      await this.acquire(tx, p);
    }
    if (tx.doomed) throw aborted(CONTENTION_MESSAGE);
  }

  /**
   * Takes the locks a non-transactional write of `paths` needs; apply the write without awaiting
   * anything, then `finish()` the returned writer. Resolves at once, holding nothing (undefined),
   * when no path is locked: nothing can interleave before the caller's synchronous apply.
   */
  async lockForWrite(paths: readonly string[]): Promise<Transaction | undefined> {
    const sorted = [...new Set(paths)].sort();
    if (!sorted.some((p) => this.lockTable.has(p))) return undefined;
    const writer = new Transaction(randomBytes(16), false, undefined, true);
    for (const p of sorted) await this.acquire(writer, p);
    return writer;
  }

  /**
   * Checks that `tx` may commit: not finished, not doomed, and nothing it read has changed since
   * (only non-transactional writes can do that to a document it holds locked).
   * @throws INVALID_ARGUMENT (finished) / ABORTED
   */
  validate(tx: Transaction): void {
    if (tx.state !== TxState.ACTIVE) throw invalidArgument(EXPIRED_MESSAGE);
    if (tx.doomed) throw aborted(CONTENTION_MESSAGE);
    for (const [path, seen] of tx.reads) if (this.store.lastChanged(path) !== seen) throw aborted(CONTENTION_MESSAGE);
  }

  /** Ends a transaction (commit or rollback) and hands its locks to the next waiters. */
  finish(tx: Transaction): void {
    tx.state = TxState.DONE;
    this.active.delete(tx.id.toString('base64'));
    for (const path of tx.locks) this.release(path);
    tx.locks.clear();
  }

  /** Takes the lock on `path` for `tx`, waiting behind its holder; resolves doomed instead of deadlocking or waiting forever. */
  private acquire(tx: Transaction, path: string): Promise<void> {
    const lock = this.lockTable.get(path);
    if (!lock) {
      this.lockTable.set(path, { holder: tx, queue: [] });
      tx.locks.add(path);
      return Promise.resolve();
    }
    if (lock.holder === tx) return Promise.resolve();
    // Would waiting close a cycle in the wait-for graph? Then the requester gives way; a writer
    // cannot, so the first transaction on the cycle does, and the writer asks again.
    const cycle = this.cycleThrough(tx, lock.holder);
    if (cycle) {
      if (!tx.writer) {
        this.doom(tx);
        return Promise.resolve();
      }
      this.doom(cycle.find((t) => !t.writer)!);
      return this.acquire(tx, path);
    }
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout;
      const onTimeout = () => {
        if (tx.writer) {
          // Wound the transaction in the way (a writer ahead in the queue finishes by itself).
          if (!lock.holder.writer) this.doom(lock.holder);
          if (tx.waitingFor === path) timer = setTimeout(onTimeout, this.options.lockTimeoutMs);
          return;
        }
        tx.cancelWait?.();
        this.doom(tx);
      };
      timer = setTimeout(onTimeout, this.options.lockTimeoutMs);
      const settle = () => {
        clearTimeout(timer);
        tx.waitingFor = undefined;
        tx.cancelWait = undefined;
      };
      tx.waitingFor = path;
      tx.cancelWait = () => {
        lock.queue = lock.queue.filter((w) => w.tx !== tx);
        settle();
        resolve();
      };
      lock.queue.push({
        tx,
        grant: () => {
          settle();
          tx.locks.add(path);
          resolve();
        },
        fail: (e) => {
          settle();
          reject(e);
        },
      });
    });
  }

  /** The transactions on the wait-for path from `holder` back to `tx`, or undefined when there is no cycle. */
  private cycleThrough(tx: Transaction, holder: Transaction): Transaction[] | undefined {
    const path: Transaction[] = [];
    for (let h: Transaction | undefined = holder; h && path.length < 10_000; ) {
      if (h === tx) return path;
      path.push(h);
      h = h.waitingFor ? this.lockTable.get(h.waitingFor)?.holder : undefined;
    }
    return undefined;
  }

  /**
   * Makes `tx` give up its locks (and any lock it is queued for) and read a snapshot from now on;
   * its commit will be ABORTED.
   */
  private doom(tx: Transaction): void {
    if (tx.doomed) return;
    tx.doomed = true;
    tx.cancelWait?.();
    // Everything it read so far was locked until now, so the state now is consistent with it.
    tx.readTime = this.clock.readTime();
    for (const path of tx.locks) this.release(path);
    tx.locks.clear();
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
