import { lastSegment, parentPath } from '../paths.js';
import type { DocChange } from '../store/document.js';
import type { WatchTarget } from './watch-target.js';

/**
 * Finds the targets a changed document can affect without looking at any other target: document
 * targets by path, collection queries by collection path, collection-group queries by collection id.
 * Only kind-less all-descendant queries (rare: recursive deletes) are checked on every change.
 */
export class WatchIndex {
  private readonly byDocument = new Map<string, Set<WatchTarget>>();
  private readonly byCollection = new Map<string, Set<WatchTarget>>();
  private readonly byCollectionId = new Map<string, Set<WatchTarget>>();
  private readonly unkeyed = new Set<WatchTarget>();

  private keys(t: WatchTarget): [Map<string, Set<WatchTarget>> | undefined, string[]] {
    if (t.spec.kind === 'documents') return [this.byDocument, [...t.spec.paths]];
    const q = t.spec.query;
    if (!q.allDescendants) return [this.byCollection, [q.parent.path === '' ? q.collectionId! : `${q.parent.path}/${q.collectionId!}`]];
    if (q.collectionId !== undefined) return [this.byCollectionId, [q.collectionId]];
    return [undefined, []];
  }

  add(t: WatchTarget): void {
    const [map, keys] = this.keys(t);
    if (!map) return void this.unkeyed.add(t);
    for (const k of keys) {
      let set = map.get(k);
      if (!set) map.set(k, (set = new Set()));
      set.add(t);
    }
  }

  remove(t: WatchTarget): void {
    const [map, keys] = this.keys(t);
    if (!map) return void this.unkeyed.delete(t);
    for (const k of keys) {
      const set = map.get(k);
      set?.delete(t);
      if (set?.size === 0) map.delete(k);
    }
  }

  /** Groups a commit's changes by the targets they may affect. */
  affected(changes: readonly DocChange[]): Map<WatchTarget, DocChange[]> {
    const out = new Map<WatchTarget, DocChange[]>();
    const note = (set: Set<WatchTarget> | undefined, c: DocChange) => {
      if (!set) return;
      for (const t of set) {
        let list = out.get(t);
        if (!list) out.set(t, (list = []));
        list.push(c);
      }
    };
    for (const c of changes) {
      const coll = parentPath(c.path);
      note(this.byDocument.get(c.path), c);
      note(this.byCollection.get(coll), c);
      note(this.byCollectionId.get(lastSegment(coll)), c);
      note(this.unkeyed, c);
    }
    return out;
  }
}
