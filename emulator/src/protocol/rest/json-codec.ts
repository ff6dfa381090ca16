import protobuf from 'protobufjs';
import descriptor from '../../gen/firestore-descriptor.json' with { type: 'json' };
import { invalidArgument } from '../../core/errors.js';
import { fromTimestamp, parseRfc3339, toRfc3339, toTimestamp } from '../../core/time.js';

/**
 * The one converter between proto3 JSON (firestore-protocol.md §5.3: REST bodies and WebChannel
 * payloads) and the objects the service layer takes and returns, which are proto-loader's shapes
 * (service.ts LOADER_OPTIONS: int64 and enums as strings, bytes as Buffer, Timestamp as
 * {seconds, nanos}, wrappers as {value}, the name of the set member on each oneof, absent fields
 * left out). Driven by the same pruned descriptor as gRPC, so both transports see one schema.
 */
const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
root.resolveAll();

/** google.firestore.v1.Firestore: its methods name each RPC's request and response types. */
export const firestoreService = root.lookupService('google.firestore.v1.Firestore');

/** A message type of google.firestore.v1 (`CommitRequest`) or a fully qualified one. */
export function messageType(name: string): protobuf.Type {
  return root.lookupType(name.includes('.') ? name : `google.firestore.v1.${name}`);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Loaded = Record<string, unknown>;

/** protobufjs's own limit on nested messages, so REST and gRPC refuse the same depth. */
const MAX_DEPTH = 100;
const WRAPPERS = new Set(['.google.protobuf.Int32Value', '.google.protobuf.Int64Value', '.google.protobuf.DoubleValue']);
const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

/**
 * The field `key` names (its JSON name, or the proto name in snake_case). Own properties only: a
 * key like "constructor" must not find Object.prototype's.
 */
export function fieldNamed(type: protobuf.Type, key: string): protobuf.Field | undefined {
  const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return Object.hasOwn(type.fields, key) ? type.fields[key] : Object.hasOwn(type.fields, camel) ? type.fields[camel] : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What Google's JSON parser says, so REST clients see one familiar message. */
const badValue = (path: string, kind: string, value: unknown) =>
  invalidArgument(`Invalid JSON payload received. Invalid value at '${path}' (${kind}), ${JSON.stringify(value)}`);

/**
 * Parses a proto3 JSON object as message `type`. Unknown field names are rejected like Google's
 * parser does; `null` means "absent" except for google.protobuf.NullValue.
 * @throws INVALID_ARGUMENT naming the offending field path
 */
export function decodeMessage(type: protobuf.Type, json: unknown, path = '', depth = 0): Loaded {
  // As protobufjs does for gRPC: a bound on nesting keeps a hostile body from exhausting the stack.
  if (depth > MAX_DEPTH) throw invalidArgument(`Invalid JSON payload received. Messages nest deeper than ${MAX_DEPTH} levels at '${path}'.`);
  if (!isObject(json)) throw badValue(path || type.name, type.name, json);
  const out: Loaded = {};
  for (const [key, raw] of Object.entries(json)) {
    const field = fieldNamed(type, key);
    if (!field) throw invalidArgument(`Invalid JSON payload received. Unknown name "${key}"${path ? ` at '${path}'` : ''}: Cannot find field.`);
    const at = path ? `${path}.${field.name}` : field.name;
    if (raw === null && field.type !== 'google.protobuf.NullValue') continue;
    let value: unknown;
    if (field.map) {
      if (!isObject(raw)) throw badValue(at, 'map', raw);
      value = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeField(field, v, `${at}[${k}]`, depth)]));
    } else if (field.repeated) {
      if (!Array.isArray(raw)) throw badValue(at, 'repeated', raw);
      value = raw.map((v, i) => decodeField(field, v, `${at}[${i}]`, depth));
    } else value = decodeField(field, raw, at, depth);
    out[field.name] = value;
    if (field.partOf) {
      const other = out[field.partOf.name];
      if (other !== undefined && other !== field.name)
        throw invalidArgument(`Invalid JSON payload received. Oneof '${field.partOf.name}' is already set to '${String(other)}' at '${at}'.`);
      out[field.partOf.name] = field.name;
    }
  }
  return out;
}

function decodeField(field: protobuf.Field, raw: unknown, at: string, depth: number): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return decodeEnum(resolved, raw, at);
  if (resolved instanceof protobuf.Type) return decodeWellKnown(resolved, raw, at) ?? decodeMessage(resolved, raw, at, depth + 1);
  return decodeScalar(field.type, raw, at);
}

