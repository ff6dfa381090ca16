import type { Nanos } from '../time.js';
import type { Fields } from '../values/value.js';

/** One version of a document. Immutable once stored: writers build new objects. */
export interface Doc {
  /** Relative path, e.g. `products/p1/stock/s1`. */
  readonly path: string;
  readonly fields: Fields;
  readonly createTime: Nanos;
  readonly updateTime: Nanos;
}

/** One document's change in a commit; `before`/`after` null mean absent. */
export interface DocChange {
  readonly path: string;
  readonly before: Doc | null;
  readonly after: Doc | null;
}

export interface CommitEvent {
  readonly time: Nanos;
  readonly changes: readonly DocChange[];
}
