/**
 * Every Firestore value type written by one SDK reads back exactly through the other (and itself):
 * the emulator must store what the client encoded and return it bit for bit. Admin reads integers
 * as bigint (useBigInt), so integer-vs-double survives the trip; the web SDK has only numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import {
  Bin,
  Geo,
  Ref,
  Ts,
  Vec,
  adminDriver,
  freshId,
  webDriver,
  type Driver,
  type Neutral,
  type NeutralMap,
  type SdkName,
} from './sdk-driver.js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Values any SDK can write, grouped by type; each group becomes one document. */
const GROUPS: Record<string, NeutralMap> = {
  nullAndBool: { n: null, t: true, f: false },
  integers: { zero: 0n, one: 1n, minusOne: -1n, maxSafe: SAFE, minSafe: -SAFE, big: 1_234_567_890_123n },
  doubles: {
    half: 0.5,
    neg: -1.25,
    tiny: Number.MIN_VALUE,
    huge: Number.MAX_VALUE,
    inexact: 0.1 + 0.2,
    twoTo53: 2 ** 53,
    nan: NaN,
    negZero: -0,
    inf: Infinity,
    negInf: -Infinity,
  },
  timestamps: {
    epoch: new Ts(0, 0),
    micros: new Ts(1_700_000_000, 123_456_000),
    preEpoch: new Ts(-1, 999_999_000),
    min: new Ts(-62_135_596_800, 0),
    max: new Ts(253_402_300_799, 999_999_000),
  },
  strings: {
    empty: '',
    ascii: 'plain text',
    latin: 'héllo wörld',
    cjk: '日本語のテキスト',
    astral: '🔥👩‍👩‍👧𝄞',
    nul: 'a\u0000b',
    combining: 'e\u0301',
    rtl: 'مرحبا',
    long: 'x'.repeat(20_000),
  },
  bytes: {
    empty: Bin.of(),
    some: Bin.of(0, 1, 2, 127, 128, 255),
    all: Bin.of(...Array.from({ length: 256 }, (_, i) => i)),
  },
  references: {
    top: new Ref('things/a'),
    nested: new Ref('things/a/sub/b'),
    unicode: new Ref('things/ü 🔥'),
  },
  geopoints: {
    origin: new Geo(0, 0),
    southWest: new Geo(-90, -180),
    northEast: new Geo(90, 180),
    place: new Geo(37.422, -122.084),
  },
  arrays: {
    empty: [],
    mixed: [1n, 'a', null, true, 2.5, new Ts(5, 6000), new Geo(1, 2)],
    ofMaps: [{ a: 1n }, { b: [1n, 2n] }, {}],
    duplicates: ['a', 'a', 1n, 1n],
  },
  maps: {
    empty: {},
    deep: { a: { b: { c: { d: { e: 'bottom' } } } } },
    oddKeys: { 'a.b': 1n, 'with space': 2n, ü: 3n, '`tick`': 4n, '🔥': 5n, '1': 6n },
    mixed: { list: [1n, { x: null }], when: new Ts(1, 1000), where: new Geo(1, 1) },
  },
  vectors: {
    ints: new Vec([1, 2, 3]),
    doubles: new Vec([0.5, -1.5, 1e-10, 1e10]),
    single: new Vec([42]),
  },
};

/** Values only firebase-admin can write exactly (integers beyond 2^53). */
const ADMIN_ONLY: NeutralMap = {
  max: INT64_MAX,
  min: INT64_MIN,
  maxMinusOne: INT64_MAX - 1n,
  beyondSafe: SAFE + 2n,
};

