import type { Fields, Value as StoredValue } from '../../core/values/value.js';
import type { DocumentData } from '../../rules/decide/types.js';
import { float, int, list, map, NULL, path, str, type Value } from '../../rules/eval/values.js';

/**
 * Stored Firestore values as rules values (rules-language.md §6.1): integers stay exact (bigint),
 * references become paths relative to the service (`/databases/<db>/documents/...`), geo points
 * latlngs, vectors plain maps.
 */
export function toRulesValue(v: StoredValue): Value {
  switch (v.valueType) {
    case 'booleanValue':
      return { t: 'bool', v: v.booleanValue === true };
    case 'integerValue':
      return int(BigInt(v.integerValue ?? 0));
    case 'doubleValue':
      return float(Number(v.doubleValue));
    case 'timestampValue': {
      const ts = v.timestampValue!;
      return { t: 'timestamp', ns: BigInt(ts.seconds ?? 0) * 1_000_000_000n + BigInt(ts.nanos ?? 0) };
    }
    case 'stringValue':
      return str(v.stringValue ?? '');
    case 'bytesValue':
      return { t: 'bytes', v: new Uint8Array(v.bytesValue ?? []) };
    case 'referenceValue':
      return referencePath(v.referenceValue ?? '');
    case 'geoPointValue':
      return { t: 'latlng', lat: v.geoPointValue?.latitude ?? 0, lng: v.geoPointValue?.longitude ?? 0 };
    case 'arrayValue':
      return list((v.arrayValue?.values ?? []).map(toRulesValue));
    case 'mapValue':
      return map(toRulesData(v.mapValue?.fields ?? {}));
    default:
      return NULL;
  }
}

export const toRulesData = (fields: Fields): DocumentData =>
  new Map(Object.entries(fields).map(([k, v]) => [k, toRulesValue(v)]));

/** `projects/p/databases/d/documents/a/b` → the path `/databases/d/documents/a/b`. */
export const referencePath = (name: string): Value => path(name.split('/').slice(2));

/** JSON (ID token claims) as rules values: integral numbers are ints, like the official emulator. */
export function jsonToRulesValue(x: unknown): Value {
  if (x === null || x === undefined) return NULL;
  if (typeof x === 'boolean') return { t: 'bool', v: x };
  if (typeof x === 'number') return Number.isInteger(x) ? int(BigInt(x)) : float(x);
  if (typeof x === 'string') return str(x);
  if (Array.isArray(x)) return list(x.map(jsonToRulesValue));
  if (typeof x === 'object') return map(jsonClaims(x as Record<string, unknown>));
  return NULL;
}

export const jsonClaims = (o: Readonly<Record<string, unknown>>): ReadonlyMap<string, Value> =>
  new Map(Object.entries(o).map(([k, v]) => [k, jsonToRulesValue(v)]));
