/**
 * count / sum / avg through RunAggregationQuery, from both SDKs. Admin reads integers as bigint, so
 * the integer-vs-double result types are asserted exactly there; the web SDK sees numbers only.
 */
import { beforeAll, expect, it } from 'vitest';
import {
  describeEachSdk,
  type Aggregation,
  type Neutral,
  type NeutralMap,
  type QuerySpec,
} from './sdk-driver.js';

const DOCS: Record<string, NeutralMap> = {
  a: { n: 1n, d: 0.5, m: 1n, g: 'p' },
  b: { n: 2n, d: 1.5, m: 0.5, g: 'p' },
  c: { n: 3n, d: 'not a number', g: 'q' },
  e: { g: 'q' },
  f: { n: null, d: true, m: [1n], g: 'r' },
};

const count: Aggregation = { kind: 'count' };
const sum = (field: string): Aggregation => ({ kind: 'sum', field });
const avg = (field: string): Aggregation => ({ kind: 'avg', field });

interface Case {
  readonly name: string;
  readonly q?: Omit<QuerySpec, 'from'>;
  readonly aggs: Record<string, Aggregation>;
  readonly result: Record<string, Neutral>;
}

const CASES: readonly Case[] = [
  { name: 'count of a collection', aggs: { c: count }, result: { c: 5n } },
  {
    name: 'count over a filter',
    q: { where: [{ field: 'g', op: '==', value: 'p' }] },
    aggs: { c: count },
    result: { c: 2n },
  },
  {
    name: 'count with a limit counts up to the limit',
    q: { limit: 3 },
    aggs: { c: count },
    result: { c: 3n },
  },
  { name: 'count with a limit above the size', q: { limit: 10 }, aggs: { c: count }, result: { c: 5n } },
  {
    name: 'count with a cursor',
    q: { orderBy: [['g']], startAfter: { values: ['p'] } },
    aggs: { c: count },
    result: { c: 3n },
  },
  {
    name: 'count of no documents is 0',
    q: { where: [{ field: 'g', op: '==', value: 'none' }] },
    aggs: { c: count },
    result: { c: 0n },
  },
  { name: 'sum of integers is an integer', aggs: { s: sum('n') }, result: { s: 6n } },
  { name: 'sum of doubles is a double, skipping non-numbers', aggs: { s: sum('d') }, result: { s: 2 } },
  { name: 'sum of integers and doubles is a double', aggs: { s: sum('m') }, result: { s: 1.5 } },
  { name: 'sum over no values is the integer 0', aggs: { s: sum('missing') }, result: { s: 0n } },
  {
    name: 'sum over no documents is the integer 0',
    q: { where: [{ field: 'g', op: '==', value: 'none' }] },
    aggs: { s: sum('n') },
    result: { s: 0n },
  },
  { name: 'avg of integers is a double', aggs: { a: avg('n') }, result: { a: 2 } },
  { name: 'avg of doubles', aggs: { a: avg('d') }, result: { a: 1 } },
  { name: 'avg over no values is null', aggs: { a: avg('missing') }, result: { a: null } },
  {
    name: 'avg over no documents is null',
    q: { where: [{ field: 'g', op: '==', value: 'none' }] },
    aggs: { a: avg('n') },
    result: { a: null },
  },
  {
    name: 'sum and avg over a filter',
    q: { where: [{ field: 'g', op: 'in', value: ['q', 'r'] }] },
    aggs: { s: sum('n'), a: avg('n') },
    result: { s: 3n, a: 3 },
  },
  {
    name: 'aggregations respect the limit',
    q: { orderBy: [['g']], limit: 2 },
    aggs: { s: sum('n'), a: avg('d') },
    result: { s: 3n, a: 1 },
  },
  {
    // Documented Firestore behaviour: with sum/avg in the request, only documents holding every
    // aggregated field take part (any value, null included), and that applies to count() in the
    // same request too: e has no n, so it is not counted.
    name: 'several aggregations in one request keep their aliases; count skips documents without the summed field',
    aggs: { total: count, sumN: sum('n'), avgN: avg('n'), sumN2: sum('n') },
    result: { total: 4n, sumN: 6n, avgN: 2, sumN2: 6n },
  },
  {
    name: 'aggregations over several fields only see documents holding all of them',
    aggs: { total: count, sumN: sum('n'), sumM: sum('m') },
    result: { total: 3n, sumN: 3n, sumM: 1.5 },
  },
  {
    // f (n: null) and e (no n) come first in this order: the existence condition applies before the limit.
    name: 'the field-existence condition of sum applies before the limit',
    q: { orderBy: [['g', 'desc']], limit: 2 },
    aggs: { total: count, sumN: sum('n') },
    result: { total: 2n, sumN: 3n },
  },
  {
    name: 'an aggregated field no document holds empties the whole request',
    aggs: { total: count, sumN: sum('n'), avgNone: avg('zzz') },
    result: { total: 0n, sumN: 0n, avgNone: null },
  },
];

