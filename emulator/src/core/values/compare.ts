import { compareUtf8, comparePaths } from './compare-strings.js';
import { TypeOrder, typeOrder, type Fields, type Value } from './value.js';

const cmp = (a: number | bigint | boolean, b: number | bigint | boolean): number => (a < b ? -1 : a > b ? 1 : 0);

const TWO_63 = 2 ** 63;

/** Exact comparison of an int64 with a double (doubles above 2^53 are not integers-in-disguise). */
function compareIntDouble(i: bigint, d: number): number {
  if (Number.isNaN(d)) return 1;
  if (d >= TWO_63) return -1;
  if (d < -TWO_63) return 1;
  const t = Math.trunc(d);
  const c = cmp(i, BigInt(t));
  if (c !== 0) return c;
  return cmp(0, d - t);
}

function compareDoubles(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return cmp(a, b); // -0 and 0 compare equal, as in Firestore
}

export function compareNumbers(a: Value, b: Value): number {
  if (a.valueType === 'integerValue') {
    const ai = BigInt(a.integerValue!);
    if (b.valueType === 'integerValue') return cmp(ai, BigInt(b.integerValue!));
    return compareIntDouble(ai, b.doubleValue!);
  }
  // `0 - x` rather than `-x`: an equal pair must give 0, not -0.
  if (b.valueType === 'integerValue') return 0 - compareIntDouble(BigInt(b.integerValue!), a.doubleValue!);
  return compareDoubles(a.doubleValue!, b.doubleValue!);
}

function compareTimestamps(a: Value, b: Value): number {
  const ta = a.timestampValue ?? {};
  const tb = b.timestampValue ?? {};
  return cmp(BigInt(ta.seconds ?? 0), BigInt(tb.seconds ?? 0)) || cmp(ta.nanos ?? 0, tb.nanos ?? 0);
}

function compareArrays(a: Value[], b: Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return cmp(a.length, b.length);
}

export const sortedKeys = (fields: Fields): string[] => Object.keys(fields).sort(compareUtf8);

function compareMaps(a: Fields, b: Fields): number {
  const ka = sortedKeys(a);
  const kb = sortedKeys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const c = compareUtf8(ka[i]!, kb[i]!) || compareValues(a[ka[i]!]!, b[kb[i]!]!);
    if (c !== 0) return c;
  }
  return cmp(ka.length, kb.length);
}

/** Vectors compare by dimension first, then element by element. */
function compareVectors(a: Value, b: Value): number {
  const va = a.mapValue?.fields?.['value']?.arrayValue?.values ?? [];
  const vb = b.mapValue?.fields?.['value']?.arrayValue?.values ?? [];
  return cmp(va.length, vb.length) || compareArrays(va, vb);
}

/** Reference values compare segment-wise on their full resource names. */
export const compareReferences = (a: string, b: string): number => comparePaths(a, b);

/** Firestore's total order over values, across types (null < bool < number < … < map). */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  const oa = typeOrder(a);
  const ob = typeOrder(b);
  if (oa !== ob) return cmp(oa, ob);
  switch (oa) {
    case TypeOrder.NULL:
      return 0;
    case TypeOrder.BOOLEAN:
      return cmp(a.booleanValue ?? false, b.booleanValue ?? false);
    case TypeOrder.NUMBER:
      return compareNumbers(a, b);
    case TypeOrder.TIMESTAMP:
      return compareTimestamps(a, b);
    case TypeOrder.STRING:
      return compareUtf8(a.stringValue ?? '', b.stringValue ?? '');
    case TypeOrder.BYTES:
      return Buffer.compare(a.bytesValue ?? Buffer.alloc(0), b.bytesValue ?? Buffer.alloc(0));
    case TypeOrder.REFERENCE:
      return compareReferences(a.referenceValue ?? '', b.referenceValue ?? '');
    case TypeOrder.GEO_POINT:
      return (
        compareDoubles(a.geoPointValue?.latitude ?? 0, b.geoPointValue?.latitude ?? 0) ||
        compareDoubles(a.geoPointValue?.longitude ?? 0, b.geoPointValue?.longitude ?? 0)
      );
    case TypeOrder.ARRAY:
      return compareArrays(a.arrayValue?.values ?? [], b.arrayValue?.values ?? []);
    case TypeOrder.VECTOR:
      return compareVectors(a, b);
    case TypeOrder.MAP:
      return compareMaps(a.mapValue?.fields ?? {}, b.mapValue?.fields ?? {});
  }
}

/**
 * Strict equality, as the clients apply it for `in`, `array-contains`, array transforms and change
 * detection: an integer never equals a double, -0 differs from 0, NaN equals NaN.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.valueType !== b.valueType) return false;
  switch (a.valueType) {
    case 'nullValue':
      return true;
    case 'booleanValue':
      return a.booleanValue === b.booleanValue;
    case 'integerValue':
      return BigInt(a.integerValue!) === BigInt(b.integerValue!);
    case 'doubleValue':
      return Object.is(a.doubleValue, b.doubleValue);
    case 'stringValue':
      return a.stringValue === b.stringValue;
    case 'referenceValue':
      return a.referenceValue === b.referenceValue;
    case 'arrayValue': {
      const va = a.arrayValue?.values ?? [];
      const vb = b.arrayValue?.values ?? [];
      return va.length === vb.length && va.every((v, i) => valuesEqual(v, vb[i]!));
    }
    case 'mapValue':
      return fieldsEqual(a.mapValue?.fields ?? {}, b.mapValue?.fields ?? {});
    default:
      // Timestamps, bytes and geo points: equal exactly when they compare equal. Geo points with
      // -0 and 0 are equal in both coordinates, as in the web SDK's geoPointEquals.
      return compareValues(a, b) === 0;
  }
}

export function fieldsEqual(a: Fields, b: Fields): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] !== undefined && valuesEqual(a[k]!, b[k]!));
}
