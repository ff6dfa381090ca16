/**
 * Seeded generators for the fuzz suite: raw TCP openings (HTTP/2 preface + junk frames,
 * HTTP/1.1-looking text, noise), random JSON bodies, and protobuf-ish payloads. Everything comes
 * from one seeded PRNG, so a seed names an exact run.
 */
import { encodeRequest, sampleRequest, type RpcName } from './raw-firestore.js';
import { lengthDelimited, tag, varint, WireType } from './proto-bytes.js';

/** mulberry32: small, fast and good enough to pick test inputs. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => this.int(256)));
  }
}

export const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

function http2Frame(r: Rng): Buffer {
  const payload = r.bytes(r.int(48));
  const header = Buffer.alloc(9);
  // Mostly honest lengths, sometimes a lie (up to the 2^24-1 maximum) the server must not wait on forever.
  header.writeUIntBE(r.chance(0.8) ? payload.length : r.int(1 << 24), 0, 3);
  header[3] = r.chance(0.85) ? r.int(10) : r.int(256); // DATA … CONTINUATION, or an unknown type
  header[4] = r.int(256);
  header.writeUInt32BE(r.pick([0, 1, 3, 2, 0x7fffffff, r.int(2 ** 31)]) >>> 0, 5);
  return Buffer.concat([header, payload]);
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PRI', 'CONNECT', 'TRACE', 'GARBAGE', ''];

function http1Text(r: Rng, paths: readonly string[]): Buffer {
  const lines = [`${r.pick(METHODS)} ${r.chance(0.8) ? r.pick(paths) : r.bytes(r.int(20)).toString('latin1')} HTTP/1.${r.pick(['1', '0', '9', 'x'])}`];
  if (r.chance(0.8)) lines.push('Host: localhost');
  for (let i = r.int(5); i > 0; i--) {
    lines.push(
      r.pick([
        `Content-Length: ${r.pick([0, 3, 100, -1, 2 ** 40])}`,
        'Transfer-Encoding: chunked',
        'Content-Type: application/json',
        `X-Junk: ${r.bytes(r.int(40)).toString('latin1')}`,
        'Connection: close',
        'Upgrade: h2c',
        'Expect: 100-continue',
        r.bytes(r.int(30)).toString('latin1'),
      ]),
    );
  }
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), r.bytes(r.int(64))]);
}

/** One random opening of a TCP connection, already cut into the segments it is sent as. */
export function tcpOpening(r: Rng, paths: readonly string[]): { kind: string; segments: Buffer[] } {
  const kind = r.pick(['h2-junk-frames', 'h2-junk-frames', 'h2-settings-then-junk', 'http1-like', 'http1-like', 'noise', 'preface-prefix']);
  let bytes: Buffer;
  switch (kind) {
    case 'h2-junk-frames':
      bytes = Buffer.concat([HTTP2_PREFACE, ...Array.from({ length: 1 + r.int(6) }, () => http2Frame(r))]);
      break;
    case 'h2-settings-then-junk':
      bytes = Buffer.concat([HTTP2_PREFACE, Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]), ...Array.from({ length: 1 + r.int(4) }, () => http2Frame(r)), r.bytes(r.int(32))]);
      break;
    case 'http1-like':
      bytes = http1Text(r, paths);
      break;
    case 'preface-prefix':
      bytes = Buffer.concat([HTTP2_PREFACE.subarray(0, r.int(HTTP2_PREFACE.length)), r.bytes(r.int(16))]);
      break;
    default:
      bytes = r.bytes(r.int(512));
  }
  // Some openings arrive in several segments, to exercise routing on short first reads.
  const segments: Buffer[] = [];
  if (r.chance(0.3)) {
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + r.int(8);
      segments.push(bytes.subarray(i, i + n));
      i += n;
    }
  } else segments.push(bytes);
  return { kind, segments };
}

const JSON_KEYS = [
  'database', 'writes', 'update', 'delete', 'name', 'fields', 'stringValue', 'integerValue', 'doubleValue', 'mapValue',
  'arrayValue', 'values', 'referenceValue', 'structuredQuery', 'from', 'collectionId', 'allDescendants', 'where',
  'fieldFilter', 'field', 'fieldPath', 'op', 'limit', 'orderBy', 'transaction', 'documents', 'mask', 'fieldPaths',
  'rules', 'files', 'content', 'readTime', 'newTransaction', 'currentDocument', 'exists', 'updateTransforms',
  '__proto__', 'constructor', 'prototype', 'toString', '', 'error',
];

