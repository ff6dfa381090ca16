import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirestoreEmulator } from '../../src/emulator.js';
import { adminAt, exactTime, metadataPath, plain, startEmulator, tempDir } from './helpers.js';

const PROJECT = 'demo-export-round-trip';
const OTHER_PROJECT = 'demo-export-other';

/** Every value type, with the edge cases a lossy format would get wrong. */
async function everyValueType(db: FirebaseFirestore.Firestore) {
  const { Timestamp, GeoPoint, FieldValue } = await import('firebase-admin/firestore');
  return {
    null: null,
    true: true,
    false: false,
    int: 42,
    intMax: 9223372036854775807n,
    intMin: -9223372036854775808n,
    double: 3.14,
    tenth: 0.1 + 0.2,
    tiny: 5e-324,
    huge: 1.7976931348623157e308,
    nan: NaN,
    infinity: Infinity,
    negInfinity: -Infinity,
    negZero: -0,
    string: 'héllo 👋 "quoted" \\ back\nslash\u0000nul\u2028',
    empty: '',
    bytes: Buffer.from([0, 1, 2, 127, 128, 254, 255]),
    emptyBytes: Buffer.alloc(0),
    timestamp: new Timestamp(1_700_000_000, 123_456_000), // Firestore keeps microseconds
    firstInstant: new Timestamp(-62_135_596_800, 0),
    lastInstant: new Timestamp(253_402_300_799, 999_999_999),
    before1970: new Timestamp(-1, 500),
    geo: new GeoPoint(37.422, -122.084),
    geoEdges: new GeoPoint(-0, 180),
    reference: db.doc('stores/s1/items/i1'),
    array: [1, 'two', null, 2.5, { nested: [true, new Timestamp(1, 1)] }, Buffer.from('x')],
    emptyArray: [],
    map: { a: { b: { c: -0, d: 'deep' } }, 'with.dot': 1, 'with space': 2, '`tick`': 3, ключ: 4 },
    emptyMap: {},
    vector: FieldValue.vector([1, 2.5, -0, 1e-10]),
  };
}

/** Documents written (some updated, one deleted), including nested collections and a missing parent. */
const PATHS = [
  'stores/s1',
  'stores/s2',
  'stores/s1/items/i1',
  'stores/s1/items/i1/reviews/r1',
  'orphans/ghost/children/c1',
];

