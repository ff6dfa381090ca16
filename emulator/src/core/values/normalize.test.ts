import { describe, expect, it } from 'vitest';
import { Code, FirestoreError } from '../errors.js';
import { normalizeFields, normalizeValue, normalizeValueList } from './normalize.js';

/** Runs `fn`, expecting a FirestoreError with `code`; returns its message for further checks. */
function errorOf(fn: () => unknown, code: Code = Code.INVALID_ARGUMENT): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FirestoreError);
    expect((e as FirestoreError).code).toBe(code);
    return (e as FirestoreError).message;
  }
  throw new Error('expected a FirestoreError, nothing was thrown');
}

const DOC = 'projects/p/databases/(default)/documents/c/d';

/** `n` maps nested inside each other around an integer leaf. */
const nestedMaps = (n: number): unknown => {
  let v: unknown = { integerValue: '1' };
  for (let i = 0; i < n; i++) v = { mapValue: { fields: { x: v } } };
  return v;
};

describe('normalizeValue: accepted kinds', () => {
  it('accepts proto-loader output (valueType set) unchanged in shape', () => {
    expect(normalizeValue({ valueType: 'nullValue', nullValue: 'NULL_VALUE' })).toEqual({
      valueType: 'nullValue',
      nullValue: 'NULL_VALUE',
    });
    expect(normalizeValue({ valueType: 'booleanValue', booleanValue: false })).toEqual({
      valueType: 'booleanValue',
      booleanValue: false,
    });
    expect(normalizeValue({ valueType: 'integerValue', integerValue: '-42' })).toEqual({
      valueType: 'integerValue',
      integerValue: '-42',
    });
    expect(normalizeValue({ valueType: 'doubleValue', doubleValue: 0.5 })).toEqual({
      valueType: 'doubleValue',
      doubleValue: 0.5,
    });
    expect(normalizeValue({ valueType: 'stringValue', stringValue: '' })).toEqual({
      valueType: 'stringValue',
      stringValue: '',
    });
    expect(
      normalizeValue({ valueType: 'timestampValue', timestampValue: { seconds: '12', nanos: 5000 } }),
    ).toEqual({
      valueType: 'timestampValue',
      timestampValue: { seconds: '12', nanos: 5000 },
    });
  });

  it('accepts REST-ish shapes: nullValue null, integers as numbers or strings, canonicalized', () => {
    expect(normalizeValue({ nullValue: null })).toEqual({ valueType: 'nullValue', nullValue: 'NULL_VALUE' });
    expect(normalizeValue({ integerValue: 7 })).toEqual({ valueType: 'integerValue', integerValue: '7' });
    expect(normalizeValue({ integerValue: '007' })).toEqual({ valueType: 'integerValue', integerValue: '7' });
    expect(normalizeValue({ integerValue: '-9223372036854775808' }).integerValue).toBe(
      '-9223372036854775808',
    );
    expect(normalizeValue({ integerValue: '9223372036854775807' }).integerValue).toBe('9223372036854775807');
  });

  it('accepts doubles as numbers and as the proto3 JSON strings "NaN", "Infinity", "-Infinity" and decimal strings', () => {
    expect(normalizeValue({ doubleValue: 1.25 }).doubleValue).toBe(1.25);
    expect(normalizeValue({ doubleValue: 'NaN' }).doubleValue).toBeNaN();
    expect(normalizeValue({ doubleValue: 'Infinity' }).doubleValue).toBe(Infinity);
    expect(normalizeValue({ doubleValue: '-Infinity' }).doubleValue).toBe(-Infinity);
    // proto3 JSON allows any double as a string too (protobufjs and the Google parsers accept it).
    expect(normalizeValue({ doubleValue: '1.5' }).doubleValue).toBe(1.5);
    expect(normalizeValue({ doubleValue: '-2e3' }).doubleValue).toBe(-2000);
    expect(Object.is(normalizeValue({ doubleValue: -0 }).doubleValue, -0)).toBe(true);
  });

  it('accepts bytes as a Buffer, a Uint8Array or a base64 string', () => {
    expect(normalizeValue({ bytesValue: Buffer.from([1, 2]) }).bytesValue).toEqual(Buffer.from([1, 2]));
    const fromArray = normalizeValue({ bytesValue: new Uint8Array([3, 4]) }).bytesValue;
    expect(Buffer.isBuffer(fromArray)).toBe(true);
    expect([...fromArray!]).toEqual([3, 4]);
    expect([...normalizeValue({ bytesValue: 'AQID' }).bytesValue!]).toEqual([1, 2, 3]);
    expect(normalizeValue({ bytesValue: '' }).bytesValue!.length).toBe(0);
  });

  it('accepts timestamps as {seconds, nanos} (either may be absent) and as RFC 3339 strings', () => {
    expect(normalizeValue({ timestampValue: {} }).timestampValue).toEqual({ seconds: '0', nanos: 0 });
    expect(normalizeValue({ timestampValue: { seconds: 3 } }).timestampValue).toEqual({
      seconds: '3',
      nanos: 0,
    });
    expect(normalizeValue({ timestampValue: '1970-01-01T00:00:01.000002Z' }).timestampValue).toEqual({
      seconds: '1',
      nanos: 2000,
    });
  });

  it('truncates timestamps to microseconds, as Cloud Firestore stores them', () => {
    expect(normalizeValue({ timestampValue: { seconds: 1, nanos: 123456789 } }).timestampValue).toEqual({
      seconds: '1',
      nanos: 123456000,
    });
    expect(normalizeValue({ timestampValue: { seconds: -1, nanos: 999 } }).timestampValue).toEqual({
      seconds: '-1',
      nanos: 0,
    });
  });

  it('accepts references, geo points, arrays and maps, recursively normalized', () => {
    expect(normalizeValue({ referenceValue: DOC })).toEqual({
      valueType: 'referenceValue',
      referenceValue: DOC,
    });
    expect(normalizeValue({ geoPointValue: { latitude: -90, longitude: 180 } })).toEqual({
      valueType: 'geoPointValue',
      geoPointValue: { latitude: -90, longitude: 180 },
    });
    // proto3 JSON omits zero latitude/longitude.
    expect(normalizeValue({ geoPointValue: {} }).geoPointValue).toEqual({ latitude: 0, longitude: 0 });
    expect(normalizeValue({ arrayValue: { values: [{ integerValue: 1 }, { stringValue: 'x' }] } })).toEqual({
      valueType: 'arrayValue',
      arrayValue: {
        values: [
          { valueType: 'integerValue', integerValue: '1' },
          { valueType: 'stringValue', stringValue: 'x' },
        ],
      },
    });
    // Empty arrays and maps arrive without their inner field.
    expect(normalizeValue({ arrayValue: {} })).toEqual({
      valueType: 'arrayValue',
      arrayValue: { values: [] },
    });
    expect(normalizeValue({ mapValue: {} })).toEqual({ valueType: 'mapValue', mapValue: { fields: {} } });
    expect(normalizeValue({ mapValue: { fields: { a: { booleanValue: true } } } })).toEqual({
      valueType: 'mapValue',
      mapValue: { fields: { a: { valueType: 'booleanValue', booleanValue: true } } },
    });
  });

  it("accepts 20 levels of nesting (the Admin SDK's MAX_DEPTH) and arrays of maps of arrays", () => {
    expect(normalizeFields({ f: nestedMaps(20) }).f!.valueType).toBe('mapValue');
    const arrayInMapInArray = {
      arrayValue: {
        values: [{ mapValue: { fields: { a: { arrayValue: { values: [{ nullValue: null }] } } } } }],
      },
    };
    expect(normalizeValue(arrayInMapInArray).valueType).toBe('arrayValue');
  });
});

