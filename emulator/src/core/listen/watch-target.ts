import { parseDocumentName, type DatabaseId } from '../paths.js';
import { runQuery, withinBounds, type Query } from '../query/query.js';
import type { DocumentStore } from '../store/database.js';
import type { Doc } from '../store/document.js';
import type { Nanos } from '../time.js';
import { invalidArgument } from '../errors.js';

export type TargetSpec =
  | { readonly kind: 'documents'; readonly paths: readonly string[] }
  | { readonly kind: 'query'; readonly query: Query };

/** What one commit did to a target's view, as Listen messages will say it. */
export type TargetDelta =
  | { readonly type: 'change'; readonly doc: Doc }
  | { readonly type: 'delete' | 'remove'; readonly path: string };

export function documentsSpec(db: DatabaseId, names: readonly unknown[]): TargetSpec {
  if (names.length === 0) throw invalidArgument('A documents target must name at least one document.');
  return {
    kind: 'documents',
    paths: names.map((n) => {
      const r = parseDocumentName(n);
      if (r.db.name !== db.name) throw invalidArgument(`Document "${String(n)}" is not in database ${db.name}.`);
      return r.path;
    }),
  };
}

/**
 * A listen target's server-side view: which documents the client currently has for it, at which
 * update time. Commits are folded in incrementally; only queries with a limit or offset are re-run,
 * because a change can push another document into or out of their window.
 */
export class WatchTarget {
  /** path → updateTime of the version the client has. */
  private results = new Map<string, Nanos>();

  constructor(
    readonly id: number,
    readonly spec: TargetSpec,
  ) {}

  /** Computes the initial result set at the current state. */
  initial(store: DocumentStore): Doc[] {
    const docs = this.current(store);
    this.results = new Map(docs.map((d) => [d.path, d.updateTime]));
    return docs;
  }

  private current(store: DocumentStore): Doc[] {
    if (this.spec.kind === 'documents') return this.spec.paths.map((p) => store.get(p)).filter((d): d is Doc => d !== null);
    return runQuery(store, this.spec.query);
  }

  private get windowed(): boolean {
    return this.spec.kind === 'query' && (this.spec.query.limit !== undefined || this.spec.query.offset > 0);
  }

  /** Folds a commit's changes (already known to touch this target's scope) into the view. */
  apply(store: DocumentStore, changes: readonly { path: string; after: Doc | null }[]): TargetDelta[] {
    if (this.windowed) return this.diff(store);
    const out: TargetDelta[] = [];
    for (const { path, after } of changes) {
      const inView = this.results.has(path);
      const matches =
        after !== null &&
        (this.spec.kind === 'documents' || (this.spec.query.matches(after) && withinBounds(this.spec.query, after)));
      if (matches) {
        if (this.results.get(path) !== after.updateTime) {
          this.results.set(path, after.updateTime);
          out.push({ type: 'change', doc: after });
        }
      } else if (inView) {
        this.results.delete(path);
        out.push({ type: after === null ? 'delete' : 'remove', path });
      }
    }
    return out;
  }

  private diff(store: DocumentStore): TargetDelta[] {
    const docs = this.current(store);
    const next = new Map(docs.map((d) => [d.path, d.updateTime]));
    const out: TargetDelta[] = [];
    for (const path of this.results.keys())
      if (!next.has(path)) out.push({ type: store.get(path) === null ? 'delete' : 'remove', path });
    for (const d of docs) if (this.results.get(d.path) !== d.updateTime) out.push({ type: 'change', doc: d });
    this.results = next;
    return out;
  }
}
