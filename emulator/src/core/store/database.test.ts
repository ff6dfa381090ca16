import { beforeEach, describe, expect, it } from 'vitest';
import { databaseId } from '../paths.js';
import type { Nanos } from '../time.js';
import { integerValue } from '../values/value.js';
import { DocumentStore } from './database.js';
import type { CommitEvent, Doc } from './document.js';

let store: DocumentStore;

const doc = (path: string, n: number, t: Nanos, created: Nanos = t): Doc => ({
  path,
  fields: { n: integerValue(BigInt(n)) },
  createTime: created,
  updateTime: t,
});

function write(t: Nanos, path: string, after: Doc | null): void {
  store.apply(t, [{ path, before: store.get(path), after }]);
}

beforeEach(() => {
  store = new DocumentStore(databaseId('demo-p'));
});

describe('DocumentStore', () => {
  it('reads the current version and the version as of a read time', () => {
    write(10n, 'c/a', doc('c/a', 1, 10n));
    write(20n, 'c/a', doc('c/a', 2, 20n, 10n));
    write(30n, 'c/a', null);
    expect(store.get('c/a')).toBeNull();
    expect(store.get('c/a', 9n)).toBeNull();
    expect(store.get('c/a', 10n)!.fields['n']).toEqual(integerValue(1n));
    expect(store.get('c/a', 29n)!.fields['n']).toEqual(integerValue(2n));
    expect(store.get('c/a', 30n)).toBeNull();
    expect(store.lastChanged('c/a')).toBe(30n);
  });

  it('counts live documents only', () => {
    write(1n, 'c/a', doc('c/a', 1, 1n));
    write(2n, 'c/b', doc('c/b', 1, 2n));
    write(3n, 'd/a/e/f', doc('d/a/e/f', 1, 3n));
    expect(store.size).toBe(3);
    write(4n, 'c/a', null);
    expect(store.size).toBe(2);
    write(5n, 'c/a', null);
    expect(store.size).toBe(2);
    expect([...store.allDocuments()].map((d) => d.path).sort()).toEqual(['c/b', 'd/a/e/f']);
  });

  it('finds collections by id below a parent, without matching sibling prefixes', () => {
    for (const p of ['a/x/sub/1', 'a/xy/sub/2', 'a/x/sub/1/sub/3', 'sub/4', 'a/x/other/5'])
      write(1n, p, doc(p, 1, 1n));
    const paths = (parent: string, id: string | undefined) =>
      [...store.collectionsUnder(parent, id)].map((c) => c.path).sort();
    expect(paths('', 'sub')).toEqual(['a/x/sub', 'a/x/sub/1/sub', 'a/xy/sub', 'sub']);
    expect(paths('a/x', 'sub')).toEqual(['a/x/sub', 'a/x/sub/1/sub']);
    expect(paths('a/x', undefined)).toEqual(['a/x/other', 'a/x/sub', 'a/x/sub/1/sub']);
    expect(store.collection('a/x/sub')!.id).toBe('sub');
  });

  it('notifies listeners once per commit with every change, and not for empty commits', () => {
    const events: CommitEvent[] = [];
    const unsubscribe = store.subscribe((e) => events.push(e));
    store.apply(1n, [
      { path: 'c/a', before: null, after: doc('c/a', 1, 1n) },
      { path: 'c/b', before: null, after: doc('c/b', 1, 1n) },
    ]);
    store.apply(2n, []);
    expect(events).toHaveLength(1);
    expect(events[0]!.changes.map((c) => c.path)).toEqual(['c/a', 'c/b']);
    // Listeners see the commit already applied.
    store.subscribe(() => expect(store.get('c/c')).not.toBeNull());
    unsubscribe();
    write(3n, 'c/c', doc('c/c', 1, 3n));
    expect(events).toHaveLength(1);
  });

  it('prunes history older than the cutoff but keeps what reads at the cutoff need', () => {
    write(10n, 'c/a', doc('c/a', 1, 10n));
    write(20n, 'c/a', doc('c/a', 2, 20n, 10n));
    write(30n, 'c/a', doc('c/a', 3, 30n, 10n));
    store.prune(25n);
    expect(store.get('c/a', 25n)!.fields['n']).toEqual(integerValue(2n));
    expect(store.get('c/a')!.fields['n']).toEqual(integerValue(3n));
  });

  it('drops expired tombstones and then empty collections', () => {
    write(10n, 'c/a', doc('c/a', 1, 10n));
    write(20n, 'c/a', null);
    store.prune(15n);
    expect(store.lastChanged('c/a')).toBe(20n);
    store.prune(20n);
    expect(store.lastChanged('c/a')).toBeUndefined();
    expect(store.collection('c')).toBeUndefined();
    expect([...store.allCollections()]).toEqual([]);
    // A document re-created afterwards gets a fresh slot.
    write(30n, 'c/a', doc('c/a', 4, 30n));
    expect(store.get('c/a')!.fields['n']).toEqual(integerValue(4n));
    expect(store.collection('c')!.live).toBe(1);
  });

  it('does not drop a slot re-created after its tombstone was queued', () => {
    write(10n, 'c/a', doc('c/a', 1, 10n));
    write(20n, 'c/a', null);
    write(30n, 'c/a', doc('c/a', 2, 30n));
    store.prune(40n);
    expect(store.get('c/a')!.fields['n']).toEqual(integerValue(2n));
    expect(store.size).toBe(1);
  });
});