function decodeEnum(e: protobuf.Enum, raw: unknown, at: string): string {
  // NullValue's JSON form is null itself.
  if (raw === null && e.fullName === '.google.protobuf.NullValue') return 'NULL_VALUE';
  if (typeof raw === 'string' && Object.hasOwn(e.values, raw)) return raw;
  if (typeof raw === 'number' && e.valuesById[raw] !== undefined) return e.valuesById[raw];
  throw badValue(at, `TYPE_ENUM ${e.name}`, raw);
}

/** Timestamp and wrapper types, whose JSON form is not an object of their fields. */
function decodeWellKnown(type: protobuf.Type, raw: unknown, at: string): Loaded | undefined {
  if (type.fullName === '.google.protobuf.Timestamp') {
    if (typeof raw !== 'string') throw badValue(at, 'google.protobuf.Timestamp', raw);
    return toTimestamp(parseRfc3339(raw));
  }
  if (WRAPPERS.has(type.fullName)) return { value: decodeField(type.fields['value']!, raw, at, 0) };
  return undefined;
}

function decodeScalar(kind: string, raw: unknown, at: string): unknown {
  const label = `TYPE_${kind.toUpperCase()}`;
  if (kind === 'string') {
    if (typeof raw !== 'string') throw badValue(at, label, raw);
    return raw;
  }
  if (kind === 'bool') {
    if (typeof raw !== 'boolean') throw badValue(at, label, raw);
    return raw;
  }
  if (kind === 'bytes') {
    // Standard or URL-safe base64, padded or not, as the proto3 JSON mapping allows.
    if (typeof raw !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(raw)) throw badValue(at, label, raw);
    return Buffer.from(raw, raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64');
  }
  if (kind === 'double' || kind === 'float') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : undefined;
    if (n === undefined || (Number.isNaN(n) && raw !== 'NaN')) throw badValue(at, label, raw);
    return n;
  }
  if (INT64.has(kind)) {
    const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
    if (typeof text !== 'string' || !/^-?\d+$/.test(text)) throw badValue(at, label, raw);
    const n = BigInt(text);
    const signed = !kind.startsWith('u') && kind !== 'fixed64';
    if (signed ? n < -(2n ** 63n) || n >= 2n ** 63n : n < 0n || n >= 2n ** 64n) throw badValue(at, label, raw);
    return n.toString();
  }
  if (INT32.has(kind)) {
    const n = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 32) throw badValue(at, label, raw);
    return n;
  }
  throw badValue(at, label, raw);
}

/**
 * Writes a service-layer object of message `type` as proto3 JSON: absent and default-valued
 * singular scalars are left out (as on the gRPC wire) except inside a oneof, where presence is the
 * value; doubles that JSON cannot spell travel as "NaN"/"Infinity"/"-Infinity".
 */
export function encodeMessage(type: protobuf.Type, obj: unknown): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (!isObject(obj)) return out;
  for (const field of type.fieldsArray) {
    const v = obj[field.name];
    if (v === undefined || v === null) continue;
    if (field.map) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length > 0) out[field.name] = Object.fromEntries(entries.map(([k, x]) => [k, encodeField(field, x)]));
    } else if (field.repeated) {
      const list = v as unknown[];
      if (list.length > 0) out[field.name] = list.map((x) => encodeField(field, x));
    } else {
      const encoded = encodeField(field, v);
      if (field.partOf || field.resolvedType instanceof protobuf.Type || !isDefault(field, encoded)) out[field.name] = encoded;
    }
  }
  return out;
}

const isDefault = (field: protobuf.Field, v: Json): boolean =>
  field.resolvedType instanceof protobuf.Enum ? field.resolvedType.values[v as string] === 0 : v === 0 || v === '0' || v === '' || v === false;

function encodeField(field: protobuf.Field, v: unknown): Json {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    const name = typeof v === 'number' ? resolved.valuesById[v] : String(v);
    return name === 'NULL_VALUE' && resolved.fullName === '.google.protobuf.NullValue' ? null : (name ?? String(v));
  }
  if (resolved instanceof protobuf.Type) {
    if (resolved.fullName === '.google.protobuf.Timestamp')
      return toRfc3339(fromTimestamp(v as { seconds?: string | number; nanos?: number }));
    if (WRAPPERS.has(resolved.fullName)) return encodeField(resolved.fields['value']!, (v as { value?: unknown }).value ?? 0);
    return encodeMessage(resolved, v);
  }
  switch (field.type) {
    case 'bytes':
      return Buffer.from(v as Uint8Array).toString('base64');
    case 'double':
    case 'float': {
      const n = Number(v);
      return Number.isFinite(n) ? n : String(n);
    }
    case 'bool':
    case 'string':
      return v as Json;
    default:
      return INT64.has(field.type) ? String(v) : Number(v);
  }
}
