/**
 * The page loses its streams while it listens, and writes made meanwhile must still reach it: the
 * SDK reopens its channel and resumes its targets, and the emulator must deliver everything since
 * the resume point. Two ways: FirestoreEmulator.dropConnections() (which destroys the HTTP/1.1
 * sockets of WebChannel back and forward channels as well as gRPC ones), and a restart on the same
 * port over the same data, after which the page's session ids are unknown (`Unknown SID`).
 */
import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/core/registry.js';
import { FirestoreEmulator } from '../../src/emulator.js';
import { describeEmbeddedOnly, uniqueProjectId } from '../harness.js';
import { ids } from '../conformance/listen-clients.js';
import { browserSuite } from './browser-suite.js';
import type { PageMode } from './page/page-api.js';
import { openTab, type PageTab } from './page-tab.js';

const suite = browserSuite();

const listenBackChannels = (tab: PageTab) =>
  tab.requests.filter((r) => r.startsWith('GET ') && r.includes('/Listen/channel?')).length;

describeEmbeddedOnly('a server-side connection drop', () => {
  describe.each(['streaming', 'long-polling'] as PageMode[])('%s', (mode) => {
    it('the page recovers its listener and misses no update made while it was cut off', async () => {
      const { db, admin, tab } = await suite.setup(mode);
      const emulator = suite.target.embedded!;
      const { rec } = await db.listenQuery({ collection: 'items', orderBy: [['__name__', 'asc']] });
      expect(ids(await rec.next('initial (empty) snapshot'))).toEqual([]);
      await admin.doc('items/d1').set({ v: 1 });
      await rec.until((e) => ids(e).join() === 'd1', 'd1 before any drop');

      const before = listenBackChannels(tab);
      expect(emulator.dropConnections()).toBeGreaterThan(0);
      await admin.doc('items/d2').set({ v: 1 });
      await admin.doc('items/d1').update({ v: 2 });
      const afterFirst = await rec.until(
        (e) => ids(e).join() === 'd1,d2' && e.docs[0]!.data['v'] === 2,
        'd2 and d1 v2, written while the page was cut off',
        20_000,
      );
      expect(afterFirst.docs.map((d) => d.data)).toEqual([{ v: 2 }, { v: 1 }]);
      // The page did notice: it opened its Listen channel again.
      expect(listenBackChannels(tab)).toBeGreaterThan(before);

      expect(emulator.dropConnections()).toBeGreaterThan(0);
      await admin.doc('items/d2').delete();
      await admin.doc('items/d3').set({ v: 3 });
      const final = await rec.until(
        (e) => ids(e).join() === 'd1,d3',
        'd2 deleted and d3 added during the second drop',
        20_000,
      );
      expect(final.docs.map((d) => d.data)).toEqual([{ v: 2 }, { v: 3 }]);
      expect(final.fromCache).toBe(false);
    });
  });
});

describeEmbeddedOnly('an emulator restart on the same port (every session id unknown afterwards)', () => {
  it('the page opens new channels, resumes its listener and misses no update', async () => {
    // An emulator of the test's own, over a registry that outlives it, so a second one can take
    // over its port and data.
    const registry = new Registry();
    const first = new FirestoreEmulator({ registry });
    const { port } = await first.start();
    const at = { pageOrigin: suite.pageOrigin, emulatorHost: '127.0.0.1', emulatorPort: port };
    const [listening, writing] = await Promise.all([openTab(suite.browser, at), openTab(suite.browser, at)]);
    let running = first;
    try {
      const projectId = uniqueProjectId('browser-restart');
      const db = await listening.firestore(projectId);
      // REST only, so the writes need no session of their own to survive the restart.
      const writer = await writing.firestore(projectId, 'lite');
      const { rec } = await db.listenQuery({ collection: 'items', orderBy: [['__name__', 'asc']] });
      await writer.set('items/d1', { v: 1 });
      await rec.until((e) => ids(e).join() === 'd1', 'd1 before the restart');

      await first.stop();
      running = new FirestoreEmulator({ registry, port });
      await running.start();
      await writer.set('items/d2', { v: 1 });
      await writer.update('items/d1', { v: 2 });
      const after = await rec.until(
        (e) => ids(e).join() === 'd1,d2' && e.docs[0]!.data['v'] === 2,
        'the writes made after the restart',
        20_000,
      );
      expect(after.docs.map((d) => d.data)).toEqual([{ v: 2 }, { v: 1 }]);
      // New sessions: a second Listen handshake (a POST without SID) after the first one.
      const handshakes = listening.requests.filter(
        (r) => r.startsWith('POST ') && r.includes('/Listen/channel?') && !r.includes('SID='),
      );
      expect(handshakes.length).toBeGreaterThanOrEqual(2);
    } finally {
      await listening.close();
      await writing.close();
      await running.stop();
      registry.close();
    }
  });
});