describe('value round-trips', () => {
  let target: EmulatorTarget;
  const drivers = {} as Record<SdkName, Driver>;
  beforeAll(async () => {
    target = await startTarget();
    const projectId = uniqueProjectId('values');
    drivers.admin = await adminDriver(projectId);
    drivers.web = await webDriver(target, projectId);
  });
  afterAll(async () => {
    await drivers.web?.close();
    await drivers.admin?.close();
    await target.stop();
  });

  const pairs: [SdkName, SdkName][] = [
    ['admin', 'admin'],
    ['admin', 'web'],
    ['web', 'admin'],
    ['web', 'web'],
  ];

  describe.each(pairs)('written by %s, read by %s', (writer, reader) => {
    it.each(Object.keys(GROUPS))('%s', async (group) => {
      const path = `${freshId('values')}/${group}`;
      const data = GROUPS[group]!;
      await drivers[writer].set(path, data);
      const back = await drivers[reader].get(path);
      expect(back).toEqual(drivers[reader].expected(data));
    });

    it('keeps -0 a negative-zero double and NaN a NaN', async () => {
      const path = `${freshId('values')}/zeros`;
      await drivers[writer].set(path, { negZero: -0, nan: NaN, posZero: 0.5 - 0.5 });
      const back = (await drivers[reader].get(path))!;
      expect(Object.is(back['negZero'], -0)).toBe(true);
      expect(Number.isNaN(back['nan'])).toBe(true);
      // 0.5 - 0.5 is +0, which both SDKs encode as the integer 0.
      expect(back['posZero']).toEqual(drivers[reader].expected(0n));
    });
  });

  it('int64 extremes round-trip exactly through firebase-admin', async () => {
    const path = `${freshId('values')}/int64`;
    await drivers.admin.set(path, ADMIN_ONLY);
    expect(await drivers.admin.get(path)).toEqual(ADMIN_ONLY);
  });

  it('the web SDK reads int64 extremes as the nearest double', async () => {
    const path = `${freshId('values')}/int64`;
    await drivers.admin.set(path, ADMIN_ONLY);
    expect(await drivers.web.get(path)).toEqual({
      // int64 max (and max - 1) round to 2^63; 2^53 + 1 rounds (to even) down to 2^53.
      max: 2 ** 63,
      min: -(2 ** 63),
      maxMinusOne: 2 ** 63,
      beyondSafe: 2 ** 53,
    });
  });

  it('integral doubles written by firebase-admin above 2^53 stay doubles, smaller ones become integers', async () => {
    const path = `${freshId('values')}/integral`;
    // The SDK decides: a safe integer is sent as integerValue, anything else as doubleValue.
    await drivers.admin.set(path, { safe: 2 ** 52, unsafe: 2 ** 60 });
    expect(await drivers.admin.get(path)).toEqual({ safe: 2n ** 52n, unsafe: 2 ** 60 });
  });

  it('truncates timestamps to microseconds', async () => {
    const path = `${freshId('values')}/nanos`;
    await drivers.admin.set(path, { t: new Ts(1_700_000_000, 123_456_789) });
    expect(await drivers.admin.get(path)).toEqual({ t: new Ts(1_700_000_000, 123_456_000) });
    expect(await drivers.web.get(path)).toEqual({ t: new Ts(1_700_000_000, 123_456_000) });
  });

  describe.each(['admin', 'web'] as const)('equality queries match each stored value [%s]', (sdk) => {
    it.each(Object.keys(GROUPS).filter((g) => g !== 'maps' && g !== 'arrays'))('%s', async (group) => {
      const col = freshId('eq');
      const data = GROUPS[group]!;
      const d = drivers[sdk];
      await d.set(`${col}/doc`, data);
      // A decoy with different values of the same fields, so a match-everything bug shows up.
      await d.set(`${col}/decoy`, {
        ...Object.fromEntries(Object.keys(data).map((k) => [k, 'decoy' as Neutral])),
      });
      for (const [field, value] of Object.entries(data)) {
        // Values of 1500 bytes and more cannot be used in a query (see below).
        if (field === 'long') continue;
        const ids = (await d.query({ from: col, where: [{ field: [field], op: '==', value }] })).map(
          (s) => s.id,
        );
        expect({ field, ids }).toEqual({ field, ids: ['doc'] });
      }
    });
  });

  it('rejects query values of 1500 bytes or more with INVALID_ARGUMENT', async () => {
    const d = drivers.admin;
    const col = freshId('long');
    await d.set(`${col}/a`, { s: 'x'.repeat(1499) });
    // The reference's limit: 1499 bytes still work, 1500 do not (index entries are capped at 1500 bytes).
    expect(
      (await d.query({ from: col, where: [{ field: 's', op: '==', value: 'x'.repeat(1499) }] })).map(
        (s) => s.id,
      ),
    ).toEqual(['a']);
    // In parallel: firebase-admin waits several seconds (client-side retry plumbing) before it surfaces a query error.
    const tooLarge = { code: 3, details: 'value for s is too large to be used in a query' };
    await Promise.all([
      ...['x'.repeat(1500), 'x'.repeat(20_000), new Bin(Buffer.alloc(1600).toString('base64'))].map((value) =>
        expect(d.query({ from: col, where: [{ field: 's', op: '==', value }] })).rejects.toMatchObject(
          tooLarge,
        ),
      ),
      expect(
        d.query({ from: col, where: [{ field: 's', op: '>', value: 'y'.repeat(1500) }] }),
      ).rejects.toMatchObject(tooLarge),
      expect(
        d.query({ from: col, where: [{ field: 's', op: 'in', value: ['y'.repeat(1500)] }] }),
      ).rejects.toMatchObject(tooLarge),
    ]);
  });
});
