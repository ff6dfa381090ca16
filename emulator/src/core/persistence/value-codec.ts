import { isFirestoreError } from '../errors.js';
import { parseDocumentName } from '../paths.js';
import { fromTimestamp, toTimestamp } from '../time.js';
import type { Fields, Value } from '../values/value.js';
import { formatTimestamp, parseTimestamp } from './timestamp-text.js';

/**
 * Values in the export format (docs/export-format.md): Firestore's REST `Value` JSON, one key per
 * value, with the few spellings JSON cannot carry made explicit so every value round-trips exactly.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

/** A malformed encoded value; `path` names the field inside the document, outermost first. */
export class CodecError extends Error {
  readonly path: string[] = [];
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CodecError';
  }

  /** `field "a.b[2]": reason`, or the bare reason when the error is not inside a field. */
  describe(): string {
    if (this.path.length === 0) return this.reason;
    const where = this.path.map((p, i) => (p.startsWith('[') || i === 0 ? p : `.${p}`)).join('');
    return `field ${JSON.stringify(where)}: ${this.reason}`;
  }
}

/** The same limit normalizeValue applies to writes, so whatever was stored can be imported. */
const MAX_DEPTH = 20;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const CANONICAL_INTEGER = /^-?(0|[1-9][0-9]*)$/;

/** Finite doubles are JSON numbers (shortest round-trip form); -0, NaN and ±Infinity are strings. */
function encodeDouble(n: number): number | string {
  if (Object.is(n, -0)) return '-0';
  return Number.isFinite(n) ? n : String(n);
}

function decodeDouble(raw: unknown, what: string): number {
  if (typeof raw === 'number') return raw;
  if (raw === '-0') return -0;
  if (raw === 'NaN' || raw === 'Infinity' || raw === '-Infinity') return Number(raw);
  throw new CodecError(`${what} must be a number or one of "NaN", "Infinity", "-Infinity", "-0".`);
}

/** Encodes one stored value. Stored values are normalized, so every kind here is known. */
export function encodeValue(v: Value): JsonObject {
  switch (v.valueType) {
    case 'nullValue':
      return { nullValue: null };
    case 'booleanValue':
      return { booleanValue: v.booleanValue! };
    case 'integerValue':
      return { integerValue: v.integerValue! };
    case 'doubleValue':
      return { doubleValue: encodeDouble(v.doubleValue!) };
    case 'timestampValue':
      return { timestampValue: formatTimestamp(fromTimestamp(v.timestampValue!)) };
    case 'stringValue':
      return { stringValue: v.stringValue! };
    case 'bytesValue':
      return { bytesValue: v.bytesValue!.toString('base64') };
    case 'referenceValue':
      return { referenceValue: v.referenceValue! };
    case 'geoPointValue': {
      const { latitude = 0, longitude = 0 } = v.geoPointValue ?? {};
      return { geoPointValue: { latitude: encodeDouble(latitude), longitude: encodeDouble(longitude) } };
    }
    case 'arrayValue':
      return { arrayValue: { values: (v.arrayValue?.values ?? []).map(encodeValue) } };
    case 'mapValue':
      return { mapValue: { fields: encodeFields(v.mapValue?.fields ?? {}) } };
    default:
      throw new Error(`cannot export a value of type ${String(v.valueType)}`);
  }
}

/** Object.fromEntries defines keys as own properties, so a field named `__proto__` survives. */
export const encodeFields = (fields: Fields): JsonObject =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, encodeValue(v)]));

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Runs `fn`, prefixing any CodecError's field path with `segment`. */
function within<T>(segment: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CodecError) e.path.unshift(segment);
    throw e;
  }
}

/**
 * Decodes and validates one encoded value, applying the limits Cloud Firestore applies to writes
 * (int64 range, timestamp range, coordinates, no array directly inside an array, nesting depth).
 * @throws CodecError naming what is wrong
 */
