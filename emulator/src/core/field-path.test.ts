import { describe, expect, it } from 'vitest';
import { Code, FirestoreError } from './errors.js';
import {
  fieldPathKey,
  formatFieldPath,
  getField,
  isNameField,
  isPrefixOf,
  parseFieldPath,
  setField,
} from './field-path.js';
import { NULL_VALUE, integerValue, mapValue, type Fields, type Value } from './values/value.js';

const int = (n: number): Value => integerValue(BigInt(n));

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FirestoreError);
    expect((e as FirestoreError).code).toBe(Code.INVALID_ARGUMENT);
    return;
  }
  throw new Error('expected INVALID_ARGUMENT, nothing was thrown');
}

describe('parseFieldPath', () => {
  it('splits dotted identifiers', () => {
    expect(parseFieldPath('a')).toEqual(['a']);
    expect(parseFieldPath('a.b_1.C')).toEqual(['a', 'b_1', 'C']);
    expect(parseFieldPath('__name__')).toEqual(['__name__']);
  });

  it('reads backtick-quoted segments with \\` and \\\\ escapes', () => {
    expect(parseFieldPath('`a.b`')).toEqual(['a.b']);
    expect(parseFieldPath('x.`a b`.y')).toEqual(['x', 'a b', 'y']);
    expect(parseFieldPath('`a\\`b`')).toEqual(['a`b']);
    expect(parseFieldPath('`a\\\\b`')).toEqual(['a\\b']);
    expect(parseFieldPath('`1`')).toEqual(['1']);
    expect(parseFieldPath('`\u{1F600}`.`é`')).toEqual(['\u{1F600}', 'é']);
  });

  it('rejects empty paths and segments, stray dots, unquoted non-identifiers and unterminated quotes', () => {
    for (const bad of ['', 'a..b', '.a', 'a.', '1a', 'a-b', 'a b', '`a', '`a`b', '``', 'a.``', '`a\\`'])
      expectInvalid(() => parseFieldPath(bad));
    expectInvalid(() => parseFieldPath(undefined));
    expectInvalid(() => parseFieldPath(5));
  });

  it('rejects paths longer than 1500 bytes', () => {
    expect(parseFieldPath('a'.repeat(1500))).toHaveLength(1);
    expectInvalid(() => parseFieldPath('a'.repeat(1501)));
  });
});

describe('formatFieldPath', () => {
  it('quotes only segments that are not identifiers, escaping backticks and backslashes', () => {
    expect(formatFieldPath(['a', 'b'])).toBe('a.b');
    expect(formatFieldPath(['a.b', 'c d', '1'])).toBe('`a.b`.`c d`.`1`');
    expect(formatFieldPath(['a`b\\c'])).toBe('`a\\`b\\\\c`');
  });

  it('round-trips through parseFieldPath', () => {
    for (const p of [['a'], ['a.b', 'c'], ['`'], ['\\'], ['x', '\u{1F600}', '__name__'], ['a`b\\c', 'ok']])
      expect(parseFieldPath(formatFieldPath(p))).toEqual(p);
  });
});

describe('helpers', () => {
  it('recognizes __name__ only as a whole path', () => {
    expect(isNameField(['__name__'])).toBe(true);
    expect(isNameField(['a', '__name__'])).toBe(false);
  });

  it('isPrefixOf compares whole segments', () => {
    expect(isPrefixOf(['a'], ['a', 'b'])).toBe(true);
    expect(isPrefixOf(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(isPrefixOf(['a'], ['ab'])).toBe(false);
    expect(isPrefixOf(['a', 'b'], ['a'])).toBe(false);
  });

  it('fieldPathKey distinguishes ["a.b"] from ["a", "b"]', () => {
    expect(fieldPathKey(['a.b'])).not.toBe(fieldPathKey(['a', 'b']));
  });
});

describe('getField', () => {
  const fields: Fields = { a: mapValue({ b: mapValue({ c: int(1) }), n: NULL_VALUE }), x: int(2) };

  it('walks nested maps', () => {
    expect(getField(fields, ['a', 'b', 'c'])).toEqual(int(1));
    expect(getField(fields, ['a', 'n'])).toEqual(NULL_VALUE);
    expect(getField(fields, ['x'])).toEqual(int(2));
  });

  it('returns undefined for missing steps and for steps through non-maps', () => {
    expect(getField(fields, ['nope'])).toBeUndefined();
    expect(getField(fields, ['a', 'zz', 'c'])).toBeUndefined();
    expect(getField(fields, ['x', 'y'])).toBeUndefined();
    expect(getField(fields, ['a', 'n', 'y'])).toBeUndefined();
  });
});

describe('setField', () => {
  it('sets a nested value, creating maps on the way, without mutating the input', () => {
    const before: Fields = { a: mapValue({ keep: int(1) }) };
    const after = setField(before, ['a', 'b', 'c'], int(5));
    expect(after).toEqual({ a: mapValue({ keep: int(1), b: mapValue({ c: int(5) }) }) });
    expect(before).toEqual({ a: mapValue({ keep: int(1) }) });
  });

  it('replaces a non-map on the way with a map', () => {
    expect(setField({ a: int(1) }, ['a', 'b'], int(2))).toEqual({ a: mapValue({ b: int(2) }) });
  });

  it('deletes a value, keeping its (possibly empty) parent map', () => {
    expect(setField({ a: mapValue({ b: int(1) }) }, ['a', 'b'], undefined)).toEqual({ a: mapValue({}) });
    expect(setField({ a: int(1), b: int(2) }, ['a'], undefined)).toEqual({ b: int(2) });
  });

  it('leaves the fields alone when deleting a path that does not exist', () => {
    expect(setField({ a: int(1) }, ['a', 'b'], undefined)).toEqual({ a: int(1) });
    expect(setField({}, ['a', 'b', 'c'], undefined)).toEqual({});
    expect(setField({ a: mapValue({}) }, ['a', 'b', 'c'], undefined)).toEqual({ a: mapValue({}) });
  });
});