/** A random JSON value shaped a little like Firestore requests (keys from the API, odd values). */
export function randomJson(r: Rng, strings: readonly string[], depth = 0): unknown {
  switch (r.int(depth >= 4 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -0, 0.5, r.int(1000)]);
    case 3:
      return r.pick(['NaN', 'Infinity', '-9223372036854775809', '1e999', 'ASCENDING', 'EQUAL', '0x10', '2024-13-45T99:99:99Z']);
    case 4:
    case 5:
      return r.chance(0.5) ? r.pick(strings) : r.bytes(r.int(24)).toString('latin1');
    case 6:
      return Array.from({ length: r.int(5) }, () => randomJson(r, strings, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) o[r.chance(0.85) ? r.pick(JSON_KEYS) : r.bytes(r.int(8)).toString('latin1')] = randomJson(r, strings, depth + 1);
      return o;
    }
  }
}

/** A random HTTP body: mostly JSON text, sometimes not JSON at all. */
export function randomBody(r: Rng, strings: readonly string[]): string {
  if (r.chance(0.15)) return r.bytes(r.int(200)).toString('latin1');
  const text = JSON.stringify(randomJson(r, strings)) ?? 'null';
  return r.chance(0.1) ? text.slice(0, r.int(text.length + 1)) : text;
}

/** A random protobuf-structured message: plausible tags, wire types and field contents, nested a little. */
function randomMessage(r: Rng, strings: readonly string[], depth = 0): Buffer {
  const parts: Buffer[] = [];
  for (let i = 1 + r.int(5); i > 0; i--) {
    const field = r.chance(0.8) ? 1 + r.int(20) : 1 + r.int(5000);
    const wire = r.pick([WireType.VARINT, WireType.LENGTH_DELIMITED, WireType.LENGTH_DELIMITED, WireType.LENGTH_DELIMITED, WireType.FIXED64, WireType.FIXED32]);
    if (wire === WireType.VARINT) parts.push(Buffer.from([...tag(field, wire), ...varint(r.pick([0, 1, 2, 3, 5, 99, 2 ** 31 - 1, 2 ** 32 + 7, r.int(2 ** 40)]))]));
    else if (wire === WireType.FIXED64) parts.push(Buffer.from([...tag(field, wire), ...r.bytes(8)]));
    else if (wire === WireType.FIXED32) parts.push(Buffer.from([...tag(field, wire), ...r.bytes(4)]));
    else if (depth < 4 && r.chance(0.45)) parts.push(lengthDelimited(field, randomMessage(r, strings, depth + 1)));
    else parts.push(lengthDelimited(field, r.chance(0.6) ? r.pick(strings) : r.bytes(r.int(32))));
  }
  return Buffer.concat(parts);
}

/** Flips, replaces, cuts, inserts or duplicates bytes of a valid message. */
function mutate(r: Rng, valid: Buffer): Buffer {
  const b = Buffer.from(valid);
  switch (r.int(5)) {
    case 0:
      for (let i = 1 + r.int(4); i > 0 && b.length > 0; i--) b[r.int(b.length)]! ^= 1 << r.int(8);
      return b;
    case 1:
      for (let i = 1 + r.int(4); i > 0 && b.length > 0; i--) b[r.int(b.length)] = r.int(256);
      return b;
    case 2:
      return b.subarray(0, r.int(b.length + 1));
    case 3: {
      const at = r.int(b.length + 1);
      return Buffer.concat([b.subarray(0, at), r.bytes(1 + r.int(12)), b.subarray(at)]);
    }
    default: {
      const from = r.int(b.length + 1);
      return Buffer.concat([b, b.subarray(from, from + r.int(32))]);
    }
  }
}

const FIELD_PATHS = ['a', 'b', 'a.b', 'm.x', '__name__', '`x y`', '`a.b`', 'arr', 'n', '', 'a..b', '`open', '__weird__', 'é'];
const COLLECTIONS = ['c', 'd', 'sub', '', '__c__', 'a/b'];

