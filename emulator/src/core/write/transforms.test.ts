import { describe, expect, it } from 'vitest';
import type { _google_firestore_v1_DocumentTransform_FieldTransform__Output as FieldTransformInput } from '../../gen/google/firestore/v1/DocumentTransform.js';
import { Code, FirestoreError } from '../errors.js';
import {
  NULL_VALUE,
  arrayValue,
  doubleValue,
  integerValue,
  mapValue,
  type Fields,
  type Value,
} from '../values/value.js';
import { applyTransforms, parseTransform } from './transforms.js';

const int = (n: number | bigint): Value => integerValue(BigInt(n));
const dbl = doubleValue;
const str = (s: string): Value => ({ valueType: 'stringValue', stringValue: s });
const arr = (...values: Value[]): Value => arrayValue(values);
const COMMIT = { seconds: '1700000000', nanos: 123_456_000 };
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Applies one transform (proto-loader shaped) to `fields` and returns the field and the result. */
function run(
  fields: Fields,
  t: FieldTransformInput,
): { value: Value | undefined; result: Value; fields: Fields } {
  const out = applyTransforms(fields, [parseTransform(t)], COMMIT);
  const path = t.fieldPath!;
  return { value: out.fields[path], result: out.results[0]!, fields: out.fields };
}
const inc = (fieldPath: string, by: Value): FieldTransformInput => ({
  fieldPath,
  increment: by,
  transformType: 'increment',
});
const max = (fieldPath: string, v: Value): FieldTransformInput => ({
  fieldPath,
  maximum: v,
  transformType: 'maximum',
});
const min = (fieldPath: string, v: Value): FieldTransformInput => ({
  fieldPath,
  minimum: v,
  transformType: 'minimum',
});
const union = (fieldPath: string, ...values: Value[]): FieldTransformInput => ({
  fieldPath,
  appendMissingElements: { values },
  transformType: 'appendMissingElements',
});
const remove = (fieldPath: string, ...values: Value[]): FieldTransformInput => ({
  fieldPath,
  removeAllFromArray: { values },
  transformType: 'removeAllFromArray',
});

describe('serverTimestamp', () => {
  it('sets the commit time and returns it as the result', () => {
    const { value, result } = run(
      {},
      { fieldPath: 'at', setToServerValue: 'REQUEST_TIME', transformType: 'setToServerValue' },
    );
    expect(value).toEqual({ valueType: 'timestampValue', timestampValue: COMMIT });
    expect(result).toEqual(value);
  });

  it('writes nested paths, creating the maps on the way', () => {
    const { fields } = run(
      { m: mapValue({ keep: int(1) }) },
      { fieldPath: 'm.at', setToServerValue: 'REQUEST_TIME' },
    );
    expect(fields['m']!.mapValue!.fields!['keep']).toEqual(int(1));
    expect(fields['m']!.mapValue!.fields!['at']!.timestampValue).toEqual(COMMIT);
  });

  it('rejects an unspecified server value', () => {
    expect(() => parseTransform({ fieldPath: 'a', setToServerValue: 'SERVER_VALUE_UNSPECIFIED' })).toThrow(
      FirestoreError,
    );
  });
});

