import { describe, expect, it } from 'vitest';
import type { Doc } from '../store/document.js';
import { normalizeFields } from '../values/normalize.js';
import type { Fields } from '../values/value.js';
import { decodeDocument, encodeDocument } from './document-codec.js';
import { formatTimestamp, parseTimestamp } from './timestamp-text.js';
import { CodecError } from './value-codec.js';

const SECOND = 1_000_000_000n;

/** A document as the store holds it: fields normalized the way writes normalize them. */
const doc = (fields: Record<string, unknown>, path = 'c/d'): Doc => ({
  path,
  fields: normalizeFields(fields),
  createTime: 1_700_000_000n * SECOND + 123_456_789n,
  updateTime: 1_700_000_001n * SECOND + 1n,
});

const roundTrip = (d: Doc): Doc => decodeDocument(encodeDocument(d));

describe('document codec', () => {
  it('round-trips every value kind exactly', () => {
    const original = doc({
      null: { nullValue: 'NULL_VALUE' },
      bool: { booleanValue: false },
      intMax: { integerValue: '9223372036854775807' },
      intMin: { integerValue: '-9223372036854775808' },
      double: { doubleValue: 0.1 + 0.2 },
      negZero: { doubleValue: -0 },
      nan: { doubleValue: NaN },
      inf: { doubleValue: Infinity },
      negInf: { doubleValue: -Infinity },
      tiny: { doubleValue: 5e-324 },
      ts: { timestampValue: { seconds: '-62135596800', nanos: 0 } },
      tsMax: { timestampValue: { seconds: '253402300799', nanos: 999_999_999 } },
      tsNeg: { timestampValue: { seconds: '-1', nanos: 1 } },
      str: { stringValue: 'a\nb\u2028c\u0000d \ud83d\ude00 \ud800 lone' },
      bytes: { bytesValue: Buffer.from([0, 255, 10, 13]) },
      ref: { referenceValue: 'projects/other/databases/named-db/documents/a/b/c/d' },
      geo: { geoPointValue: { latitude: -0, longitude: -180 } },
      array: {
        arrayValue: { values: [{ integerValue: '1' }, { mapValue: { fields: { x: { doubleValue: -0 } } } }] },
      },
      emptyArray: { arrayValue: {} },
      map: { mapValue: { fields: { nested: { mapValue: { fields: {} } } } } },
    });
    const back = roundTrip(original);
    expect(back).toEqual(original);
    expect(Object.is(back.fields['negZero']!.doubleValue, -0)).toBe(true);
    expect(Object.is(back.fields['geo']!.geoPointValue!.latitude, -0)).toBe(true);
    expect(Buffer.isBuffer(back.fields['bytes']!.bytesValue)).toBe(true);
    expect(back.createTime).toBe(original.createTime);
    expect(back.updateTime).toBe(original.updateTime);
  });

  it('keeps a field named __proto__ as a field', () => {
    const fields: Fields = Object.fromEntries([
      ['__proto__', { valueType: 'stringValue', stringValue: 'x' } as const],
    ]);
    const back = roundTrip({ ...doc({}), fields });
    expect(Object.keys(back.fields)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(back.fields, '__proto__')?.value).toEqual(fields['__proto__']);
    expect(Object.getPrototypeOf(back.fields)).toBe(Object.prototype);
  });

  it('writes one line of the documented shape', () => {
    const line = encodeDocument(doc({ n: { integerValue: '5' }, s: { stringValue: 'two\nlines' } }));
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      path: 'c/d',
      createTime: '2023-11-14T22:13:20.123456789Z',
      updateTime: '2023-11-14T22:13:21.000000001Z',
      fields: { n: { integerValue: '5' }, s: { stringValue: 'two\nlines' } },
    });
  });

  const base = {
    path: 'c/d',
    createTime: '2023-11-14T22:13:20.000000000Z',
    updateTime: '2023-11-14T22:13:20.000000000Z',
  };
  it.each([
    ['an empty object', '{}', /"path" must be a string/],
    ['an array', '[]', /must be a JSON object/],
    [
      'a number for an integer',
      JSON.stringify({ ...base, fields: { x: { integerValue: 5 } } }),
      /field "x": integerValue must be a decimal string/,
    ],
    [
      'a non-canonical integer',
      JSON.stringify({ ...base, fields: { x: { integerValue: '007' } } }),
      /field "x": integerValue must be a decimal string/,
    ],
    [
      'a misspelt NaN',
      JSON.stringify({ ...base, fields: { x: { doubleValue: 'nan' } } }),
      /field "x": doubleValue must be a number or one of/,
    ],
    [
      'bytes outside base64',
      JSON.stringify({ ...base, fields: { x: { bytesValue: 'not base64!' } } }),
      /field "x": bytesValue must be padded base64/,
    ],
    [
      'a relative reference',
      JSON.stringify({ ...base, fields: { x: { referenceValue: 'users/u1' } } }),
      /field "x": referenceValue: Invalid document name/,
    ],
    [
      'a latitude out of range',
      JSON.stringify({ ...base, fields: { x: { geoPointValue: { latitude: 91, longitude: 0 } } } }),
      /latitude must be in the range/,
    ],
    [
      'a value with two kinds',
      JSON.stringify({ ...base, fields: { x: { stringValue: 'a', integerValue: '1' } } }),
      /field "x": a value must have exactly one key/,
    ],
    [
      'an unknown kind',
      JSON.stringify({ ...base, fields: { x: { vectorValue: [] } } }),
      /field "x": unknown value type "vectorValue"/,
    ],
    [
      'an array in an array',
      JSON.stringify({
        ...base,
        fields: { a: { arrayValue: { values: [{ arrayValue: { values: [] } }] } } },
      }),
      /field "a\[0\]": an array cannot directly contain an array/,
    ],
    [
      'an empty field name',
      JSON.stringify({ ...base, fields: { '': { nullValue: null } } }),
      /field names must not be empty/,
    ],
    [
      'a reserved id',
      JSON.stringify({ ...base, path: 'c/__reserved__' }),
      /"path": Resource id "__reserved__" is invalid because it is reserved/,
    ],
    [
      'a time without nine digits',
      JSON.stringify({ ...base, createTime: '2023-11-14T22:13:20Z' }),
      /"createTime" must be like/,
    ],
    ['null fields', JSON.stringify({ ...base, fields: null }), /"fields" must be a JSON object/],
  ])('rejects %s', (_what, line, message) => {
    let error: unknown;
    try {
      decodeDocument(line);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodecError);
    expect((error as CodecError).describe()).toMatch(message);
  });

  it('rejects values nested deeper than writes allow', () => {
    let value: unknown = { nullValue: null };
    for (let i = 0; i < 25; i++) value = { mapValue: { fields: { m: value } } };
    expect(() => decodeDocument(JSON.stringify({ ...base, fields: { deep: value } }))).toThrow(
      /maximum depth of 20/,
    );
  });
});

describe('timestamp text', () => {
  it.each([
    [0n, '1970-01-01T00:00:00.000000000Z'],
    [-1n, '1969-12-31T23:59:59.999999999Z'],
    [-62_135_596_800n * SECOND, '0001-01-01T00:00:00.000000000Z'],
    [253_402_300_799n * SECOND + 999_999_999n, '9999-12-31T23:59:59.999999999Z'],
  ])('%s ns is %s and back', (t, text) => {
    expect(formatTimestamp(t)).toBe(text);
    expect(parseTimestamp(text)).toBe(t);
  });

  it.each([
    '2023-02-30T00:00:00.000000000Z',
    '2023-01-01T24:00:00.000000000Z',
    '0000-12-31T23:59:59.999999999Z',
    '2023-01-01T00:00:00.000Z',
    '2023-01-01T00:00:00.000000000+01:00',
  ])('rejects %s', (text) => expect(parseTimestamp(text)).toBeUndefined());
});