/** A random google.firestore.v1.Value in proto-object form, odd values included. */
function randomValue(r: Rng, names: readonly string[], depth = 0): object {
  switch (r.int(depth >= 3 ? 9 : 11)) {
    case 0:
      return { nullValue: r.pick(['NULL_VALUE', 0, 7]) };
    case 1:
      return { booleanValue: r.chance(0.5) };
    case 2:
      return { integerValue: r.pick(['0', '-1', '9223372036854775807', '-9223372036854775808', String(r.int(100))]) };
    case 3:
      return { doubleValue: r.pick([NaN, Infinity, -Infinity, -0, 0.1, 1e308, 5e-324, r.int(100)]) };
    case 4:
      return { timestampValue: { seconds: r.pick(['0', '-62135596801', '253402300800', '1700000000', '-1']), nanos: r.pick([0, 1, 999_999_999, 1_000_000_000, -1]) } };
    case 5:
      return { stringValue: r.pick(['', 'a', 'é', '\u0000', '😀', 'x'.repeat(r.int(3000))]) };
    case 6:
      return { bytesValue: r.bytes(r.int(16)) };
    case 7:
      return { referenceValue: r.pick(names) };
    case 8:
      return { geoPointValue: { latitude: r.pick([0, 90, -90, 91, NaN, 45.5]), longitude: r.pick([0, 180, -181, NaN, 12]) } };
    case 9:
      return { arrayValue: { values: Array.from({ length: r.int(4) }, () => randomValue(r, names, depth + 1)) } };
    default:
      return { mapValue: { fields: randomFields(r, names, depth + 1) } };
  }
}

function randomFields(r: Rng, names: readonly string[], depth = 0): Record<string, object> {
  const fields: Record<string, object> = {};
  for (let i = r.int(4); i > 0; i--) fields[r.pick(['a', 'b', 'n', 'm', 'arr', '', '__name__', 'é', 'x.y'])] = randomValue(r, names, depth);
  return fields;
}

const FIELD_OPS = ['LESS_THAN', 'LESS_THAN_OR_EQUAL', 'GREATER_THAN', 'GREATER_THAN_OR_EQUAL', 'EQUAL', 'NOT_EQUAL', 'ARRAY_CONTAINS', 'IN', 'ARRAY_CONTAINS_ANY', 'NOT_IN', 'OPERATOR_UNSPECIFIED', 42];

function randomFilter(r: Rng, names: readonly string[], depth = 0): object {
  const kind = r.int(depth >= 2 ? 2 : 3);
  const field = { fieldPath: r.pick(FIELD_PATHS) };
  if (kind === 0) return { fieldFilter: { field, op: r.pick(FIELD_OPS), value: randomValue(r, names, 2) } };
  if (kind === 1) return { unaryFilter: { field, op: r.pick(['IS_NAN', 'IS_NULL', 'IS_NOT_NAN', 'IS_NOT_NULL', 0, 9]) } };
  return { compositeFilter: { op: r.pick(['AND', 'OR', 0, 3]), filters: Array.from({ length: r.int(4) }, () => randomFilter(r, names, depth + 1)) } };
}

function randomQuery(r: Rng, names: readonly string[]): object {
  const q: Record<string, unknown> = { from: [r.chance(0.8) ? { collectionId: r.pick(COLLECTIONS) } : { allDescendants: true, ...(r.chance(0.5) ? { collectionId: 'c' } : {}) }] };
  if (r.chance(0.6)) q['where'] = randomFilter(r, names);
  if (r.chance(0.5)) q['orderBy'] = Array.from({ length: r.int(3) }, () => ({ field: { fieldPath: r.pick(FIELD_PATHS) }, direction: r.pick(['ASCENDING', 'DESCENDING', 0, 7]) }));
  if (r.chance(0.3)) q['startAt'] = { values: Array.from({ length: r.int(3) }, () => randomValue(r, names, 2)), before: r.chance(0.5) };
  if (r.chance(0.3)) q['endAt'] = { values: Array.from({ length: r.int(3) }, () => randomValue(r, names, 2)), before: r.chance(0.5) };
  if (r.chance(0.3)) q['limit'] = { value: r.pick([0, 1, 2, -1, 2 ** 31 - 1]) };
  if (r.chance(0.2)) q['offset'] = r.pick([0, 1, -1, 2 ** 31 - 1]);
  if (r.chance(0.2)) q['select'] = { fields: Array.from({ length: r.int(3) }, () => ({ fieldPath: r.pick(FIELD_PATHS) })) };
  return q;
}

