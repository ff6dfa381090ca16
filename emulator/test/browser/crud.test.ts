/**
 * Single-document reads and writes from the browser build of the full SDK (writes over the
 * WebChannel Write stream, reads over the Listen stream), checked against firebase-admin in Node.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { expect, it } from 'vitest';
import { browserSuite } from './browser-suite.js';
import type { WireData } from './page/page-api.js';

const suite = browserSuite();

it('set then get in the page returns exactly the data, and firebase-admin reads the same document', async () => {
  const { db, admin } = await suite.setup();
  await db.set('stores/s1', { name: 'Depot', open: true, count: 3, tags: ['a', 'b'], where: { city: 'Oslo' } });
  expect(await db.get('stores/s1')).toEqual({ name: 'Depot', open: true, count: 3, tags: ['a', 'b'], where: { city: 'Oslo' } });
  expect((await admin.doc('stores/s1').get()).data()).toEqual({
    name: 'Depot',
    open: true,
    count: 3,
    tags: ['a', 'b'],
    where: { city: 'Oslo' },
  });
});

it('every value type survives page → emulator → page', async () => {
  const { db } = await suite.setup();
  const data: WireData = {
    nul: null,
    yes: true,
    int: 42,
    neg: -7,
    dbl: 3.25,
    nan: NaN,
    inf: Infinity,
    ninf: -Infinity,
    text: 'héllo ✓ 😀 \u2028',
    ts: { $timestamp: { seconds: 1_700_000_000, nanoseconds: 123_456_000 } },
    geo: { $geo: { latitude: 59.91, longitude: 10.75 } },
    bytes: { $bytes: 'AAEC/w==' },
    ref: { $ref: 'stores/other' },
    vec: { $vector: [1, 2.5, -3] },
    arr: [1, 'two', { deep: { er: [null] } }],
    map: { a: { b: { c: 'd' } }, empty: {} },
  };
  await db.set('values/all', data);
  expect(await db.get('values/all')).toEqual(data);
});

it('firebase-admin values read the same in the page (timestamps stored to the microsecond)', async () => {
  const { db, admin } = await suite.setup();
  await admin.doc('values/admin').set({ ts: new Timestamp(1_700_000_000, 123_456_789), n: 9_007_199_254_740_991 });
  expect(await db.get('values/admin')).toEqual({
    ts: { $timestamp: { seconds: 1_700_000_000, nanoseconds: 123_456_000 } },
    n: 9_007_199_254_740_991,
  });
});

it('update changes only the named fields; dotted paths reach into maps; sentinels apply on the server', async () => {
  const { db, admin } = await suite.setup();
  await db.set('stores/s1', { a: 1, m: { x: 1, y: 2 }, gone: 'soon', stock: 10 });
  await db.update('stores/s1', {
    a: 2,
    'm.y': 3,
    gone: { $deleteField: true },
    stock: { $increment: -4 },
    at: { $serverTimestamp: true },
  });
  const read = (await admin.doc('stores/s1').get()).data()!;
  expect(read).toMatchObject({ a: 2, m: { x: 1, y: 3 }, stock: 6 });
  expect(read).not.toHaveProperty('gone');
  expect(read['at']).toBeInstanceOf(Timestamp);
});

it('add() creates a document under a 20-character automatic id', async () => {
  const { db, admin } = await suite.setup();
  const path = await db.add('orders', { total: 12 });
  expect(path).toMatch(/^orders\/[A-Za-z0-9]{20}$/);
  expect((await admin.doc(path).get()).data()).toEqual({ total: 12 });
});

it('delete removes the document; a missing document reads as null', async () => {
  const { db, admin } = await suite.setup();
  await admin.doc('stores/s1').set({ a: 1 });
  expect(await db.get('stores/s1')).toEqual({ a: 1 });
  await db.remove('stores/s1');
  expect(await db.get('stores/s1')).toBeNull();
  expect((await admin.doc('stores/s1').get()).exists).toBe(false);
});

it('update on a missing document fails with not-found in the page, creates nothing, and the next write works', async () => {
  const { db, admin } = await suite.setup();
  // The error arrives as a payload on the Write channel, which the SDK then closes and reopens.
  await expect(db.update('stores/missing', { a: 1 })).rejects.toThrow(/not-found|NOT_FOUND|No document to update/);
  expect((await admin.doc('stores/missing').get()).exists).toBe(false);
  await db.set('stores/after', { ok: true });
  expect((await admin.doc('stores/after').get()).data()).toEqual({ ok: true });
});

it('a document near the 1 MiB limit, full of non-ASCII text, travels both ways intact', async () => {
  const { db, admin } = await suite.setup();
  // 3 bytes of UTF-8 and 1 UTF-16 unit per '✓', 2 units per '😀': WebChannel chunk lengths count
  // UTF-16 units, so a byte/char mix-up shows as a truncated or unparseable chunk.
  const text = '✓😀é'.repeat(90_000);
  await db.set('big/doc', { text });
  expect(((await admin.doc('big/doc').get()).data()!['text'] as string).length).toBe(text.length);
  await admin.doc('big/doc').update({ more: 'x' });
  const { rec } = await db.listenDoc('big/doc');
  const e = await rec.until((x) => x.data?.['more'] === 'x', 'the big document with the admin update');
  expect(e.data?.['text']).toBe(text);
});