describe('increment', () => {
  it('adds integers as integers', () => {
    expect(run({ n: int(5) }, inc('n', int(-7))).value).toEqual(int(-2));
  });

  it('switches to double arithmetic when either side is a double', () => {
    expect(run({ n: int(1) }, inc('n', dbl(0.5))).value).toEqual(dbl(1.5));
    expect(run({ n: dbl(0.5) }, inc('n', int(1))).value).toEqual(dbl(1.5));
    expect(run({ n: dbl(0.1) }, inc('n', dbl(0.2))).value).toEqual(dbl(0.1 + 0.2));
  });

  it('sets the operand when the field is missing or not a number', () => {
    expect(run({}, inc('n', int(3))).value).toEqual(int(3));
    expect(run({ n: str('7') }, inc('n', int(3))).value).toEqual(int(3));
    expect(run({ n: NULL_VALUE }, inc('n', dbl(2.5))).value).toEqual(dbl(2.5));
  });

  it('saturates at the int64 bounds instead of wrapping', () => {
    expect(run({ n: int(INT64_MAX - 1n) }, inc('n', int(5))).value).toEqual(int(INT64_MAX));
    expect(run({ n: int(INT64_MIN + 1n) }, inc('n', int(-5))).value).toEqual(int(INT64_MIN));
    expect(run({ n: int(INT64_MAX) }, inc('n', int(INT64_MIN))).value).toEqual(int(-1));
  });

  it('returns the new value as the transform result', () => {
    expect(run({ n: int(1) }, inc('n', int(1))).result).toEqual(int(2));
  });

  it('rejects non-numeric operands', () => {
    try {
      parseTransform(inc('n', str('1')));
      expect.unreachable();
    } catch (e) {
      expect((e as FirestoreError).code).toBe(Code.INVALID_ARGUMENT);
    }
  });
});

describe('maximum / minimum', () => {
  it('keeps the larger (smaller) value with its own type', () => {
    expect(run({ n: int(3) }, max('n', dbl(3.5))).value).toEqual(dbl(3.5));
    expect(run({ n: int(3) }, max('n', dbl(2.5))).value).toEqual(int(3));
    expect(run({ n: dbl(3.5) }, min('n', int(3))).value).toEqual(int(3));
    expect(run({ n: int(-4) }, min('n', int(-3))).value).toEqual(int(-4));
  });

  it('keeps the stored value when the values are equal (3 vs 3.0, 0 vs -0)', () => {
    // write.proto: "If the operands are equivalent (e.g. 3 and 3.0), the field does not change."
    expect(run({ n: int(3) }, max('n', dbl(3))).value).toEqual(int(3));
    expect(run({ n: dbl(3) }, min('n', int(3))).value).toEqual(dbl(3));
    const zero = run({ n: dbl(-0) }, max('n', int(0)));
    expect(zero.value).toEqual(dbl(-0));
    expect(Object.is(zero.value!.doubleValue, -0)).toBe(true);
    expect(run({ n: int(0) }, min('n', dbl(-0))).value).toEqual(int(0));
  });

  it('lets NaN win on either side', () => {
    // write.proto: "The maximum of any numeric value x and NaN is NaN." (likewise minimum)
    expect(run({ n: int(3) }, max('n', dbl(NaN))).value!.doubleValue).toBeNaN();
    expect(run({ n: dbl(NaN) }, max('n', int(3))).value!.doubleValue).toBeNaN();
    expect(run({ n: int(3) }, min('n', dbl(NaN))).value!.doubleValue).toBeNaN();
    expect(run({ n: dbl(NaN) }, min('n', dbl(-Infinity))).value!.doubleValue).toBeNaN();
  });

  it('compares large ints exactly against doubles', () => {
    expect(run({ n: int(2n ** 53n + 1n) }, max('n', dbl(2 ** 53))).value).toEqual(int(2n ** 53n + 1n));
    expect(run({ n: int(2n ** 53n + 1n) }, min('n', dbl(2 ** 53))).value).toEqual(dbl(2 ** 53));
  });

  it('sets the operand when the field is missing or not a number, and returns the new value', () => {
    const r = run({ n: str('x') }, max('n', int(1)));
    expect(r.value).toEqual(int(1));
    expect(r.result).toEqual(int(1));
    expect(run({}, min('n', dbl(2))).value).toEqual(dbl(2));
  });
});