describe('normalizeValue: rejections (INVALID_ARGUMENT)', () => {
  it('rejects a value with no kind or with two kinds', () => {
    expect(errorOf(() => normalizeValue({}))).toMatch(/value type/i);
    errorOf(() => normalizeValue({ foo: 1 }));
    expect(errorOf(() => normalizeValue({ stringValue: 'a', integerValue: '1' }))).toMatch(/more than one/);
    errorOf(() => normalizeValue(null));
    errorOf(() => normalizeValue('x'));
  });

  it('rejects kinds that cannot be stored in documents', () => {
    errorOf(() => normalizeValue({ valueType: 'fieldReferenceValue', fieldReferenceValue: 'a' }));
  });

  it('rejects int64 out of range and non-integers', () => {
    errorOf(() => normalizeValue({ integerValue: '9223372036854775808' }));
    errorOf(() => normalizeValue({ integerValue: '-9223372036854775809' }));
    errorOf(() => normalizeValue({ integerValue: 1.5 }));
    errorOf(() => normalizeValue({ integerValue: 'abc' }));
    // BigInt() would take these; proto3 JSON does not.
    errorOf(() => normalizeValue({ integerValue: '0x10' }));
    errorOf(() => normalizeValue({ integerValue: '' }));
    errorOf(() => normalizeValue({ integerValue: true }));
  });

  it('rejects doubles that are not numbers', () => {
    errorOf(() => normalizeValue({ doubleValue: 'abc' }));
    errorOf(() => normalizeValue({ doubleValue: true }));
    errorOf(() => normalizeValue({ doubleValue: '' }));
  });

  it('rejects latitude outside [-90, 90] and longitude outside [-180, 180]', () => {
    expect(errorOf(() => normalizeValue({ geoPointValue: { latitude: 90.0001, longitude: 0 } }))).toMatch(
      /Latitude/,
    );
    expect(errorOf(() => normalizeValue({ geoPointValue: { latitude: -91, longitude: 0 } }))).toMatch(
      /Latitude/,
    );
    expect(errorOf(() => normalizeValue({ geoPointValue: { latitude: 0, longitude: 180.5 } }))).toMatch(
      /Longitude/,
    );
    expect(errorOf(() => normalizeValue({ geoPointValue: { latitude: 0, longitude: -181 } }))).toMatch(
      /Longitude/,
    );
    errorOf(() => normalizeValue({ geoPointValue: { latitude: NaN, longitude: 0 } }));
  });

  it('rejects an array directly inside an array, also when the inner one is empty', () => {
    errorOf(() =>
      normalizeValue({ arrayValue: { values: [{ arrayValue: { values: [{ integerValue: 1 }] } }] } }),
    );
    errorOf(() => normalizeValue({ arrayValue: { values: [{ arrayValue: {} }] } }));
  });

  it('rejects nesting deeper than 20 levels', () => {
    expect(errorOf(() => normalizeFields({ f: nestedMaps(21) }))).toMatch(/depth/);
    let arrays: unknown = { integerValue: 1 };
    for (let i = 0; i < 11; i++)
      arrays = { arrayValue: { values: [{ mapValue: { fields: { x: arrays } } }] } };
    errorOf(() => normalizeFields({ f: arrays }));
  });

  it('rejects malformed references', () => {
    errorOf(() => normalizeValue({ referenceValue: 'projects/p/databases/(default)/documents/c' }));
    errorOf(() => normalizeValue({ referenceValue: 'c/d' }));
    errorOf(() => normalizeValue({ referenceValue: 'projects/p/databases/(default)/documents/c//d/e' }));
    errorOf(() => normalizeValue({ referenceValue: 42 }));
  });

  it('rejects timestamps out of range or with bad nanos', () => {
    errorOf(() => normalizeValue({ timestampValue: { seconds: '253402300800' } }));
    errorOf(() => normalizeValue({ timestampValue: { seconds: '-62135596801' } }));
    errorOf(() => normalizeValue({ timestampValue: { seconds: '0', nanos: 1_000_000_000 } }));
    errorOf(() => normalizeValue({ timestampValue: { seconds: '0', nanos: -1 } }));
    errorOf(() => normalizeValue({ timestampValue: 'yesterday' }));
  });

  it('rejects wrongly typed payloads with INVALID_ARGUMENT, not a TypeError', () => {
    errorOf(() => normalizeValue({ booleanValue: 'true' }));
    errorOf(() => normalizeValue({ stringValue: 5 }));
    errorOf(() => normalizeValue({ bytesValue: 5 }));
    errorOf(() => normalizeValue({ arrayValue: { values: 5 } }));
    errorOf(() => normalizeValue({ mapValue: { fields: [] } }));
    errorOf(() => normalizeValue({ mapValue: { fields: 'x' } }));
  });
});

