import type { Nanos } from '../time.js';
import type { Doc } from './document.js';

interface Version {
  readonly time: Nanos;
  readonly doc: Doc | null;
}

/**
 * A document slot with its recent history (multi-version, so reads at a past read time and
 * read-only transactions see one consistent snapshot). Versions are in ascending time order; a
 * `null` doc is a deletion.
 */
export class DocEntry {
  private versions: Version[];

  constructor(
    readonly path: string,
    readonly collectionPath: string,
    first: Version,
  ) {
    this.versions = [first];
  }

  get current(): Doc | null {
    return this.versions[this.versions.length - 1]!.doc;
  }

  get lastChanged(): Nanos {
    return this.versions[this.versions.length - 1]!.time;
  }

  get hasHistory(): boolean {
    return this.versions.length > 1;
  }

  /** The document as of `time` (inclusive), or null when it did not exist then. */
  at(time: Nanos | undefined): Doc | null {
    if (time === undefined) return this.current;
    for (let i = this.versions.length - 1; i >= 0; i--) {
      const v = this.versions[i]!;
      if (v.time <= time) return v.doc;
    }
    return null;
  }

  push(time: Nanos, doc: Doc | null): void {
    this.versions.push({ time, doc });
  }

  /**
   * Drops versions no read can need any more: everything older than the newest version at or
   * before `cutoff`. Returns true when the slot is an expired tombstone and can be removed.
   */
  prune(cutoff: Nanos): boolean {
    let keepFrom = 0;
    for (let i = 0; i < this.versions.length; i++) if (this.versions[i]!.time <= cutoff) keepFrom = i;
    if (keepFrom > 0) this.versions = this.versions.slice(keepFrom);
    return this.versions.length === 1 && this.versions[0]!.doc === null && this.versions[0]!.time <= cutoff;
  }
}