describe('arrayUnion (appendMissingElements)', () => {
  it('appends missing elements in order, skipping present ones and duplicates in the input', () => {
    const { value, result } = run({ a: arr(int(1), str('x')) }, union('a', str('x'), int(2), int(2), int(3)));
    expect(value).toEqual(arr(int(1), str('x'), int(2), int(3)));
    expect(result).toEqual(NULL_VALUE);
  });

  it('treats NaN as equal to NaN and null as equal to null', () => {
    expect(
      run({ a: arr(dbl(NaN), NULL_VALUE) }, union('a', dbl(NaN), NULL_VALUE)).value!.arrayValue!.values,
    ).toHaveLength(2);
  });

  it('uses strict equality: 1 and 1.0 are different elements, as the web SDK computes it locally', () => {
    // The web SDK recomputes array transforms itself (applyArrayUnionTransformOperation uses the
    // strict valueEquals); write.proto instead documents 3L and 3.0 as equivalent. See the report.
    expect(run({ a: arr(int(1)) }, union('a', dbl(1))).value).toEqual(arr(int(1), dbl(1)));
    expect(run({ a: arr(dbl(0)) }, union('a', dbl(-0))).value!.arrayValue!.values).toHaveLength(2);
  });

  it('compares maps and nested values structurally', () => {
    const m = () => mapValue({ k: arr(str('v')) });
    expect(run({ a: arr(m()) }, union('a', m())).value).toEqual(arr(m()));
  });

  it('starts from an empty array when the field is missing or not an array', () => {
    expect(run({}, union('a', int(1))).value).toEqual(arr(int(1)));
    expect(run({ a: str('x') }, union('a', int(1))).value).toEqual(arr(int(1)));
    expect(run({ a: mapValue({}) }, union('a')).value).toEqual(arr());
  });
});

describe('arrayRemove (removeAllFromArray)', () => {
  it('removes every occurrence, returning null as the result', () => {
    const { value, result } = run({ a: arr(int(1), int(2), int(1), str('1')) }, remove('a', int(1)));
    expect(value).toEqual(arr(int(2), str('1')));
    expect(result).toEqual(NULL_VALUE);
  });

  it('uses strict equality (1.0 does not remove 1) but removes NaN with NaN', () => {
    expect(run({ a: arr(int(1)) }, remove('a', dbl(1))).value).toEqual(arr(int(1)));
    expect(run({ a: arr(dbl(NaN), int(1)) }, remove('a', dbl(NaN))).value).toEqual(arr(int(1)));
  });

  it('sets an empty array when the field is missing or not an array', () => {
    expect(run({}, remove('a', int(1))).value).toEqual(arr());
    expect(run({ a: int(1) }, remove('a', int(1))).value).toEqual(arr());
  });
});

describe('applyTransforms', () => {
  it('applies transforms in order, each seeing the previous result', () => {
    const out = applyTransforms(
      {},
      [parseTransform(inc('n', int(1))), parseTransform({ fieldPath: 'm', maximum: int(9) })],
      COMMIT,
    );
    expect(out.fields).toEqual({ n: int(1), m: int(9) });
    expect(out.results).toEqual([int(1), int(9)]);
  });

  it('does not mutate its input', () => {
    const fields: Fields = { n: int(1), a: arr(int(1)) };
    applyTransforms(fields, [parseTransform(inc('n', int(1))), parseTransform(union('a', int(2)))], COMMIT);
    expect(fields).toEqual({ n: int(1), a: arr(int(1)) });
  });

  it('infers the transform kind when transformType is absent (REST JSON)', () => {
    expect(parseTransform({ fieldPath: 'a', appendMissingElements: { values: [int(1)] } }).kind).toBe(
      'arrayUnion',
    );
    expect(parseTransform({ fieldPath: 'a', removeAllFromArray: {} }).kind).toBe('arrayRemove');
    expect(() => parseTransform({ fieldPath: 'a' })).toThrow(FirestoreError);
  });

  it('rejects arrays nested in array transform operands', () => {
    expect(() => parseTransform(union('a', arr(int(1))))).toThrow(FirestoreError);
  });
});
