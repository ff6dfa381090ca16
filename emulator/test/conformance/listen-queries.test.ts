/**
 * Listen targets over richer queries, through both SDKs: filters documents can move in and out of,
 * cursors, limit windows over values of mixed types (the server picks the window, so its ordering
 * must be the SDKs'), large results, and writes that change nothing.
 */
import { describe, expect, it } from 'vitest';
import { added, ids, listenFixture, modified, removed, SDKS, step } from './listen-clients.js';

const { setup, track } = listenFixture();

describe.each(SDKS)('Listen queries through %s', (sdk) => {
  it('array-contains, in, != and not-in filters: documents enter and leave as their fields change', async () => {
    const { client, writer } = await setup(sdk);
    await writer.batch([
      { set: 'f/a', data: { tags: ['red', 'big'], status: 'new', n: 0 } },
      { set: 'f/b', data: { tags: ['blue'], status: 'paid', n: 1 } },
      { set: 'f/c', data: { tags: [], status: 'void', n: 2 } },
      { set: 'f/d', data: { status: 'new' } },
    ]);
    const red = track(client.listenQuery({ collection: 'f', where: [['tags', 'array-contains', 'red']] }));
    const open = track(client.listenQuery({ collection: 'f', where: [['status', 'in', ['new', 'paid']]] }));
    // `!=` and `not-in` leave out documents without the field. The web SDK orders an inequality
    // query by its field implicitly, firebase-admin's listener only by explicit orders: say it.
    const nonZero = track(
      client.listenQuery({ collection: 'f', where: [['n', '!=', 0]], orderBy: [['n', 'asc']] }),
    );
    const notVoid = track(
      client.listenQuery({ collection: 'f', where: [['status', 'not-in', ['void', 'paid']]] }),
    );
    let r = ids(await red.initial('red initial'));
    let o = ids(await open.initial('open initial'));
    let z = ids(await nonZero.initial('nonZero initial'));
    let v = ids(await notVoid.initial('notVoid initial'));
    expect([r, o, z, v]).toEqual([['a'], ['a', 'b', 'd'], ['b', 'c'], ['a', 'd']]);

    await writer.update('f/c', { tags: ['red'], status: 'paid', n: 0 });
    let e = await red.rec.next('c turns red');
    expect(e.changes).toEqual([added('c', 1)]);
    r = step(r, e);
    e = await open.rec.next('c paid');
    expect(e.changes).toEqual([added('c', 2)]);
    o = step(o, e);
    e = await nonZero.rec.next('c zero');
    expect(e.changes).toEqual([removed('c', 1)]);
    z = step(z, e);
    // c was out of notVoid (void) and stays out (paid): notVoid's next event is the next write's.

    await writer.update('f/a', { tags: ['big'], n: 5 });
    e = await red.rec.next('a not red');
    expect(e.changes).toEqual([removed('a', 0)]);
    r = step(r, e);
    e = await open.rec.next('a modified');
    expect(e.changes).toEqual([modified('a', 0, 0)]);
    e = await nonZero.rec.next('a non-zero');
    expect(e.changes).toEqual([added('a', 1)]);
    z = step(z, e);
    expect(z).toEqual(['b', 'a']);
    e = await notVoid.rec.next('a modified');
    expect(e.changes).toEqual([modified('a', 0, 0)]);
    v = step(v, e);

    expect([r, o, v]).toEqual([['c'], ['a', 'b', 'c', 'd'], ['a', 'd']]);
  });

  it('startAt / endBefore cursors bound the result as documents move', async () => {
    const { client, writer } = await setup(sdk);
    await writer.batch([1, 2, 3, 4, 5, 6].map((n) => ({ set: `c/n${n}`, data: { n } })));
    const { rec, initial } = track(
      client.listenQuery({ collection: 'c', orderBy: [['n', 'asc']], startAt: [2], endBefore: [5] }),
    );
    let prev = ids(await initial('initial'));
    expect(prev).toEqual(['n2', 'n3', 'n4']);
    await writer.update('c/n1', { n: 3.5 });
    let e = await rec.next('n1 enters');
    expect(e.changes).toEqual([added('n1', 2)]);
    prev = step(prev, e);
    await writer.update('c/n4', { n: 5 });
    e = await rec.next('n4 leaves at the exclusive end');
    expect(e.changes).toEqual([removed('n4', 3)]);
    prev = step(prev, e);
    await writer.update('c/n6', { n: 2 });
    e = await rec.next('n6 enters at the inclusive start');
    // Equal to the cursor on n: n6 sorts after n2 by name, and startAt includes both.
    expect(e.changes).toEqual([added('n6', 1)]);
    prev = step(prev, e);
    await writer.update('c/n2', { n: 1.99 });
    e = await rec.next('n2 leaves below the start');
    expect(e.changes).toEqual([removed('n2', 0)]);
    expect(step(prev, e)).toEqual(['n6', 'n3', 'n1']);
  });

  it('a limit window over values of every type follows Firestore type order', async () => {
    const { client, writer } = await setup(sdk);
    // Type order: null < booleans < NaN < numbers < strings < arrays < maps (a subset of the full order).
    const values: [string, unknown][] = [
      ['k1', 'b'],
      ['k2', null],
      ['k3', 3],
      ['k4', true],
      ['k5', { m: 1 }],
      ['k6', -1],
      ['k7', NaN],
      ['k8', false],
      ['k9', [1]],
      ['k10', 2.5],
      ['k11', 'a'],
    ];
    await writer.batch(values.map(([id, v]) => ({ set: `mixed/${id}`, data: { v } })));
    const low = track(client.listenQuery({ collection: 'mixed', orderBy: [['v', 'asc']], limit: 5 }));
    const high = track(client.listenQuery({ collection: 'mixed', orderBy: [['v', 'desc']], limit: 4 }));
    let l = await low.initial('low initial');
    expect(ids(l)).toEqual(['k2', 'k8', 'k4', 'k7', 'k6']);
    let h = await high.initial('high initial');
    expect(ids(h)).toEqual(['k5', 'k9', 'k1', 'k11']);

    await writer.delete('mixed/k2');
    l = await low.rec.next('null gone: 2.5 enters');
    expect(l.changes).toEqual([removed('k2', 0), added('k10', 4)]);
    expect(ids(l)).toEqual(['k8', 'k4', 'k7', 'k6', 'k10']);
    // An integer and a double compare by value: 3 sorts after 2.5.
    await writer.update('mixed/k5', { v: 2.75 });
    h = await high.rec.next('the map becomes a number');
    expect(h.changes).toEqual([removed('k5', 0), added('k3', 3)]);
    expect(ids(h)).toEqual(['k9', 'k1', 'k11', 'k3']);
    // 2.75 stayed out of the low window: its next event is this write's.
    await writer.update('mixed/k3', { v: 0 });
    l = await low.rec.next('0 enters the low window');
    expect(l.changes).toEqual([removed('k10', 4), added('k3', 4)]);
    expect(ids(l)).toEqual(['k8', 'k4', 'k7', 'k6', 'k3']);
    h = await high.rec.next('0 leaves the high window, 2.75 enters it');
    expect(h.changes).toEqual([removed('k3', 3), added('k5', 3)]);
    expect(ids(h)).toEqual(['k9', 'k1', 'k11', 'k5']);
  });

  it('300 documents: the initial result, then all removed by one batch', async () => {
    const { client, writer } = await setup(sdk);
    const names = Array.from({ length: 300 }, (_, i) => `d${String(i).padStart(3, '0')}`);
    await writer.batch(names.map((id, i) => ({ set: `big/${id}`, data: { i, pad: 'x'.repeat(200) } })));
    const { rec, initial } = track(client.listenQuery({ collection: 'big', orderBy: [['i', 'desc']] }));
    const first = await initial('initial');
    expect(ids(first)).toEqual([...names].reverse());
    expect(first.changes).toHaveLength(300);
    await writer.batch(names.map((id) => ({ delete: `big/${id}` })));
    const gone = await rec.next('all removed');
    expect(gone.docs).toEqual([]);
    expect(gone.changes).toHaveLength(300);
    expect(gone.changes.every((c) => c.type === 'removed' && c.oldIndex === 0)).toBe(true);
  });

  it('writes that change nothing (same data, deleting a missing document) raise no events', async () => {
    const { client, writer } = await setup(sdk);
    await writer.set('same/a', { v: 1, nested: { x: [1, 2] } });
    const q = track(client.listenQuery({ collection: 'same' }));
    const d = track(client.listenDoc('same/a'));
    await q.initial('initial');
    await d.initial('initial');
    await writer.set('same/a', { v: 1, nested: { x: [1, 2] } });
    await writer.update('same/a', { v: 1 });
    await writer.delete('same/never');
    // The barrier: the next event of each listener must be this one.
    await writer.update('same/a', { v: 2 });
    expect((await q.rec.next('the barrier')).changes).toEqual([modified('a', 0, 0)]);
    expect(await d.rec.next('the barrier')).toMatchObject({ data: { v: 2, nested: { x: [1, 2] } } });
  });

  it('a subcollection of a document that does not exist can be listened to', async () => {
    const { client, writer } = await setup(sdk);
    const q = track(client.listenQuery({ collection: 'parents/ghost/kids' }));
    const d = track(client.listenDoc('parents/ghost'));
    expect(ids(await q.initial('initial'))).toEqual([]);
    expect((await d.initial('initial')).exists).toBe(false);
    await writer.set('parents/ghost/kids/k1', { n: 1 });
    expect((await q.rec.next('kid added')).changes).toEqual([added('k1', 0)]);
    // The parent is still missing: the barrier below must be the doc listener's next event.
    await writer.set('parents/ghost', { born: true });
    expect(await d.rec.next('parent created')).toMatchObject({ exists: true, data: { born: true } });
  });
});