describe('export on stop, import on start', () => {
  let source: FirestoreEmulator;
  let restored: FirestoreEmulator;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const before = new Map<
    string,
    { data: unknown; createTime: bigint | undefined; updateTime: bigint | undefined }
  >();
  let otherBefore: unknown;
  let newestImported = 0n;

  beforeAll(async () => {
    dir = await tempDir();
    source = await startEmulator({ exportOnExit: dir.path });
    const a = await adminAt(source.hostAndPort, PROJECT);
    const everything = await everyValueType(a.db);
    await a.db.doc('stores/s1').set({ name: 'Depot', ...everything });
    await a.db.doc('stores/s2').set({ name: 'Outlet' });
    await a.db.doc('stores/s1/items/i1').set({ sku: 'A-1', values: everything });
    await a.db.doc('stores/s1/items/i1/reviews/r1').set({ stars: 5 });
    await a.db.doc('orphans/ghost/children/c1').set({ alone: true });
    await a.db.doc('stores/gone').set({ temporary: true });
    await a.db.doc('stores/gone').delete();
    // An update, so createTime and updateTime differ.
    await a.db.doc('stores/s2').update({ name: 'Outlet (renamed)' });
    for (const path of PATHS) {
      const snap = await a.db.doc(path).get();
      before.set(path, {
        data: await plain(snap.data()),
        createTime: exactTime(snap.createTime),
        updateTime: exactTime(snap.updateTime),
      });
      if (exactTime(snap.updateTime)! > newestImported) newestImported = exactTime(snap.updateTime)!;
    }
    const other = await adminAt(source.hostAndPort, OTHER_PROJECT, 'reports');
    await other.db.doc('monthly/2024-01').set({ total: 12.5 });
    otherBefore = await plain((await other.db.doc('monthly/2024-01').get()).data());
    await other.close();
    await a.close();
    await source.stop();
    restored = await startEmulator({ import: dir.path });
  });

  afterAll(async () => {
    await restored?.stop();
    await dir?.cleanup();
  });

  it('writes the metadata file where firebase-tools expects it, one file per database', async () => {
    expect(existsSync(metadataPath(dir.path))).toBe(true);
    const metadata = JSON.parse(await readFile(metadataPath(dir.path), 'utf8'));
    expect(metadata.format).toBe('storefront-firestore-export');
    expect(metadata.formatVersion).toBe(1);
    expect(metadata.emulator.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(metadata.exportTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    const byDb = Object.fromEntries(
      metadata.databases.map((d: { database: string; documents: number }) => [d.database, d.documents]),
    );
    expect(byDb).toEqual({
      [`projects/${PROJECT}/databases/(default)`]: PATHS.length,
      [`projects/${OTHER_PROJECT}/databases/reports`]: 1,
    });
  });

  it('reads back every value identically, with the same create and update times', async () => {
    const b = await adminAt(restored.hostAndPort, PROJECT);
    for (const path of PATHS) {
      const snap = await b.db.doc(path).get();
      expect(snap.exists, path).toBe(true);
      expect(
        {
          data: await plain(snap.data()),
          createTime: exactTime(snap.createTime),
          updateTime: exactTime(snap.updateTime),
        },
        path,
      ).toEqual(before.get(path));
    }
    // Spot checks that the comparison above is not vacuous.
    const s1 = (await b.db.doc('stores/s1').get()).data()!;
    expect(Object.is(s1['negZero'], -0)).toBe(true);
    expect(s1['intMax']).toBe(9223372036854775807n);
    expect(Number.isNaN(s1['nan'])).toBe(true);
    expect(s1['timestamp'].nanoseconds).toBe(123_456_000);
    const s2 = await b.db.doc('stores/s2').get();
    expect(exactTime(s2.createTime)).not.toBe(exactTime(s2.updateTime));
    expect((await b.db.doc('stores/gone').get()).exists).toBe(false);
    await b.close();
  });

  it('restores the collection structure: listings, subcollections, collection groups', async () => {
    const b = await adminAt(restored.hostAndPort, PROJECT);
    expect((await b.db.listCollections()).map((c) => c.id).sort()).toEqual(['orphans', 'stores']);
    expect((await b.db.doc('stores/s1').listCollections()).map((c) => c.id)).toEqual(['items']);
    expect((await b.db.doc('orphans/ghost').listCollections()).map((c) => c.id)).toEqual(['children']);
    expect((await b.db.doc('orphans/ghost').get()).exists).toBe(false);
    const reviews = await b.db.collectionGroup('reviews').get();
    expect(reviews.docs.map((d) => d.ref.path)).toEqual(['stores/s1/items/i1/reviews/r1']);
    const open = await b.db.collection('stores').where('name', '==', 'Outlet (renamed)').get();
    expect(open.docs.map((d) => d.id)).toEqual(['s2']);
    await b.close();
  });

  it('restores other projects and named databases', async () => {
    const other = await adminAt(restored.hostAndPort, OTHER_PROJECT, 'reports');
    expect(await plain((await other.db.doc('monthly/2024-01').get()).data())).toEqual(otherBefore);
    await other.close();
  });

  it('keeps times exact enough for preconditions, and later commits are later than anything imported', async () => {
    const b = await adminAt(restored.hostAndPort, PROJECT);
    const snap = await b.db.doc('stores/s2').get();
    const result = await b.db
      .doc('stores/s2')
      .update({ reopened: true }, { lastUpdateTime: snap.updateTime! });
    expect(exactTime(result.writeTime)! > newestImported).toBe(true);
    const created = await b.db.doc('stores/s3').create({ name: 'New' });
    expect(exactTime(created.writeTime)! > exactTime(result.writeTime)!).toBe(true);
    await b.close();
  });
});
