import { describe, expect, it } from 'vitest';
import { compareValues, fieldsEqual, valuesEqual } from './compare.js';
import {
  NULL_VALUE,
  arrayValue,
  doubleValue,
  integerValue,
  mapValue,
  timestampValue,
  type Value,
} from './value.js';

const int = (n: number | bigint | string): Value => integerValue(BigInt(n));
const dbl = doubleValue;
const str = (s: string): Value => ({ valueType: 'stringValue', stringValue: s });
const bool = (b: boolean): Value => ({ valueType: 'booleanValue', booleanValue: b });
const ts = (seconds: number, nanos = 0): Value => timestampValue({ seconds: String(seconds), nanos });
const bytes = (...b: number[]): Value => ({ valueType: 'bytesValue', bytesValue: Buffer.from(b) });
const DB = 'projects/p/databases/(default)/documents';
const ref = (path: string): Value => ({ valueType: 'referenceValue', referenceValue: `${DB}/${path}` });
const geo = (latitude: number, longitude: number): Value => ({
  valueType: 'geoPointValue',
  geoPointValue: { latitude, longitude },
});
const arr = (...values: Value[]): Value => arrayValue(values);
const map = (fields: Record<string, Value>): Value => mapValue(fields);
const vec = (...xs: number[]): Value => map({ __type__: str('__vector__'), value: arr(...xs.map(dbl)) });

const sign = (n: number): number => (n === 0 ? 0 : n > 0 ? 1 : -1);

/** Checks that `values` is strictly ascending, pairwise (antisymmetry and transitivity included). */
function expectAscending(values: Value[]): void {
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < values.length; j++) {
      expect(sign(compareValues(values[i]!, values[j]!)), `compare(#${i}, #${j})`).toBe(sign(i - j));
    }
  }
}

describe('compareValues: cross-type order', () => {
  it('orders null < boolean < NaN < numbers < timestamp < string < bytes < reference < geo point < array < vector < map', () => {
    expectAscending([
      NULL_VALUE,
      bool(false),
      dbl(NaN),
      dbl(-Infinity),
      int(0),
      dbl(Infinity),
      ts(0),
      str(''),
      bytes(),
      ref('a/b'),
      geo(-90, -180),
      arr(),
      vec(),
      map({}),
    ]);
  });

  it('orders a vector by type even against maps and arrays that would sort "lower"', () => {
    expect(compareValues(vec(1, 2, 3), map({}))).toBe(-1);
    expect(compareValues(vec(), arr(map({})))).toBe(1);
    // A map whose __type__ is not "__vector__" is an ordinary map.
    const notVector = map({ __type__: str('other'), value: arr() });
    expect(compareValues(vec(), notVector)).toBe(-1);
  });
});

describe('compareValues: numbers', () => {
  it('compares an int64 and a double exactly, beyond 2^53', () => {
    const two53 = 2 ** 53;
    expect(compareValues(int(2n ** 53n + 1n), dbl(two53))).toBe(1);
    expect(compareValues(dbl(two53), int(2n ** 53n + 1n))).toBe(-1);
    expect(compareValues(int(2n ** 53n), dbl(two53))).toBe(0);
    expect(compareValues(int(2n ** 53n - 1n), dbl(two53))).toBe(-1);
  });

  it('compares at the int64 extremes against doubles of the same magnitude', () => {
    const max = int(2n ** 63n - 1n);
    const min = int(-(2n ** 63n));
    expect(compareValues(max, dbl(2 ** 63))).toBe(-1); // 2^63 is not representable in int64
    expect(compareValues(dbl(2 ** 63), max)).toBe(1);
    expect(compareValues(min, dbl(-(2 ** 63)))).toBe(0);
    expect(compareValues(min, dbl(-(2 ** 64)))).toBe(1);
    expect(compareValues(max, dbl(1e300))).toBe(-1);
    expect(compareValues(min, dbl(-1e300))).toBe(1);
  });

  it('compares ints with fractional doubles on both sides of zero', () => {
    expect(compareValues(int(1), dbl(1.5))).toBe(-1);
    expect(compareValues(int(2), dbl(1.5))).toBe(1);
    expect(compareValues(int(-1), dbl(-1.5))).toBe(1);
    expect(compareValues(int(-2), dbl(-1.5))).toBe(-1);
    expect(compareValues(int(0), dbl(-0.1))).toBe(1);
    expect(compareValues(int(0), dbl(Number.MIN_VALUE))).toBe(-1);
  });

  it('treats 1 and 1.0, and -0 and 0, as equal in ordering', () => {
    expect(compareValues(int(1), dbl(1))).toBe(0);
    expect(compareValues(dbl(-0), dbl(0))).toBe(0);
    expect(compareValues(dbl(-0), int(0))).toBe(0);
    expect(compareValues(int(0), dbl(-0))).toBe(0);
  });

  it('puts NaN below every number, equal to itself', () => {
    expect(compareValues(dbl(NaN), dbl(NaN))).toBe(0);
    expect(compareValues(dbl(NaN), dbl(-Infinity))).toBe(-1);
    expect(compareValues(dbl(-Infinity), dbl(NaN))).toBe(1);
    expect(compareValues(dbl(NaN), int(-(2n ** 63n)))).toBe(-1);
    expect(compareValues(int(-(2n ** 63n)), dbl(NaN))).toBe(1);
    // …but above every boolean.
    expect(compareValues(dbl(NaN), bool(true))).toBe(1);
  });

  it('puts ±Infinity beyond every int64', () => {
    expect(compareValues(dbl(Infinity), int(2n ** 63n - 1n))).toBe(1);
    expect(compareValues(int(2n ** 63n - 1n), dbl(Infinity))).toBe(-1);
    expect(compareValues(dbl(-Infinity), int(-(2n ** 63n)))).toBe(-1);
    expect(compareValues(int(-(2n ** 63n)), dbl(-Infinity))).toBe(1);
    expect(compareValues(dbl(Infinity), dbl(Infinity))).toBe(0);
  });

  it('compares large ints exactly (no double rounding)', () => {
    expect(compareValues(int('9223372036854775807'), int('9223372036854775806'))).toBe(1);
    expect(compareValues(int(2n ** 53n + 1n), int(2n ** 53n))).toBe(1);
  });
});

