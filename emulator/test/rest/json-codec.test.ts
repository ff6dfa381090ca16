/**
 * The proto3 JSON codec on its own: the corners of the mapping the SDKs rarely send but Google's
 * parser defines (firestore-protocol.md §5.3), in both directions.
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, messageType } from '../../src/protocol/rest/json-codec.js';
import { toJsonText } from '../../src/protocol/rest/json-text.js';

const decode = (type: string, json: unknown) => decodeMessage(messageType(type), json);
const encode = (type: string, obj: unknown) => encodeMessage(messageType(type), obj);

describe('decoding proto3 JSON into service objects', () => {
  it('marks the set member of each oneof, as proto-loader does for gRPC', () => {
    expect(decode('Write', { delete: 'x' })).toEqual({ delete: 'x', operation: 'delete' });
    expect(decode('Value', { nullValue: null })).toEqual({ nullValue: 'NULL_VALUE', valueType: 'nullValue' });
    expect(decode('Value', { nullValue: 'NULL_VALUE' })).toEqual({ nullValue: 'NULL_VALUE', valueType: 'nullValue' });
  });

  it('rejects two members of one oneof', () => {
    expect(() => decode('Value', { stringValue: 'a', integerValue: '1' })).toThrow(/Oneof 'valueType'/);
  });

  it('enums by name or number; unknown ones are rejected', () => {
    expect(decode('StructuredQuery.Order', { direction: 2 })).toEqual({ direction: 'DESCENDING' });
    expect(decode('StructuredQuery.Order', { direction: 'ASCENDING' })).toEqual({ direction: 'ASCENDING' });
    expect(() => decode('StructuredQuery.Order', { direction: 'SIDEWAYS' })).toThrow(/direction/);
    expect(() => decode('StructuredQuery.Order', { direction: 99 })).toThrow(/direction/);
  });

  it('int64 as string or integral number, within range', () => {
    expect(decode('Value', { integerValue: 7 })).toMatchObject({ integerValue: '7' });
    expect(decode('Value', { integerValue: '-9223372036854775808' })).toMatchObject({ integerValue: '-9223372036854775808' });
    expect(() => decode('Value', { integerValue: '9223372036854775808' })).toThrow(/integerValue/);
    expect(() => decode('Value', { integerValue: 1.5 })).toThrow(/integerValue/);
  });

  it('doubles as numbers or the special strings', () => {
    expect(decode('Value', { doubleValue: 'Infinity' })).toMatchObject({ doubleValue: Infinity });
    expect(Object.is(decode('Value', { doubleValue: '-0' })['doubleValue'], -0)).toBe(true);
    expect(Number.isNaN(decode('Value', { doubleValue: 'NaN' })['doubleValue'])).toBe(true);
    expect(() => decode('Value', { doubleValue: 'lots' })).toThrow(/doubleValue/);
  });

  it('bytes in standard or URL-safe base64', () => {
    expect(decode('Value', { bytesValue: '+/8=' })['bytesValue']).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decode('Value', { bytesValue: '-_8' })['bytesValue']).toEqual(Buffer.from([0xfb, 0xff]));
    expect(() => decode('Value', { bytesValue: 'not base64!' })).toThrow(/bytesValue/);
  });

  it('wrappers as bare values, timestamps as RFC 3339 text, durations as "Ns"', () => {
    expect(decode('StructuredQuery', { limit: 3 })).toEqual({ limit: { value: 3 } });
    expect(decode('Value', { timestampValue: '1970-01-01T00:00:01.000000001Z' })).toMatchObject({ timestampValue: { seconds: '1', nanos: 1 } });
    expect(decode('Value', { timestampValue: '1969-12-31T23:59:59.5Z' })).toMatchObject({ timestampValue: { seconds: '-1', nanos: 500_000_000 } });
    expect(() => decode('Value', { timestampValue: { seconds: 1 } })).toThrow(/timestampValue/);
    expect(() => decode('Value', { timestampValue: '10000-01-01T00:00:00Z' })).toThrow();
  });

  it('null means absent; unknown names are rejected with their path', () => {
    expect(decode('Document', { name: null, fields: { a: { stringValue: 'x' } } })).toEqual({ fields: { a: { stringValue: 'x', valueType: 'stringValue' } } });
    expect(() => decode('Document', { fields: { a: { strValue: 'x' } } })).toThrow(/"strValue" at 'fields\[a\]'/);
    expect(() => decode('Document', { constructor: 1 })).toThrow(/Unknown name "constructor"/);
    expect(() => decode('StructuredQuery.Order', { direction: 'toString' })).toThrow(/direction/);
    // JSON.parse makes "__proto__" an own key (an object literal would set the prototype instead).
    const fields = decode('Document', JSON.parse('{"fields":{"__proto__":{"stringValue":"x"}}}'))['fields'] as object;
    expect(Object.hasOwn(fields, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
  });
});

describe('encoding service objects as proto3 JSON', () => {
  it('leaves out default scalars outside oneofs, keeps them inside', () => {
    expect(encode('RunQueryResponse', { skippedResults: 0, readTime: { seconds: '1', nanos: 0 } })).toEqual({ readTime: '1970-01-01T00:00:01Z' });
    expect(encode('Value', { integerValue: '0', valueType: 'integerValue' })).toEqual({ integerValue: '0' });
    expect(encode('Value', { booleanValue: false })).toEqual({ booleanValue: false });
    expect(encode('Value', { nullValue: 'NULL_VALUE' })).toEqual({ nullValue: null });
  });

  it('timestamps with 0, 3, 6 or 9 fractional digits; bytes as base64; wrappers bare', () => {
    expect(encode('Value', { timestampValue: { seconds: '1', nanos: 120_000_000 } })).toEqual({ timestampValue: '1970-01-01T00:00:01.120Z' });
    expect(encode('Value', { timestampValue: { seconds: 1, nanos: 1 } })).toEqual({ timestampValue: '1970-01-01T00:00:01.000000001Z' });
    expect(encode('Value', { bytesValue: Buffer.from([0xfb, 0xff]) })).toEqual({ bytesValue: '+/8=' });
    expect(encode('StructuredQuery', { limit: { value: 5 } })).toEqual({ limit: 5 });
  });

  it('special doubles as strings; -0 survives into the text', () => {
    expect(encode('Value', { doubleValue: NaN })).toEqual({ doubleValue: 'NaN' });
    expect(encode('Value', { doubleValue: -Infinity })).toEqual({ doubleValue: '-Infinity' });
    expect(toJsonText(encode('Value', { doubleValue: -0 }))).toBe('{"doubleValue":-0}');
    expect(toJsonText({ a: [1, 'x', null, { b: undefined }] })).toBe('{"a":[1,"x",null,{}]}');
  });

  it('enums as names, empty maps and lists left out', () => {
    expect(encode('TargetChange', { targetChangeType: 'ADD', targetIds: [] })).toEqual({ targetChangeType: 'ADD' });
    expect(encode('TargetChange', { targetChangeType: 'NO_CHANGE', targetIds: [1] })).toEqual({ targetIds: [1] });
    expect(encode('Document', { name: 'n', fields: {} })).toEqual({ name: 'n' });
  });
});