describeEachSdk('aggregations', (suite, sdk) => {
  let col: string;
  beforeAll(async () => {
    const { d } = suite();
    col = suite().col('agg');
    for (const [id, data] of Object.entries(DOCS)) await d.set(`${col}/${id}`, data);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { d } = suite();
    const result = await d.aggregate({ from: col, ...c.q }, c.aggs);
    expect(result).toEqual(d.expected(c.result as NeutralMap));
  });

  it('sums negative integers and cancels exactly', async () => {
    const { d } = suite();
    const c = suite().col('neg');
    await d.set(`${c}/1`, { v: -5n });
    await d.set(`${c}/2`, { v: 5n });
    await d.set(`${c}/3`, { v: -1n });
    expect(await d.aggregate({ from: c }, { s: sum('v'), a: avg('v') })).toEqual(
      d.expected({ s: -1n, a: -1 / 3 }),
    );
  });

  it('NaN and infinities propagate through sum and avg', async () => {
    const { d } = suite();
    const nan = suite().col('nan');
    await d.set(`${nan}/1`, { v: NaN });
    await d.set(`${nan}/2`, { v: 1n });
    const r1 = await d.aggregate({ from: nan }, { s: sum('v'), a: avg('v') });
    expect(Number.isNaN(r1['s']) && Number.isNaN(r1['a'])).toBe(true);
    const inf = suite().col('inf');
    await d.set(`${inf}/1`, { v: Infinity });
    await d.set(`${inf}/2`, { v: 1n });
    expect(await d.aggregate({ from: inf }, { s: sum('v'), a: avg('v') })).toEqual({
      s: Infinity,
      a: Infinity,
    });
    await d.set(`${inf}/3`, { v: -Infinity });
    const r2 = await d.aggregate({ from: inf }, { s: sum('v') });
    expect(Number.isNaN(r2['s'])).toBe(true);
  });

  it('counts documents in a collection group', async () => {
    const { d } = suite();
    const g = suite().col('cg');
    await d.set(`${g}/1`, { v: 1n });
    await d.set(`${g}-parent/x/${g}/2`, { v: 2n });
    await d.set(`${g}-parent/y/${g}/3`, { v: 4n });
    expect(await d.aggregate({ from: g, group: true }, { c: count, s: sum('v') })).toEqual(
      d.expected({ c: 3n, s: 7n }),
    );
  });

  if (sdk === 'admin') {
    it('an int64 overflow turns the sum into a double', async () => {
      const { d } = suite();
      const c = suite().col('overflow');
      await d.set(`${c}/1`, { v: 2n ** 63n - 1n });
      await d.set(`${c}/2`, { v: 1n });
      expect(await d.aggregate({ from: c }, { s: sum('v') })).toEqual({ s: 2 ** 63 });
      await d.set(`${c}/3`, { v: -2n });
      // Back in range: an integer again (the result is computed over all inputs, not as a running sum).
      expect(await d.aggregate({ from: c }, { s: sum('v') })).toEqual({ s: 2n ** 63n - 2n });
    });
  }
});
