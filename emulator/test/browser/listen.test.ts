/**
 * onSnapshot in the browser over the WebChannel Listen stream, in both back-channel modes: streaming
 * (the default, the SDK's buffering-proxy detection on) and long-polling
 * (`experimentalForceLongPolling`). Updates come from firebase-admin in Node and from a second
 * browser context, so the listener only sees what the server pushed.
 */
import { describe, expect, it } from 'vitest';
import { added, ids, modified, removed } from '../conformance/listen-clients.js';
import { browserSuite } from './browser-suite.js';
import type { PageMode } from './page/page-api.js';

const suite = browserSuite();

const MODES: readonly { mode: PageMode; ci: string }[] = [
  { mode: 'streaming', ci: '0' },
  { mode: 'long-polling', ci: '1' },
];

describe.each(MODES)('onSnapshot, $mode', ({ mode, ci }) => {
  it('a document listener gets the server state, then each change firebase-admin makes', async () => {
    const { db, admin } = await suite.setup(mode);
    await admin.doc('stores/s1').set({ name: 'Depot', open: true });
    const { rec, stop } = await db.listenDoc('stores/s1');
    expect(await rec.next('initial snapshot')).toEqual({
      exists: true,
      data: { name: 'Depot', open: true },
      fromCache: false,
      hasPendingWrites: false,
    });

    await admin.doc('stores/s1').update({ open: false });
    expect((await rec.next('admin update')).data).toEqual({ name: 'Depot', open: false });
    await admin.doc('stores/s1').delete();
    expect(await rec.next('admin delete')).toMatchObject({ exists: false, data: undefined });
    await admin.doc('stores/s1').set({ name: 'Again' });
    expect(await rec.next('recreated')).toMatchObject({ exists: true, data: { name: 'Again' } });
    await stop();
  });

  it('a query listener sees additions, modifications and removals from firebase-admin and from another tab', async () => {
    const { db, admin, projectId, openTab } = await suite.setup(mode);
    const other = await (await openTab()).firestore(projectId, mode);
    await admin.doc('items/a').set({ rank: 1 });
    await admin.doc('items/b').set({ rank: 2 });
    const { rec } = await db.listenQuery({ collection: 'items', orderBy: [['rank', 'asc']] });
    const initial = await rec.next('initial snapshot');
    expect(ids(initial)).toEqual(['a', 'b']);
    expect(initial.changes).toEqual([added('a', 0), added('b', 1)]);
    expect(initial.fromCache).toBe(false);

    await other.set('items/c', { rank: 1.5 });
    let e = await rec.next('the other tab adds c');
    expect(e.changes).toEqual([added('c', 1)]);
    expect(ids(e)).toEqual(['a', 'c', 'b']);
    expect(e.docs[1]).toEqual({ id: 'c', path: 'items/c', data: { rank: 1.5 } });

    await admin.doc('items/b').update({ rank: 0 });
    e = await rec.next('admin moves b to the front');
    expect(e.changes).toEqual([modified('b', 2, 0)]);

    await other.remove('items/a');
    e = await rec.next('the other tab deletes a');
    expect(e.changes).toEqual([removed('a', 1)]);
    expect(ids(e)).toEqual(['b', 'c']);
  });

  it("the page's own write shows at once as pending, then as committed once the Write stream acknowledges it", async () => {
    const { db, admin } = await suite.setup(mode);
    const { rec } = await db.listenQuery({ collection: 'items' });
    expect(ids(await rec.next('initial (empty) snapshot'))).toEqual([]);
    await db.set('items/x', { v: 1 });
    const local = await rec.next('the local write');
    expect(local).toMatchObject({ hasPendingWrites: true, changes: [added('x', 0)] });
    expect((await admin.doc('items/x').get()).data()).toEqual({ v: 1 });
  });

  it(`every back channel the page opens uses CI=${ci}`, async () => {
    const { db, admin, tab } = await suite.setup(mode);
    await admin.doc('stores/s1').set({ n: 1 });
    const { rec } = await db.listenDoc('stores/s1');
    await rec.next('initial snapshot');
    await db.set('stores/s2', { n: 2 });
    await admin.doc('stores/s1').set({ n: 3 });
    await rec.until((e) => e.data?.['n'] === 3, 'the admin write');
    const modes = tab.backChannelModes();
    // At least the Listen and the Write channel; in streaming mode, the emulator's immediate first
    // byte keeps the SDK's buffering-proxy detection from switching to long-polling.
    expect(modes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(modes)).toEqual(new Set([ci]));
    expect(tab.errors).toEqual([]);
  });
});
