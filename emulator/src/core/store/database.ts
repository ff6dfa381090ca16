import { failedPrecondition } from '../errors.js';
import type { DatabaseId } from '../paths.js';
import { lastSegment, parentPath } from '../paths.js';
import type { Nanos } from '../time.js';
import { DocEntry } from './doc-entry.js';
import type { CommitEvent, Doc, DocChange } from './document.js';

/** The documents directly inside one collection (live ones and recent tombstones). */
export class Collection {
  readonly entries = new Map<string, DocEntry>();
  /** Number of entries whose current version exists. */
  live = 0;
  constructor(
    readonly path: string,
    readonly id: string,
  ) {}
}

export type CommitListener = (event: CommitEvent) => void;

/**
 * The document store of one database: a map of slots indexed by collection and by collection id,
 * so a query touches only the collections it reads. Every commit is applied synchronously and then
 * announced to listeners in the same tick, so a listener never sees a half-applied commit.
 */
export class DocumentStore {
  private readonly entries = new Map<string, DocEntry>();
  private readonly collections = new Map<string, Collection>();
  private readonly byCollectionId = new Map<string, Set<Collection>>();
  private readonly listeners = new Set<CommitListener>();
  /** Slots with history or tombstones, oldest write first, for pruning. */
  private pruneQueue: { entry: DocEntry; time: Nanos }[] = [];

  constructor(readonly id: DatabaseId) {}

  get size(): number {
    let n = 0;
    for (const c of this.collections.values()) n += c.live;
    return n;
  }

  get(path: string, readTime?: Nanos): Doc | null {
    return this.entries.get(path)?.at(readTime) ?? null;
  }

  /** Time of the last change to `path` (creation, update or deletion), if any is remembered. */
  lastChanged(path: string): Nanos | undefined {
    return this.entries.get(path)?.lastChanged;
  }

  collection(path: string): Collection | undefined {
    return this.collections.get(path);
  }

  /** Every collection whose id is `collectionId` (or any id, when undefined) below `parent`. */
  *collectionsUnder(parent: string, collectionId: string | undefined): Iterable<Collection> {
    const candidates = collectionId === undefined ? this.collections.values() : (this.byCollectionId.get(collectionId) ?? []);
    const prefix = parent === '' ? '' : parent + '/';
    for (const c of candidates) if (c.path.startsWith(prefix)) yield c;
  }

  /** Every collection path (live or with tombstones); used for listing collection ids. */
  allCollections(): Iterable<Collection> {
    return this.collections.values();
  }

  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies one commit's final document states atomically and notifies listeners. */
  apply(time: Nanos, changes: readonly DocChange[]): void {
    for (const change of changes) this.put(time, change.path, change.after);
    if (changes.length > 0) for (const l of this.listeners) l({ time, changes });
  }

  private put(time: Nanos, path: string, doc: Doc | null): void {
    let entry = this.entries.get(path);
    const collectionPath = parentPath(path);
    let coll = this.collections.get(collectionPath);
    if (!coll) {
      coll = new Collection(collectionPath, lastSegment(collectionPath));
      this.collections.set(collectionPath, coll);
      let set = this.byCollectionId.get(coll.id);
      if (!set) this.byCollectionId.set(coll.id, (set = new Set()));
      set.add(coll);
    }
    const wasLive = entry?.current != null;
    if (!entry) {
      entry = new DocEntry(path, collectionPath, { time, doc });
      this.entries.set(path, entry);
      coll.entries.set(lastSegment(path), entry);
    } else {
      entry.push(time, doc);
    }
    coll.live += (doc !== null ? 1 : 0) - (wasLive ? 1 : 0);
    if (entry.hasHistory || doc === null) this.pruneQueue.push({ entry, time });
  }

  /**
   * Loads documents that keep their own create and update times (import), each as a slot whose only
   * version is at its update time. Listeners are not notified: this is no commit, and it runs before
   * anyone can listen. All or nothing: nothing is stored unless every path is new and unique.
   * @throws FAILED_PRECONDITION when a path is already in the store or repeated in `docs`
   */
  restore(docs: readonly Doc[]): void {
    const seen = new Set<string>();
    for (const doc of docs) {
      if (this.entries.has(doc.path) || seen.has(doc.path))
        throw failedPrecondition(`Cannot restore ${doc.path}: the document already exists.`);
      seen.add(doc.path);
    }
    for (const doc of docs) this.put(doc.updateTime, doc.path, doc);
  }

  /** Forgets history older than `cutoff`; reads before it are refused by the caller. */
  prune(cutoff: Nanos): void {
    let i = 0;
    for (; i < this.pruneQueue.length && this.pruneQueue[i]!.time <= cutoff; i++) {
      const { entry } = this.pruneQueue[i]!;
      if (this.entries.get(entry.path) === entry && entry.prune(cutoff)) this.remove(entry);
    }
    if (i > 0) this.pruneQueue = this.pruneQueue.slice(i);
  }

  private remove(entry: DocEntry): void {
    this.entries.delete(entry.path);
    const coll = this.collections.get(entry.collectionPath);
    if (!coll) return;
    coll.entries.delete(lastSegment(entry.path));
    if (coll.entries.size === 0) {
      this.collections.delete(coll.path);
      this.byCollectionId.get(coll.id)?.delete(coll);
    }
  }

  /** Every live document, in no particular order (export, clear). */
  *allDocuments(): Iterable<Doc> {
    for (const e of this.entries.values()) if (e.current) yield e.current;
  }
}