describe('compareValues: other scalar types', () => {
  it('orders booleans false < true', () => {
    expectAscending([bool(false), bool(true)]);
  });

  it('orders timestamps by seconds, then nanos, including before the epoch', () => {
    expectAscending([
      ts(-62135596800),
      ts(-1, 999_999_999),
      ts(0),
      ts(0, 1),
      ts(0, 999_999_999),
      ts(1),
      ts(253402300799, 999_999_999),
    ]);
  });

  it('orders strings by UTF-8 bytes', () => {
    expectAscending([
      str(''),
      str('A'),
      str('a'),
      str('ab'),
      str('b'),
      str('\uE000'),
      str('\uFFFD'),
      str('\u{1F600}'),
    ]);
  });

  it('orders bytes as unsigned bytes, a prefix first', () => {
    expectAscending([
      bytes(),
      bytes(0),
      bytes(0, 0),
      bytes(0, 1),
      bytes(1),
      bytes(0x7f),
      bytes(0x80),
      bytes(0xff),
    ]);
  });

  it('orders references segment-wise with numeric ids first', () => {
    expectAscending([
      ref('a/__id2__'),
      ref('a/__id10__'),
      ref('a/b'),
      ref('a/b/c/d'),
      ref('a/b\u0000'),
      ref('a/c'),
      ref('b/a'),
    ]);
    // A different database sorts by its name segment.
    const other: Value = {
      valueType: 'referenceValue',
      referenceValue: 'projects/p/databases/other/documents/a/b',
    };
    expect(compareValues(ref('z/z'), other)).toBe(-1);
  });

  it('orders geo points by latitude, then longitude', () => {
    expectAscending([geo(-90, 180), geo(0, -180), geo(0, 0), geo(0, 1), geo(1, -180), geo(90, -180)]);
    expect(compareValues(geo(-0, 0), geo(0, -0))).toBe(0);
  });
});

