import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, documentNameSize, documentSize, fieldsSize, valueSize } from './size.js';
import {
  NULL_VALUE,
  arrayValue,
  doubleValue,
  integerValue,
  mapValue,
  timestampValue,
  type Value,
} from './value.js';

// Expected numbers follow "Storage size calculations" in the Cloud Firestore docs.
const str = (s: string): Value => ({ valueType: 'stringValue', stringValue: s });
const bool = (b: boolean): Value => ({ valueType: 'booleanValue', booleanValue: b });

describe('valueSize', () => {
  it('sizes scalars: null and boolean 1, numbers and timestamps 8, geo points 16', () => {
    expect(valueSize(NULL_VALUE)).toBe(1);
    expect(valueSize(bool(true))).toBe(1);
    expect(valueSize(integerValue(2n ** 62n))).toBe(8);
    expect(valueSize(doubleValue(0.1))).toBe(8);
    expect(valueSize(timestampValue({ seconds: '1', nanos: 1 }))).toBe(8);
    expect(valueSize({ valueType: 'geoPointValue', geoPointValue: { latitude: 1, longitude: 2 } })).toBe(16);
  });

  it('sizes strings as UTF-8 bytes + 1', () => {
    expect(valueSize(str(''))).toBe(1);
    expect(valueSize(str('abc'))).toBe(4);
    expect(valueSize(str('é'))).toBe(3); // 2 bytes in UTF-8
    expect(valueSize(str('\u{1F600}'))).toBe(5); // 4 bytes in UTF-8, 2 UTF-16 code units
  });

  it('sizes bytes by their length (no terminator)', () => {
    expect(valueSize({ valueType: 'bytesValue', bytesValue: Buffer.alloc(10) })).toBe(10);
    expect(valueSize({ valueType: 'bytesValue', bytesValue: Buffer.alloc(0) })).toBe(0);
  });

  it('sizes a reference as the document name size of its target', () => {
    // users/jeff: 6 + 5 + 16
    const ref: Value = {
      valueType: 'referenceValue',
      referenceValue: 'projects/p/databases/(default)/documents/users/jeff',
    };
    expect(valueSize(ref)).toBe(27);
  });

  it('sizes arrays as the sum of their elements and maps as keys + values', () => {
    expect(valueSize(arrayValue([]))).toBe(0);
    expect(valueSize(arrayValue([str('ab'), NULL_VALUE, integerValue(1n)]))).toBe(3 + 1 + 8);
    expect(valueSize(mapValue({}))).toBe(0);
    // 'a' → 2, 'bc' → 3; values 8 and 1.
    expect(valueSize(mapValue({ a: integerValue(1n), bc: NULL_VALUE }))).toBe(2 + 8 + 3 + 1);
    expect(valueSize(mapValue({ m: mapValue({ n: str('') }) }))).toBe(2 + 2 + 1);
  });
});

describe('document sizes', () => {
  it('sizes a document name as its segments (UTF-8 + 1 each) + 16: users/jeff/tasks/my_task_id is 44', () => {
    expect(documentNameSize('users/jeff/tasks/my_task_id')).toBe(44);
  });

  it('matches the documented example document of 147 bytes', () => {
    const fields = {
      type: str('Personal'),
      done: bool(false),
      priority: integerValue(1n),
      description: str('Learn Cloud Firestore'),
    };
    expect(fieldsSize(fields)).toBe(31 + 40);
    expect(documentSize('users/jeff/tasks/my_task_id', fields)).toBe(147);
  });

  it('puts the limit at 1 MiB and counts UTF-8 bytes towards it', () => {
    expect(MAX_DOCUMENT_BYTES).toBe(1_048_576);
    // c/d → 2 + 2 + 16 = 20; + 32 fixed; field 's' → 2; string → bytes + 1.
    const overhead = 20 + 32 + 2 + 1;
    const atLimit = { s: str('x'.repeat(MAX_DOCUMENT_BYTES - overhead)) };
    expect(documentSize('c/d', atLimit)).toBe(MAX_DOCUMENT_BYTES);
    const astral = { s: str('\u{1F600}'.repeat(1000)) };
    expect(documentSize('c/d', astral)).toBe(overhead + 4000);
  });
});
