/**
 * Listen conformance through both Node SDKs: every scenario runs once with a firebase-admin listener
 * (one Listen stream per listener) and once with a web SDK listener (targets multiplexed on one
 * stream). Writes come from a separate firebase-admin client unless a test says otherwise, so the
 * listener only ever sees what the server pushed. Each write is followed by waiting for the event it
 * must cause before the next write, so every snapshot's docChanges are exactly one step.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../harness.js';
import { added, ids, listenFixture, modified, removed, SDKS, step } from './listen-clients.js';

const { target, setup, track } = listenFixture();

describe.each(SDKS)('Listen through %s', (sdk) => {
  it('a query listener gets the initial result, then added, modified and removed changes with their indexes', async () => {
    const { client, writer } = await setup(sdk);
    await writer.batch([
      { set: 'items/a', data: { rank: 1 } },
      { set: 'items/b', data: { rank: 2 } },
      { set: 'items/c', data: { rank: 3 } },
    ]);
    const { rec, initial: synced } = track(
      client.listenQuery({ collection: 'items', orderBy: [['rank', 'asc']] }),
    );

    // A fresh client has nothing cached: one snapshot, from the server.
    const initial = await synced('initial snapshot');
    expect(ids(initial)).toEqual(['a', 'b', 'c']);
    expect(initial.changes).toEqual([added('a', 0), added('b', 1), added('c', 2)]);
    expect(initial.fromCache).toBe(false);
    expect(initial.docs[0]).toEqual({ id: 'a', path: 'items/a', data: { rank: 1 } });

    await writer.set('items/d', { rank: 1.5 });
    let e = await rec.next('added d');
    expect(e.changes).toEqual([added('d', 1)]);
    expect(ids(e)).toEqual(['a', 'd', 'b', 'c']);

    await writer.update('items/b', { rank: 0 });
    e = await rec.next('b moved to the front');
    expect(e.changes).toEqual([modified('b', 2, 0)]);
    expect(ids(e)).toEqual(['b', 'a', 'd', 'c']);
    expect(e.docs[0]!.data).toEqual({ rank: 0 });

    await writer.update('items/a', { note: 'kept its place' });
    e = await rec.next('a modified in place');
    expect(e.changes).toEqual([modified('a', 1, 1)]);
    expect(e.docs[1]!.data).toEqual({ rank: 1, note: 'kept its place' });

    await writer.delete('items/d');
    e = await rec.next('d deleted');
    expect(e.changes).toEqual([removed('d', 2)]);
    expect(ids(e)).toEqual(['b', 'a', 'c']);
  });

  it('one commit that removes, adds and modifies raises one snapshot with changes in SDK order', async () => {
    const { client, writer } = await setup(sdk);
    await writer.batch([
      { set: 'items/a', data: { rank: 1 } },
      { set: 'items/b', data: { rank: 2 } },
      { set: 'items/c', data: { rank: 3 } },
    ]);
    const { rec, initial } = track(client.listenQuery({ collection: 'items', orderBy: [['rank', 'asc']] }));
    expect(ids(await initial('initial snapshot'))).toEqual(['a', 'b', 'c']);

    await writer.batch([
      { delete: 'items/b' },
      { set: 'items/d', data: { rank: 0 } },
      { set: 'items/c', data: { rank: 4 } },
    ]);
    const e = await rec.next('the batch');
    // Both SDKs report removals, then additions, then modifications, each index relative to the
    // result after the changes before it.
    expect(e.changes).toEqual([removed('b', 1), added('d', 0), modified('c', 2, 2)]);
    expect(ids(e)).toEqual(['d', 'a', 'c']);
  });

  it('a document leaving a filtered query because a field changed is removed from it but still exists; a deleted one is gone', async () => {
    const { client, writer } = await setup(sdk);
    await writer.batch([
      { set: 'orders/o1', data: { status: 'open' } },
      { set: 'orders/o2', data: { status: 'open' } },
      { set: 'orders/x', data: { status: 'closed' } },
    ]);
    const q = track(client.listenQuery({ collection: 'orders', where: [['status', '==', 'open']] }));
    const d1 = track(client.listenDoc('orders/o1'));
    const d2 = track(client.listenDoc('orders/o2'));
    let prev = ids(await q.initial('initial snapshot'));
    expect(prev).toEqual(['o1', 'o2']);
    expect((await d1.initial('o1 initial')).exists).toBe(true);
    expect((await d2.initial('o2 initial')).exists).toBe(true);

    await writer.update('orders/o1', { status: 'closed' });
    let e = await q.rec.next('o1 leaves the query');
    expect(e.changes).toEqual([removed('o1', 0)]);
    prev = step(prev, e);
    expect(await d1.rec.next('o1 changed')).toMatchObject({ exists: true, data: { status: 'closed' } });

    await writer.update('orders/x', { status: 'open' });
    e = await q.rec.next('x enters the query');
    expect(e.changes).toEqual([added('x', 1)]);
    expect(e.docs[1]!.data).toEqual({ status: 'open' });
    prev = step(prev, e);

    await writer.delete('orders/o2');
    e = await q.rec.next('o2 deleted');
    expect(e.changes).toEqual([removed('o2', 0)]);
    expect(step(prev, e)).toEqual(['x']);
    expect(await d2.rec.next('o2 deleted')).toMatchObject({ exists: false, data: undefined });
  });

  it('a limit query: a new document pushes another out of the window, and back in when it is deleted', async () => {
    const { client, writer } = await setup(sdk);
    await writer.batch([
      { set: 'top/a', data: { rank: 1 } },
      { set: 'top/b', data: { rank: 2 } },
      { set: 'top/c', data: { rank: 3 } },
    ]);
    const { rec, initial } = track(
      client.listenQuery({ collection: 'top', orderBy: [['rank', 'asc']], limit: 2 }),
    );
    let e = await initial('initial snapshot');
    expect(ids(e)).toEqual(['a', 'b']);
    expect(e.changes).toEqual([added('a', 0), added('b', 1)]);

    await writer.set('top/d', { rank: 0 });
    e = await rec.next('d pushes b out');
    expect(e.changes).toEqual([removed('b', 1), added('d', 0)]);
    expect(ids(e)).toEqual(['d', 'a']);

    await writer.delete('top/d');
    e = await rec.next('b back after d is deleted');
    expect(e.changes).toEqual([removed('d', 0), added('b', 1)]);
    expect(ids(e)).toEqual(['a', 'b']);
    expect(e.docs[1]!.data).toEqual({ rank: 2 });

    await writer.update('top/a', { rank: 10 });
    e = await rec.next('a moves out of the window, c moves in');
    expect(e.changes).toEqual([removed('a', 0), added('c', 1)]);
    expect(ids(e)).toEqual(['b', 'c']);

    await writer.update('top/c', { rank: 0 });
    e = await rec.next('c reordered inside the window');
    expect(e.changes).toEqual([modified('c', 1, 0)]);
    expect(ids(e)).toEqual(['c', 'b']);
  });

  it('orderBy desc listeners, with and without a limit, and limitToLast', async () => {
    const { client, writer } = await setup(sdk);
    await writer.batch([
      { set: 'prices/p1', data: { price: 10 } },
      { set: 'prices/p2', data: { price: 30 } },
      { set: 'prices/p3', data: { price: 20 } },
    ]);
    const all = track(client.listenQuery({ collection: 'prices', orderBy: [['price', 'desc']] }));
    const top2 = track(client.listenQuery({ collection: 'prices', orderBy: [['price', 'desc']], limit: 2 }));
    // limitToLast(2) of ascending order: the two most expensive, reported in ascending order.
    const last2 = track(
      client.listenQuery({ collection: 'prices', orderBy: [['price', 'asc']], limitToLast: 2 }),
    );
    expect(ids(await all.initial('all initial'))).toEqual(['p2', 'p3', 'p1']);
    expect(ids(await top2.initial('top2 initial'))).toEqual(['p2', 'p3']);
    expect(ids(await last2.initial('last2 initial'))).toEqual(['p3', 'p2']);

    await writer.set('prices/p4', { price: 25 });
    expect((await all.rec.next('p4 added')).changes).toEqual([added('p4', 1)]);
    let e = await top2.rec.next('p4 pushes p3 out of top2');
    expect(e.changes).toEqual([removed('p3', 1), added('p4', 1)]);
    expect(ids(e)).toEqual(['p2', 'p4']);
    e = await last2.rec.next('p4 pushes p3 out of last2');
    expect(e.changes).toEqual([removed('p3', 0), added('p4', 0)]);
    expect(ids(e)).toEqual(['p4', 'p2']);

    await writer.update('prices/p1', { price: 40 });
    e = await all.rec.next('p1 to the top');
    expect(e.changes).toEqual([modified('p1', 3, 0)]);
    expect(ids(e)).toEqual(['p1', 'p2', 'p4', 'p3']);
    e = await top2.rec.next('p1 enters top2');
    expect(e.changes).toEqual([removed('p4', 1), added('p1', 0)]);
    expect(ids(e)).toEqual(['p1', 'p2']);

    await writer.delete('prices/p2');
    e = await all.rec.next('p2 deleted');
    expect(e.changes).toEqual([removed('p2', 1)]);
    expect(ids(e)).toEqual(['p1', 'p4', 'p3']);
    e = await top2.rec.next('p4 back in top2');
    expect(e.changes).toEqual([removed('p2', 1), added('p4', 1)]);
    expect(ids(e)).toEqual(['p1', 'p4']);
  });

  it('a collection-group listener sees every collection with that id, at any depth, and nothing else', async () => {
    const { client, writer } = await setup(sdk);
    await writer.batch([
      { set: 'products/p1/reviews/r1', data: { stars: 5 } },
      { set: 'products/p2/reviews/r2', data: { stars: 3 } },
      { set: 'reviews/r0', data: { stars: 4 } },
      { set: 'products/p1/notes/n1', data: { stars: 1 } },
      { set: 'products/p1/reviews/r1/replies/x', data: { stars: 1 } },
    ]);
    const { rec, initial } = track(client.listenQuery({ collectionGroup: 'reviews' }));
    let e = await initial('initial snapshot');
    // Ordered by full document path.
    expect(e.docs.map((d) => d.path)).toEqual([
      'products/p1/reviews/r1',
      'products/p2/reviews/r2',
      'reviews/r0',
    ]);

    await writer.set('users/u1/reviews/r3', { stars: 2 });
    e = await rec.next('r3 added in a new parent');
    expect(e.changes).toEqual([added('r3', 3)]);
    expect(e.docs[3]!.path).toBe('users/u1/reviews/r3');

    // Neither a sibling collection nor a subcollection of a review is in the group: the next event
    // must be the one the delete below causes.
    await writer.set('products/p2/notes/n2', { stars: 5 });
    await writer.set('products/p1/reviews/r1/replies/y', { stars: 5 });
    await writer.delete('products/p2/reviews/r2');
    e = await rec.next('r2 deleted');
    expect(e.changes).toEqual([removed('r2', 1)]);
    expect(e.docs.map((d) => d.path)).toEqual([
      'products/p1/reviews/r1',
      'reviews/r0',
      'users/u1/reviews/r3',
    ]);
  });

  it('a document listener on a missing document reports exists=false, then the document once created, changed and deleted', async () => {
    const { client, writer } = await setup(sdk);
    const { rec, initial } = track(client.listenDoc('profiles/ghost'));
    expect(await initial('initial: missing')).toMatchObject({
      exists: false,
      data: undefined,
      fromCache: false,
    });

    await writer.set('profiles/ghost', { name: 'Casper' });
    expect(await rec.next('created')).toMatchObject({ exists: true, data: { name: 'Casper' } });
    await writer.update('profiles/ghost', { name: 'Casper II' });
    expect(await rec.next('updated')).toMatchObject({ exists: true, data: { name: 'Casper II' } });
    await writer.delete('profiles/ghost');
    expect(await rec.next('deleted')).toMatchObject({ exists: false, data: undefined });
    await writer.set('profiles/ghost', { name: 'Again' });
    expect(await rec.next('recreated')).toMatchObject({ exists: true, data: { name: 'Again' } });
  });

  it('changes to unrelated collections, non-matching documents and subcollections do not fire listeners', async () => {
    const { client, writer } = await setup(sdk);
    await writer.set('things/t1', { kind: 'a', n: 1 });
    const q = track(client.listenQuery({ collection: 'things', where: [['kind', '==', 'a']] }));
    const d = track(client.listenDoc('things/t1'));
    expect(ids(await q.initial('query initial'))).toEqual(['t1']);
    expect((await d.initial('doc initial')).exists).toBe(true);

    await writer.set('others/t1', { kind: 'a' });
    await writer.set('things/t2', { kind: 'b' });
    await writer.set('things/t1/sub/s1', { kind: 'a' });
    await writer.set('thingsX/t1', { kind: 'a' });
    await writer.set('a/things/things/t1', { kind: 'a' });
    // The barrier: the first event each listener raises must be for this write.
    await writer.batch([
      { set: 'things/t1', data: { kind: 'a', n: 2 } },
      { set: 'things/t3', data: { kind: 'a' } },
    ]);
    const e = await q.rec.next('the barrier write');
    expect(e.changes).toEqual([added('t3', 1), modified('t1', 0, 0)]);
    expect(await d.rec.next('the barrier write')).toMatchObject({ exists: true, data: { kind: 'a', n: 2 } });
  });

  it('unsubscribe stops events', async () => {
    const s = await setup(sdk);
    const { client, writer } = s;
    const gone = client.listenQuery({ collection: 'subs', orderBy: [['v', 'asc']] });
    const goneDoc = client.listenDoc('subs/x');
    const kept = track(client.listenQuery({ collection: 'subs' }));
    // The web SDK serves identical queries from one target: stopping one must not stop the other.
    const twin = client.listenQuery({ collection: 'subs' });
    for (const l of [gone, goneDoc, kept, twin]) await l.initial('initial');
    const before = s.stats();
    gone.stop();
    goneDoc.stop();
    twin.stop();
    // The unsubscribe reaches the server: the admin SDK cancels each listener's stream, the web SDK
    // removes the targets (the twin's is still the kept listener's) from its shared stream.
    const dropped = sdk === 'web' ? 2 : 3;
    if (before)
      await waitFor(
        () => s.stats()!.targets === before.targets - dropped,
        `the server to drop ${dropped} targets`,
      );

    await writer.set('subs/x', { v: 1 });
    const e = await kept.rec.next('kept sees the write');
    expect(e.changes).toEqual([added('x', 0)]);
    // Another round trip through the server: anything still addressed to the stopped listeners
    // would have been delivered before it.
    await writer.set('subs/y', { v: 1 });
    expect((await kept.rec.next('kept sees the second write')).changes).toEqual([added('y', 1)]);
    for (const l of [gone, goneDoc, twin]) expect(l.rec.events).toHaveLength(1);
  });

  it(`many listeners at once: each gets its own events (${sdk === 'web' ? 'one multiplexed stream' : 'one stream per listener'})`, async () => {
    const s = await setup(sdk);
    const { client, writer } = s;
    const docs = Array.from({ length: 10 }, (_, i) => track(client.listenDoc(`many/m${i}`)));
    const evens = track(
      client.listenQuery({ collection: 'many', where: [['even', '==', true]], orderBy: [['i', 'asc']] }),
    );
    const group = track(client.listenQuery({ collectionGroup: 'many' }));
    for (const d of docs) expect((await d.initial('doc initial')).exists).toBe(false);
    expect(ids(await evens.initial('evens initial'))).toEqual([]);
    expect(ids(await group.initial('group initial'))).toEqual([]);

    const stats = s.stats();
    if (stats) {
      expect(stats.targets).toBe(12);
      // The web SDK multiplexes every target of a Firestore instance on one Listen stream; the Admin
      // SDK opens one stream per listener.
      expect(stats.sessions).toBe(sdk === 'web' ? 1 : 12);
    }

    await writer.batch(
      Array.from({ length: 10 }, (_, i) => ({ set: `many/m${i}`, data: { i, even: i % 2 === 0 } })),
    );
    for (const [i, d] of docs.entries())
      expect(await d.rec.next(`m${i} created`)).toMatchObject({
        exists: true,
        data: { i, even: i % 2 === 0 },
      });
    const e = await evens.rec.next('evens after the batch');
    expect(ids(e)).toEqual(['m0', 'm2', 'm4', 'm6', 'm8']);
    expect(e.changes).toEqual([0, 1, 2, 3, 4].map((k) => added(`m${k * 2}`, k)));
    expect(ids(await group.rec.next('group after the batch'))).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${i}`),
    );

    await writer.update('many/m3', { even: true });
    expect(await docs[3]!.rec.next('m3 changed')).toMatchObject({ data: { i: 3, even: true } });
    expect((await evens.rec.next('m3 joins evens')).changes).toEqual([added('m3', 2)]);
    expect((await group.rec.next('m3 modified in group')).changes).toEqual([modified('m3', 3, 3)]);
    // Only m3's listener fired among the document listeners.
    for (const [i, d] of docs.entries()) expect(d.rec.events).toHaveLength(i === 3 ? 3 : 2);
  });

  it('clearing the database (DELETE /emulator/v1/.../documents) makes active listeners see removals', async () => {
    const { projectId, client, writer } = await setup(sdk);
    await writer.batch([
      { set: 'shelf/a', data: { n: 1 } },
      { set: 'shelf/b', data: { n: 2 } },
      { set: 'shelf/b/sub/c', data: { n: 3 } },
    ]);
    const q = track(client.listenQuery({ collection: 'shelf' }));
    const d = track(client.listenDoc('shelf/b/sub/c'));
    expect(ids(await q.initial('initial'))).toEqual(['a', 'b']);
    expect((await d.initial('initial')).exists).toBe(true);

    const res = await fetch(
      `http://${target().hostAndPort}/emulator/v1/projects/${projectId}/databases/(default)/documents`,
      {
        method: 'DELETE',
      },
    );
    expect(res.ok).toBe(true);
    const e = await q.rec.next('removals after the clear');
    expect(e.changes).toEqual([removed('a', 0), removed('b', 0)]);
    expect(e.docs).toEqual([]);
    expect(await d.rec.next('removal after the clear')).toMatchObject({ exists: false });

    // The listeners stay attached to the emptied database.
    await writer.set('shelf/z', { n: 26 });
    expect((await q.rec.next('a write after the clear')).changes).toEqual([added('z', 0)]);
  });
});

describe('a listener sees changes made by the other SDK', () => {
  it.each([
    ['admin', 'web'],
    ['web', 'admin'],
  ] as const)('%s listener, %s writer', async (listenerSdk, writerSdk) => {
    const { client, writer } = await setup(listenerSdk, writerSdk);
    const q = track(client.listenQuery({ collection: 'cross', orderBy: [['n', 'asc']] }));
    const d = track(client.listenDoc('cross/b'));
    expect(ids(await q.initial('initial'))).toEqual([]);
    expect((await d.initial('initial')).exists).toBe(false);

    await writer.set('cross/a', { n: 1 });
    expect((await q.rec.next('a added')).changes).toEqual([added('a', 0)]);
    await writer.set('cross/b', { n: 2, by: writerSdk });
    expect((await q.rec.next('b added')).changes).toEqual([added('b', 1)]);
    expect(await d.rec.next('b created')).toMatchObject({ exists: true, data: { n: 2, by: writerSdk } });
    await writer.update('cross/b', { n: 0 });
    expect((await q.rec.next('b moved')).changes).toEqual([modified('b', 1, 0)]);
    expect(await d.rec.next('b updated')).toMatchObject({ data: { n: 0, by: writerSdk } });
    await writer.batch([{ delete: 'cross/a' }, { delete: 'cross/b' }]);
    const e = await q.rec.next('both deleted');
    expect(e.changes).toEqual([removed('b', 0), removed('a', 0)]);
    expect(await d.rec.next('b deleted')).toMatchObject({ exists: false });
  });
});