describe('compareValues: arrays, vectors, maps', () => {
  it('compares arrays element-wise, then by length', () => {
    expectAscending([
      arr(),
      arr(NULL_VALUE),
      arr(int(1)),
      arr(int(1), int(1)),
      arr(int(1), str('a')),
      arr(int(2)),
      arr(str('')),
    ]);
    expect(compareValues(arr(int(1), dbl(2)), arr(dbl(1), int(2)))).toBe(0);
  });

  it('compares vectors by length first, then element-wise', () => {
    expectAscending([vec(), vec(100), vec(-5, 0), vec(1, 2), vec(1, 3), vec(0, 0, 0)]);
  });

  it('compares maps by sorted keys, then values, then size', () => {
    expectAscending([
      map({}),
      map({ a: int(1) }),
      map({ a: int(1), b: int(0) }),
      map({ a: int(2) }),
      map({ a: str('') }),
      map({ b: NULL_VALUE }),
    ]);
    // Key order in the object does not matter.
    expect(compareValues(map({ b: int(1), a: int(2) }), map({ a: int(2), b: int(1) }))).toBe(0);
    // Keys compare before values: {a: "z"} < {b: null} although "z" > null.
    expect(compareValues(map({ a: str('z') }), map({ b: NULL_VALUE }))).toBe(-1);
  });

  it('sorts map keys by UTF-8 bytes, not UTF-16', () => {
    // Sorted by UTF-8, the first keys are '\uFFFD' and '\uFFFD' → compare values: 1 < 2.
    const a = map({ '\u{1F600}': int(9), '\uFFFD': int(1) });
    const b = map({ '\u{1F600}': int(0), '\uFFFD': int(2) });
    expect(compareValues(a, b)).toBe(-1);
  });
});

describe('valuesEqual', () => {
  it('does not equate an integer with the same double', () => {
    expect(valuesEqual(int(1), dbl(1))).toBe(false);
    expect(valuesEqual(dbl(1), int(1))).toBe(false);
    expect(valuesEqual(int(1), int('1'))).toBe(true);
  });

  it('distinguishes -0 from 0 and equates NaN with NaN', () => {
    expect(valuesEqual(dbl(-0), dbl(0))).toBe(false);
    expect(valuesEqual(dbl(0), dbl(0))).toBe(true);
    expect(valuesEqual(dbl(NaN), dbl(NaN))).toBe(true);
  });

  it('compares nested arrays and maps strictly, in order for arrays', () => {
    expect(valuesEqual(arr(int(1), int(2)), arr(int(1), int(2)))).toBe(true);
    expect(valuesEqual(arr(int(1), int(2)), arr(int(2), int(1)))).toBe(false);
    expect(valuesEqual(arr(int(1)), arr(dbl(1)))).toBe(false);
    expect(valuesEqual(map({ a: int(1), b: str('x') }), map({ b: str('x'), a: int(1) }))).toBe(true);
    expect(valuesEqual(map({ a: int(1) }), map({ a: dbl(1) }))).toBe(false);
    expect(valuesEqual(map({ a: int(1) }), map({ a: int(1), b: NULL_VALUE }))).toBe(false);
  });

  it('compares timestamps, bytes, references, geo points and booleans by value', () => {
    expect(valuesEqual(ts(5, 1), ts(5, 1))).toBe(true);
    expect(valuesEqual(ts(5, 1), ts(5, 2))).toBe(false);
    expect(valuesEqual(bytes(1, 2), bytes(1, 2))).toBe(true);
    expect(valuesEqual(bytes(1, 2), bytes(1, 2, 0))).toBe(false);
    expect(valuesEqual(ref('a/b'), ref('a/b'))).toBe(true);
    expect(valuesEqual(ref('a/b'), ref('a/c'))).toBe(false);
    expect(valuesEqual(geo(1, 2), geo(1, 2))).toBe(true);
    expect(valuesEqual(geo(1, 2), geo(1, 3))).toBe(false);
    expect(valuesEqual(geo(1, 2), geo(2, 2))).toBe(false);
    // Unlike doubles, geo point coordinates -0 and 0 are equal (web SDK geoPointEquals uses ===).
    expect(valuesEqual(geo(-0, 0), geo(0, 0))).toBe(valuesEqual(geo(0, -0), geo(0, 0)));
    expect(valuesEqual(geo(-0, -0), geo(0, 0))).toBe(true);
    expect(valuesEqual(bool(true), bool(false))).toBe(false);
    expect(valuesEqual(NULL_VALUE, { valueType: 'nullValue', nullValue: 'NULL_VALUE' })).toBe(true);
  });

  it('never equates values of different types', () => {
    expect(valuesEqual(str(''), NULL_VALUE)).toBe(false);
    expect(valuesEqual(arr(), map({}))).toBe(false);
    expect(valuesEqual(bool(false), int(0))).toBe(false);
  });
});

describe('fieldsEqual', () => {
  it('needs the same keys with strictly equal values', () => {
    expect(fieldsEqual({ a: int(1) }, { a: int(1) })).toBe(true);
    expect(fieldsEqual({ a: int(1) }, { b: int(1) })).toBe(false);
    expect(fieldsEqual({ a: int(1) }, { a: dbl(1) })).toBe(false);
    expect(fieldsEqual({}, {})).toBe(true);
    expect(fieldsEqual({ a: int(1) }, {})).toBe(false);
  });
});