export function decodeValue(json: unknown, depth = 0): Value {
  if (!isObject(json)) throw new CodecError('a value must be a JSON object such as {"stringValue":"x"}.');
  const keys = Object.keys(json);
  if (keys.length !== 1)
    throw new CodecError(`a value must have exactly one key, got ${JSON.stringify(keys)}.`);
  const kind = keys[0]!;
  const raw = json[kind];
  switch (kind) {
    case 'nullValue':
      if (raw !== null) throw new CodecError('nullValue must be null.');
      return { valueType: 'nullValue', nullValue: 'NULL_VALUE' };
    case 'booleanValue':
      if (typeof raw !== 'boolean') throw new CodecError('booleanValue must be true or false.');
      return { valueType: 'booleanValue', booleanValue: raw };
    case 'integerValue': {
      if (
        typeof raw !== 'string' ||
        !CANONICAL_INTEGER.test(raw) ||
        BigInt(raw) < INT64_MIN ||
        BigInt(raw) > INT64_MAX
      )
        throw new CodecError('integerValue must be a decimal string in the int64 range.');
      return { valueType: 'integerValue', integerValue: raw === '-0' ? '0' : raw };
    }
    case 'doubleValue':
      return { valueType: 'doubleValue', doubleValue: decodeDouble(raw, 'doubleValue') };
    case 'timestampValue': {
      const t = typeof raw === 'string' ? parseTimestamp(raw) : undefined;
      if (t === undefined)
        throw new CodecError(
          'timestampValue must be like "2024-05-01T12:00:00.123456789Z", years 0001 to 9999.',
        );
      return { valueType: 'timestampValue', timestampValue: toTimestamp(t) };
    }
    case 'stringValue':
      if (typeof raw !== 'string') throw new CodecError('stringValue must be a string.');
      return { valueType: 'stringValue', stringValue: raw };
    case 'bytesValue': {
      const bytes = typeof raw === 'string' ? Buffer.from(raw, 'base64') : undefined;
      // Buffer.from skips characters outside the alphabet; re-encoding catches any that were there.
      if (bytes === undefined || bytes.toString('base64') !== raw)
        throw new CodecError('bytesValue must be padded base64.');
      return { valueType: 'bytesValue', bytesValue: bytes };
    }
    case 'referenceValue':
      try {
        parseDocumentName(raw);
      } catch (e) {
        throw new CodecError(`referenceValue: ${isFirestoreError(e) ? e.message : String(e)}`);
      }
      return { valueType: 'referenceValue', referenceValue: raw as string };
    case 'geoPointValue': {
      if (!isObject(raw) || Object.keys(raw).length !== 2)
        throw new CodecError('geoPointValue must be {"latitude": …, "longitude": …}.');
      const latitude = decodeDouble(raw['latitude'], 'latitude');
      const longitude = decodeDouble(raw['longitude'], 'longitude');
      if (!(latitude >= -90 && latitude <= 90))
        throw new CodecError('latitude must be in the range of [-90, 90].');
      if (!(longitude >= -180 && longitude <= 180))
        throw new CodecError('longitude must be in the range of [-180, 180].');
      return { valueType: 'geoPointValue', geoPointValue: { latitude, longitude } };
    }
    case 'arrayValue': {
      if (depth >= MAX_DEPTH) throw new CodecError(`value exceeds the maximum depth of ${MAX_DEPTH}.`);
      const values =
        isObject(raw) && Object.keys(raw).every((k) => k === 'values') ? (raw['values'] ?? []) : undefined;
      if (!Array.isArray(values)) throw new CodecError('arrayValue must be {"values": [ … ]}.');
      return {
        valueType: 'arrayValue',
        arrayValue: {
          values: values.map((e, i) =>
            within(`[${i}]`, () => {
              const v = decodeValue(e, depth + 1);
              if (v.valueType === 'arrayValue')
                throw new CodecError('an array cannot directly contain an array.');
              return v;
            }),
          ),
        },
      };
    }
    case 'mapValue': {
      if (depth >= MAX_DEPTH) throw new CodecError(`value exceeds the maximum depth of ${MAX_DEPTH}.`);
      const fields =
        isObject(raw) && Object.keys(raw).every((k) => k === 'fields') ? (raw['fields'] ?? {}) : undefined;
      return {
        valueType: 'mapValue',
        mapValue: { fields: decodeFields(fields, depth + 1, 'mapValue must be {"fields": { … }}.') },
      };
    }
    default:
      throw new CodecError(`unknown value type ${JSON.stringify(kind)}.`);
  }
}

/**
 * Decodes a document's (or map's) fields.
 * @throws CodecError
 */
export function decodeFields(json: unknown, depth = 0, shape = '"fields" must be a JSON object.'): Fields {
  if (!isObject(json)) throw new CodecError(shape);
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => {
      if (key === '') throw new CodecError('field names must not be empty.');
      return [key, within(key, () => decodeValue(value, depth))];
    }),
  );
}