describe('normalizeFields', () => {
  it('rejects empty field names, at the top level and inside maps', () => {
    expect(errorOf(() => normalizeFields({ '': { nullValue: null } }))).toMatch(/empty/);
    errorOf(() => normalizeFields({ a: { mapValue: { fields: { '': { nullValue: null } } } } }));
  });

  it('treats absent fields as an empty document', () => {
    expect(normalizeFields(undefined)).toEqual({});
    expect(normalizeFields(null)).toEqual({});
  });

  it('keeps names that are not identifiers (they are only quoted in field paths)', () => {
    expect(
      Object.keys(
        normalizeFields({
          'a.b': { nullValue: null },
          '`': { nullValue: null },
          '\u{1F600}': { nullValue: null },
        }),
      ),
    ).toEqual(['a.b', '`', '\u{1F600}']);
  });
});

describe('normalizeValueList (in / not-in / array-contains-any operands)', () => {
  it('allows arrays as list members, since `in` can match whole array fields', () => {
    const v = normalizeValueList({
      arrayValue: { values: [{ arrayValue: { values: [{ stringValue: 'west' }] } }, { integerValue: 1 }] },
    });
    expect(v).toEqual({
      valueType: 'arrayValue',
      arrayValue: {
        values: [
          {
            valueType: 'arrayValue',
            arrayValue: { values: [{ valueType: 'stringValue', stringValue: 'west' }] },
          },
          { valueType: 'integerValue', integerValue: '1' },
        ],
      },
    });
  });

  it('still rejects arrays nested two deep and invalid members', () => {
    const deep = { arrayValue: { values: [{ arrayValue: { values: [{ arrayValue: {} }] } }] } };
    errorOf(() => normalizeValueList(deep));
    errorOf(() => normalizeValueList({ arrayValue: { values: [{}] } }));
    errorOf(() => normalizeValueList({ arrayValue: { values: 'x' } }));
  });

  it('normalizes a non-array operand like any value (the filter then rejects it)', () => {
    expect(normalizeValueList({ integerValue: '3' })).toEqual({
      valueType: 'integerValue',
      integerValue: '3',
    });
    errorOf(() => normalizeValueList({}));
  });
});
