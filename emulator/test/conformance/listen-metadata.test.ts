/**
 * Snapshot metadata, which only the web SDK has (firebase-admin keeps no cache and no pending
 * writes): `fromCache` turns false once the server marked the target CURRENT, and a local write is
 * shown at once with `hasPendingWrites` and again, acknowledged, once the Write stream answered.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { ids, openClient, type DocEvent, type QueryEvent, type SdkClient } from './listen-clients.js';

let target: EmulatorTarget;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target.stop();
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function clients(): Promise<{ web: SdkClient; admin: SdkClient }> {
  const projectId = uniqueProjectId('listen-meta');
  const web = await openClient('web', target, projectId);
  const admin = await openClient('admin', target, projectId);
  cleanups.push(
    () => web.close(),
    () => admin.close(),
  );
  return { web, admin };
}

function track<T extends { stop(): void }>(l: T): T {
  cleanups.push(() => l.stop());
  return l;
}

const synced = (e: QueryEvent | DocEvent) => !e.fromCache && !e.hasPendingWrites;

describe('web SDK snapshot metadata', () => {
  it('a local write is raised at once with hasPendingWrites, then again acknowledged, with the same data', async () => {
    const { web } = await clients();
    const q = track(web.listenQuery({ collection: 'carts' }, { includeMetadataChanges: true }));
    const d = track(web.listenDoc('carts/c1', { includeMetadataChanges: true }));
    expect(await q.rec.until(synced, 'query synced')).toMatchObject({ docs: [], fromCache: false });
    expect(await d.rec.until(synced, 'doc synced')).toMatchObject({ exists: false, fromCache: false });

    const written = web.set('carts/c1', { items: 2 });
    const local = await q.rec.next('the local write');
    expect(local.hasPendingWrites).toBe(true);
    expect(local.fromCache).toBe(false);
    expect(local.docs).toEqual([{ id: 'c1', path: 'carts/c1', data: { items: 2 } }]);
    expect(local.changes).toEqual([{ type: 'added', id: 'c1', oldIndex: -1, newIndex: 0 }]);
    expect(await d.rec.next('the local write')).toMatchObject({
      exists: true,
      data: { items: 2 },
      hasPendingWrites: true,
    });

    // Once the server acknowledged the write and the listener saw it, a metadata-only snapshot
    // clears hasPendingWrites; with includeMetadataChanges it is a "modified" change in place.
    const acked = await q.rec.next('the acknowledgement');
    expect(acked).toMatchObject({ hasPendingWrites: false, fromCache: false });
    expect(acked.docs).toEqual(local.docs);
    expect(acked.changes).toEqual([{ type: 'modified', id: 'c1', oldIndex: 0, newIndex: 0 }]);
    expect(await d.rec.next('the acknowledgement')).toMatchObject({
      exists: true,
      data: { items: 2 },
      hasPendingWrites: false,
    });
    await written;
  });

  it('without includeMetadataChanges a local write is raised once, as pending, and the acknowledgement is silent', async () => {
    const { web, admin } = await clients();
    const q = track(web.listenQuery({ collection: 'carts' }));
    expect(await q.rec.next('initial')).toMatchObject({
      docs: [],
      fromCache: false,
      hasPendingWrites: false,
    });
    await web.set('carts/c2', { items: 1 });
    expect(await q.rec.next('the local write')).toMatchObject({
      hasPendingWrites: true,
      changes: [{ type: 'added', id: 'c2' }],
    });
    // The next event must be the other client's change, not a repeat of the acknowledged one.
    await admin.set('carts/c3', { items: 5 });
    const e = await q.rec.next("the other client's write");
    expect(e.changes).toEqual([{ type: 'added', id: 'c3', oldIndex: -1, newIndex: 1 }]);
    expect(e.hasPendingWrites).toBe(false);
  });

  it('a serverTimestamp is null while pending and the commit time once acknowledged', async () => {
    const { web } = await clients();
    const { serverTimestamp, Timestamp } = await import('firebase/firestore');
    const d = track(web.listenDoc('stamps/s1', { includeMetadataChanges: true }));
    await d.rec.until(synced, 'doc synced');
    const before = Date.now();
    const written = web.set('stamps/s1', { at: serverTimestamp(), n: 1 });
    expect(await d.rec.next('pending')).toMatchObject({ hasPendingWrites: true, data: { at: null, n: 1 } });
    const acked = await d.rec.until((e) => !e.hasPendingWrites, 'acknowledged');
    const at = acked.data?.['at'];
    expect(at).toBeInstanceOf(Timestamp);
    expect((at as InstanceType<typeof Timestamp>).toMillis()).toBeGreaterThanOrEqual(before - 1000);
    await written;
  });

  it('fromCache is true while a listener is served from cache and false once the server has synced the query', async () => {
    const { web, admin } = await clients();
    await admin.batch([
      { set: 'shelves/a', data: { n: 1 } },
      { set: 'shelves/b', data: { n: 2 } },
      { set: 'shelves/c', data: { n: 3 } },
    ]);
    // A document listener puts shelves/b in the web SDK's cache first.
    const doc = track(web.listenDoc('shelves/b'));
    expect(await doc.rec.next('doc')).toMatchObject({ exists: true, fromCache: false });

    const q = track(
      web.listenQuery({ collection: 'shelves', orderBy: [['n', 'asc']] }, { includeMetadataChanges: true }),
    );
    // The SDK answers from its cache before the server does: only what the cache knew.
    const first = await q.rec.next('the snapshot from cache');
    expect(first).toMatchObject({ fromCache: true, hasPendingWrites: false });
    expect(ids(first)).toEqual(['b']);
    // Then the server's result (CURRENT and a global snapshot): the rest arrives as additions.
    const live = await q.rec.next('the synced snapshot');
    expect(live.fromCache).toBe(false);
    expect(ids(live)).toEqual(['a', 'b', 'c']);
    expect(live.changes).toEqual([
      { type: 'added', id: 'a', oldIndex: -1, newIndex: 0 },
      { type: 'added', id: 'c', oldIndex: -1, newIndex: 2 },
    ]);
    // Every later snapshot stays synced.
    await admin.update('shelves/a', { n: 4 });
    const e = await q.rec.next('a moved');
    expect(e).toMatchObject({ fromCache: false, hasPendingWrites: false });
    expect(ids(e)).toEqual(['b', 'c', 'a']);
  });
});

describe('web SDK write pipeline', () => {
  it('a rejected batch does not make the batches pipelined behind it apply twice', async () => {
    const { web, admin } = await clients();
    const { increment } = await import('firebase/firestore');
    await admin.set('counters/c', { n: 0 });
    const d = track(admin.listenDoc('counters/c'));
    expect(await d.rec.next('initial')).toMatchObject({ data: { n: 0 } });
    // Sent back to back on one Write stream: the first fails (no such document), which ends the
    // stream; the SDK resends the others on a new one, so the server must not have applied them.
    const results = await Promise.allSettled([
      web.update('counters/missing', { n: 1 }),
      web.update('counters/c', { n: increment(1) }),
      web.update('counters/c', { n: increment(10) }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    const final = await d.rec.until((e) => e.data?.['n'] !== 1, 'both increments');
    expect(final).toMatchObject({ data: { n: 11 } });
    // A fresh read agrees (nothing was applied after the listener's last event either).
    expect(await track(admin.listenDoc('counters/c')).rec.next('a fresh listener')).toMatchObject({
      data: { n: 11 },
    });
  });
});
