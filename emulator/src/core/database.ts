import { failedPrecondition, invalidArgument } from './errors.js';
import { WatchIndex } from './listen/watch-index.js';
import type { WatchTarget } from './listen/watch-target.js';
import type { DatabaseId } from './paths.js';
import { DocumentStore } from './store/database.js';
import type { CommitEvent, Doc, DocChange } from './store/document.js';
import type { Clock, Nanos } from './time.js';
import { TransactionManager, type TransactionOptions } from './tx/transactions.js';

/** Receives the targets of one listener that a commit touched. */
export interface CommitObserver {
  onCommit(time: Nanos, affected: ReadonlyMap<WatchTarget, DocChange[]>): void;
}

export interface DatabaseOptions extends TransactionOptions {
  /** How far back reads at a past read time may go (Cloud Firestore: one hour). */
  readonly retentionMs: number;
}

/**
 * One Firestore database: its documents, transactions and the listeners watching it. The only
 * mutable state of the emulator besides the registry of databases.
 */
export class FirestoreDatabase {
  readonly store: DocumentStore;
  readonly transactions: TransactionManager;
  private readonly index = new WatchIndex();
  private readonly observers = new Map<WatchTarget, CommitObserver>();
  readonly createdAt: Nanos;

  constructor(
    readonly id: DatabaseId,
    readonly clock: Clock,
    private readonly options: DatabaseOptions,
  ) {
    this.store = new DocumentStore(id);
    this.transactions = new TransactionManager(this.store, clock, options);
    this.store.subscribe((e) => this.dispatch(e));
    this.createdAt = clock.now();
  }

  watch(target: WatchTarget, observer: CommitObserver): void {
    this.index.add(target);
    this.observers.set(target, observer);
  }

  unwatch(target: WatchTarget): void {
    this.index.remove(target);
    this.observers.delete(target);
  }

  /**
   * Open listen targets and the sessions (streams) holding them; lets tests check that the web SDK
   * multiplexes its listeners on one stream and that an unsubscribe reaches the server.
   */
  listenStats(): { targets: number; sessions: number } {
    return { targets: this.observers.size, sessions: new Set(this.observers.values()).size };
  }

  private dispatch(event: CommitEvent): void {
    if (this.observers.size === 0) return;
    const byObserver = new Map<CommitObserver, Map<WatchTarget, DocChange[]>>();
    for (const [target, changes] of this.index.affected(event.changes)) {
      const observer = this.observers.get(target);
      if (!observer) continue;
      let m = byObserver.get(observer);
      if (!m) byObserver.set(observer, (m = new Map()));
      m.set(target, changes);
    }
    for (const [observer, affected] of byObserver) observer.onCommit(event.time, affected);
  }

  /**
   * Checks a client-supplied read time: not in the future, not older than the retained history.
   * @throws INVALID_ARGUMENT / FAILED_PRECONDITION
   */
  checkReadTime(t: Nanos): Nanos {
    const now = this.clock.readTime();
    if (t > now) throw invalidArgument('read_time cannot be in the future.');
    const oldest = this.clock.now() - BigInt(this.options.retentionMs) * 1_000_000n;
    if (t < oldest && t < this.createdAt)
      throw failedPrecondition('read_time is older than the oldest version the emulator retains (one hour).');
    return t;
  }

  /** Periodic housekeeping: drop expired history and idle transactions. */
  sweep(): void {
    this.store.prune(this.clock.now() - BigInt(this.options.retentionMs) * 1_000_000n);
    this.transactions.expireIdle();
  }

  /**
   * Loads imported documents with their original times and moves the clock past the newest of
   * them, so later commits are later than anything imported. See DocumentStore.restore.
   * @throws FAILED_PRECONDITION when a document already exists
   */
  restore(docs: readonly Doc[]): void {
    this.store.restore(docs);
    for (const d of docs) this.clock.advancePast(d.updateTime);
  }

  /** Deletes every document as one commit, so listeners see the removals. */
  clear(): void {
    this.transactions.reset();
    const changes: DocChange[] = [...this.store.allDocuments()].map((d) => ({ path: d.path, before: d, after: null }));
    if (changes.length > 0) this.store.apply(this.clock.next(), changes);
  }
}