function randomWrite(r: Rng, names: readonly string[]): object {
  const precondition = r.chance(0.3) ? { currentDocument: r.chance(0.5) ? { exists: r.chance(0.5) } : { updateTime: { seconds: r.pick(['0', '1700000000']), nanos: r.int(1000) } } } : {};
  const transforms = r.chance(0.3)
    ? {
        updateTransforms: Array.from({ length: 1 + r.int(2) }, () => {
          const op = r.pick(['setToServerValue', 'increment', 'maximum', 'minimum', 'appendMissingElements', 'removeAllFromArray']);
          const value = op === 'setToServerValue' ? r.pick(['REQUEST_TIME', 0, 5]) : op.endsWith('Elements') || op.endsWith('Array') ? { values: [randomValue(r, names, 2)] } : randomValue(r, names, 2);
          return { fieldPath: r.pick(FIELD_PATHS), [op]: value };
        }),
      }
    : {};
  switch (r.int(4)) {
    case 0:
      return { delete: r.pick(names), ...precondition };
    case 1:
      return { verify: r.pick(names), ...precondition };
    default:
      return {
        update: { name: r.pick(names), fields: randomFields(r, names) },
        ...(r.chance(0.4) ? { updateMask: { fieldPaths: Array.from({ length: r.int(3) }, () => r.pick(FIELD_PATHS)) } } : {}),
        ...transforms,
        ...precondition,
      };
  }
}

/**
 * A well-formed request with random contents (values, filters, cursors, masks, transforms), or
 * undefined for RPCs it does not cover. It gets past decoding, so it exercises the engine itself.
 */
function semanticRequest(r: Rng, method: RpcName, projectId: string, names: readonly string[]): object | undefined {
  const database = `projects/${projectId}/databases/(default)`;
  const parent = r.chance(0.8) ? `${database}/documents` : `${database}/documents/c/d`;
  const writes = () => Array.from({ length: 1 + r.int(3) }, () => randomWrite(r, names));
  switch (method) {
    case 'Commit':
    case 'BatchWrite':
      return { database, writes: writes() };
    case 'Write':
      return r.chance(0.5) ? { database } : { database, streamToken: r.bytes(8), writes: writes() };
    case 'RunQuery':
      return { parent, structuredQuery: randomQuery(r, names), ...(r.chance(0.2) ? { newTransaction: r.chance(0.5) ? { readOnly: {} } : { readWrite: {} } } : {}) };
    case 'RunAggregationQuery':
      return {
        parent,
        structuredAggregationQuery: {
          structuredQuery: randomQuery(r, names),
          aggregations: Array.from({ length: r.int(4) }, (_, i) => ({ alias: r.pick([`a${i}`, 'x', '']), ...r.pick([{ count: r.chance(0.5) ? {} : { upTo: { value: String(r.int(3)) } } }, { sum: { field: { fieldPath: r.pick(FIELD_PATHS) } } }, { avg: { field: { fieldPath: r.pick(FIELD_PATHS) } } }]) })),
        },
      };
    case 'Listen':
      return { database, addTarget: { targetId: r.int(5), ...(r.chance(0.7) ? { query: { parent, structuredQuery: randomQuery(r, names) } } : { documents: { documents: [r.pick(names)] } }) } };
    case 'BatchGetDocuments':
      return { database, documents: Array.from({ length: r.int(3) }, () => r.pick(names)), ...(r.chance(0.3) ? { mask: { fieldPaths: [r.pick(FIELD_PATHS)] } } : {}) };
    case 'UpdateDocument':
      return { document: { name: r.pick(names), fields: randomFields(r, names) }, ...(r.chance(0.5) ? { updateMask: { fieldPaths: [r.pick(FIELD_PATHS)] } } : {}) };
    case 'CreateDocument':
      return { parent, collectionId: r.pick(COLLECTIONS), documentId: r.pick(['', 'x', '__x__', 'a/b']), document: { fields: randomFields(r, names) } };
    default:
      return undefined;
  }
}

/** A protobuf-ish request body for `method`: random contents, a mutated valid request, a random structured message, or noise. */
export function protobufPayload(r: Rng, method: RpcName, projectId: string, strings: readonly string[]): { kind: string; bytes: Buffer } {
  const kind = r.pick(['semantic', 'semantic', 'mutated', 'mutated', 'structured', 'structured', 'noise']);
  if (kind === 'semantic') {
    const request = semanticRequest(r, method, projectId, strings.filter((s) => s.startsWith('projects/')));
    if (request) {
      try {
        return { kind, bytes: encodeRequest(method, request) };
      } catch {
        // The encoder refused this combination: fall through to a mutated request instead.
      }
    }
  }
  if (kind === 'mutated' || kind === 'semantic') return { kind: 'mutated', bytes: mutate(r, encodeRequest(method, sampleRequest(method, projectId))) };
  if (kind === 'structured') return { kind, bytes: randomMessage(r, strings) };
  return { kind, bytes: r.bytes(r.int(128)) };
}

/** Runs `fn` over `items` with at most `width` in flight. */
export async function inPool<T>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}
