import { invalidArgument } from '../errors.js';
import { parseDocumentName } from '../paths.js';
import { fromTimestamp, toTimestamp } from '../time.js';
import type { Fields, Value } from './value.js';

const MAX_DEPTH = 20;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const KINDS = [
  'nullValue',
  'booleanValue',
  'integerValue',
  'doubleValue',
  'timestampValue',
  'stringValue',
  'bytesValue',
  'referenceValue',
  'geoPointValue',
  'arrayValue',
  'mapValue',
] as const;

type Loose = Record<string, unknown>;

// proto3 JSON: int64 is a decimal string (or a JSON number); BigInt() alone would also take hex,
// '' and booleans.
const INT64_TEXT = /^-?\d+$/;
// proto3 JSON: a double may be a number, a numeric string (exponents allowed) or NaN/±Infinity.
const DOUBLE_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseInt64(raw: unknown): bigint {
  if (typeof raw === 'bigint') return raw;
  if (typeof raw === 'number' && Number.isInteger(raw)) return BigInt(raw);
  if (typeof raw === 'string' && INT64_TEXT.test(raw)) return BigInt(raw);
  throw invalidArgument(`Invalid integerValue: ${String(raw)}`);
}

function parseDouble(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (raw === 'NaN' || raw === 'Infinity' || raw === '-Infinity') return Number(raw);
  if (typeof raw === 'string' && DOUBLE_TEXT.test(raw)) return Number(raw);
  throw invalidArgument(`Invalid doubleValue: ${String(raw)}`);
}

function kindOf(v: Loose): (typeof KINDS)[number] {
  const declared = v['valueType'];
  if (typeof declared === 'string') {
    if ((KINDS as readonly string[]).includes(declared)) return declared as (typeof KINDS)[number];
    throw invalidArgument(`Value type ${declared} is not supported in documents.`);
  }
  const present = KINDS.filter((k) => v[k] !== undefined);
  if (present.length !== 1) {
    throw invalidArgument(present.length === 0 ? 'Value must have a value type set.' : 'Value has more than one value type set.');
  }
  return present[0]!;
}

/**
 * Validates a value from a request and returns it in the stored shape: `valueType` set, int64 as a
 * canonical decimal string, bytes as a Buffer, timestamps as `{seconds, nanos}`. Throws
 * INVALID_ARGUMENT with Cloud Firestore's wording for the limits it checks.
 */
export function normalizeValue(input: unknown, depth = 0): Value {
  if (input === null || typeof input !== 'object') throw invalidArgument('Value must be an object.');
  const v = input as Loose;
  const kind = kindOf(v);
  const raw = v[kind];
  switch (kind) {
    case 'nullValue':
      return { valueType: 'nullValue', nullValue: 'NULL_VALUE' };
    case 'booleanValue':
      if (typeof raw !== 'boolean') throw invalidArgument('booleanValue must be a boolean.');
      return { valueType: 'booleanValue', booleanValue: raw };
    case 'integerValue': {
      const n = parseInt64(raw);
      if (n < INT64_MIN || n > INT64_MAX) throw invalidArgument(`integerValue out of range: ${String(raw)}`);
      return { valueType: 'integerValue', integerValue: n.toString() };
    }
    case 'doubleValue':
      return { valueType: 'doubleValue', doubleValue: parseDouble(raw) };
    case 'timestampValue': {
      // REST clients send RFC 3339 text; gRPC sends {seconds, nanos}: fromTimestamp reads both.
      const t = fromTimestamp(raw as string | { seconds?: string; nanos?: number });
      // Cloud Firestore stores timestamps with microsecond precision: finer digits are dropped.
      return { valueType: 'timestampValue', timestampValue: toTimestamp(t - (((t % 1000n) + 1000n) % 1000n)) };
    }
    case 'stringValue':
      if (typeof raw !== 'string') throw invalidArgument('stringValue must be a string.');
      return { valueType: 'stringValue', stringValue: raw };
    case 'bytesValue': {
      if (Buffer.isBuffer(raw)) return { valueType: 'bytesValue', bytesValue: raw };
      if (raw instanceof Uint8Array) return { valueType: 'bytesValue', bytesValue: Buffer.from(raw) };
      if (typeof raw === 'string') return { valueType: 'bytesValue', bytesValue: Buffer.from(raw, 'base64') };
      throw invalidArgument('bytesValue must be bytes.');
    }
    case 'referenceValue':
      parseDocumentName(raw);
      return { valueType: 'referenceValue', referenceValue: raw as string };
    case 'geoPointValue': {
      const g = (raw ?? {}) as { latitude?: unknown; longitude?: unknown };
      const latitude = g.latitude ?? 0;
      const longitude = g.longitude ?? 0;
      if (typeof latitude !== 'number' || !(latitude >= -90 && latitude <= 90))
        throw invalidArgument('Latitude must be in the range of [-90, 90].');
      if (typeof longitude !== 'number' || !(longitude >= -180 && longitude <= 180))
        throw invalidArgument('Longitude must be in the range of [-180, 180].');
      return { valueType: 'geoPointValue', geoPointValue: { latitude, longitude } };
    }
    case 'arrayValue': {
      if (depth >= MAX_DEPTH) throw invalidArgument(`Value exceeds the maximum allowed depth of ${MAX_DEPTH}.`);
      const list = (raw as { values?: unknown } | null)?.values ?? [];
      if (!Array.isArray(list)) throw invalidArgument('arrayValue.values must be a list.');
      const values = list.map((e) => {
        const n = normalizeValue(e, depth + 1);
        if (n.valueType === 'arrayValue') throw invalidArgument('Cannot convert an array value in an array value.');
        return n;
      });
      return { valueType: 'arrayValue', arrayValue: { values } };
    }
    case 'mapValue': {
      if (depth >= MAX_DEPTH) throw invalidArgument(`Value exceeds the maximum allowed depth of ${MAX_DEPTH}.`);
      return { valueType: 'mapValue', mapValue: { fields: normalizeFields((raw as { fields?: unknown } | null)?.fields, depth + 1) } };
    }
  }
}

/**
 * Normalizes the operand of `in`, `not-in` and `array-contains-any`: a list whose members may
 * themselves be arrays (`where('regions', 'in', [['west'], ['east']])` matches whole array fields),
 * which a stored value could not hold.
 */
export function normalizeValueList(input: unknown): Value {
  const v = input !== null && typeof input === 'object' ? (input as Loose) : undefined;
  if (!v || kindOf(v) !== 'arrayValue') return normalizeValue(input);
  const list = (v['arrayValue'] as { values?: unknown } | null)?.values ?? [];
  if (!Array.isArray(list)) throw invalidArgument('arrayValue.values must be a list.');
  return { valueType: 'arrayValue', arrayValue: { values: list.map((e) => normalizeValue(e, 1)) } };
}

/** Normalizes a document's (or map's) fields; keys must be non-empty. */
// Names like `__x__` are reserved at any depth; the one exception is a vector's `__type__` marker.
const RESERVED_NAME = /^__.+__$/;
const isVectorTypeKey = (key: string, value: unknown): boolean =>
  key === '__type__' && (value as { stringValue?: unknown } | null)?.stringValue === '__vector__';

export function normalizeFields(input: unknown, depth = 0): Fields {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw invalidArgument('Fields must be a map.');
  const out: Fields = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (key === '') throw invalidArgument('Field names must not be empty.');
    if (RESERVED_NAME.test(key) && !isVectorTypeKey(key, value))
      throw invalidArgument(`Field name "${key}" is reserved: names matching __.*__ are not allowed.`);
    out[key] = normalizeValue(value, depth);
  }
  return out;
}
