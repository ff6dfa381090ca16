import { describe, expect, it } from 'vitest';
import { reason, value } from './harness.js';
import { int } from './values.js';

const MAX = int(2n ** 63n - 1n);
const MIN = int(-(2n ** 63n));

describe('arithmetic (§5.6)', () => {
  it.each([
    ['1 + 2 * 3', 7n],
    ['7 - 10', -3n],
    ['7 / 2', 3n],
    ['-7 / 2', -3n],
    ['7 % 3', 1n],
    ['-7 % 3', -1n],
    ['7 % -3', 1n],
    ['7.0 / 2', 3.5],
    ['1 + 0.5', 1.5],
    ['2 * 1.5', 3],
    ['5.5 % 2', 1.5],
    ['1.0 / 0', Infinity],
    ['-1.0 / 0.0', -Infinity],
    ["'a' + 'b'", 'ab'],
  ])('%s = %s', (src, expected) => expect(value(src)).toEqual(expected));

  it('float 0/0 is NaN', () => expect(value('0.0 / 0.0')).toBeNaN());

  it.each([
    ['1 / 0', 'Division by zero.'],
    ['1 % 0', 'Division by zero.'],
    ["'a' + 1", 'Unsupported operation error. Received: string + int.'],
    ["['a'] + ['b']", 'Unsupported operation error. Received: list + list.'],
    ['true + true', 'Unsupported operation error. Received: bool + bool.'],
    ['null * 2', 'Unsupported operation error. Received: null * int.'],
    ["'ab' - 'b'", 'Unsupported operation error. Received: string - string.'],
  ])('%s → %s', (src, expected) => expect(reason(src)).toBe(expected));

  it('64-bit overflow is an error', () => {
    expect(reason('max + 1', { max: MAX })).toBe('Integer overflow.');
    expect(reason('min - 1', { min: MIN })).toBe('Integer overflow.');
    expect(reason('max * 2', { max: MAX })).toBe('Integer overflow.');
    expect(reason('min / -1', { min: MIN })).toBe('Integer overflow.');
    expect(value('max - 1 + 1', { max: MAX })).toBe(2n ** 63n - 1n);
    expect(value('min % -1', { min: MIN })).toBe(0n);
  });

  it('D09, D14, D15, D25, E09', () => {
    expect(value('1 + 2 * 3 == 7')).toBe(true);
    expect(value('7 / 2 == 3 && 7 % 3 == 1')).toBe(true);
    expect(value('7.0 / 2 == 3.5')).toBe(true);
    expect(reason("(['a'] + ['b']).size() == 2")).toBeDefined();
    expect(value("'a' + 'b' == 'ab'")).toBe(true);
    expect(reason("'a' + 1 == 'a1'")).toBeDefined();
  });
});

describe('equality (§5.4)', () => {
  it.each([
    ['1 == 1.0', true],
    ['[1] == [1.0]', false],
    ["{'a': 1} == {'a': 1.0}", false],
    ["'1' == 1", false],
    ["'1' != 1", true],
    ["null == 'x'", false],
    ['null == null', true],
    ['[1, [2]] == [1, [2]]', true],
    ['[1, 2] == [2, 1]', false],
    ["{'a': 1, 'b': 2} == {'b': 2, 'a': 1}", true],
    ["{'a': 1} == {'a': 1, 'b': 2}", false],
    ["b'ab' == b'ab'", true],
    ["b'ab' != b'ac'", true],
    ['[1, 1.0].toSet() == [1].toSet()', true],
    ['0.0 / 0.0 == 0.0 / 0.0', false],
    ['/a/b == /a/b', true],
    ['true != false', true],
    // D10, D11, D13, D16
    ['1 < 2 == true', true],
    ["'a' == 1", false],
    ["!('a' == 1)", true],
    ["null == null && !(null == 'x')", true],
  ])('%s → %s', (src, expected) => expect(value(src)).toBe(expected));

  it('an error operand is an error', () => expect(reason('(1/0) == 1')).toBe('Division by zero.'));
});

describe('ordering (§5.5)', () => {
  it.each([
    ['1 < 2', true],
    ['2 <= 2', true],
    ['3 > 2.5', true],
    ['2.5 >= 3', false],
    ["'b' > 'a' && 'B' < 'a'", true],
    ["'a' < 'ab'", true],
    ['false < true', true],
    ["b'a' < b'b'", true],
    ["b'a' < b'ab'", true],
    ['0.0/0.0 < 1', false],
  ])('%s → %s', (src, expected) => expect(value(src)).toBe(expected));

  it.each(["'a' < 1", '[1] < [2]', 'null < 1', "{'a':1} > {}", '/a < /b', "!('a' < 1)"])(
    '%s → error',
    (src) => expect(reason(src)).toMatch(/^Unsupported operation error/),
  );

  it('huge ints compare exactly', () => {
    expect(value('max > max - 1', { max: MAX })).toBe(true);
    expect(value('max - 1 < max', { max: MAX })).toBe(true);
  });
});

describe('in (§5.7)', () => {
  it.each([
    ['2 in [1,2,3]', true],
    ['4 in [1,2,3]', false],
    ['1.0 in [1]', true],
    ["'a' in ['a'].toSet()", true],
    ["'a' in {'a': 1}", true],
    ["'b' in {'a': 1}", false],
  ])('%s → %s', (src, expected) => expect(value(src)).toBe(expected));

  it.each([
    ["'a' in 'abc'", 'Function not found error: Name: [in].'],
    ['1 in 2', 'Function not found error: Name: [in].'],
    ["1 in {'a': 1}", 'Unsupported operation error. Received: map.in(int). Expected: map.in(string).'],
    ['1 in null', 'Null value error.'],
  ])('%s → %s', (src, expected) => expect(reason(src)).toBe(expected));
});

describe('is (§5.8)', () => {
  it('D17', () => {
    const src =
      "1 is int && 1.0 is float && 1 is number && 'a' is string && [1] is list && {'a':1} is map && !(1 is float)";
    expect(value(src)).toBe(true);
  });
  it.each([
    ['1.0 is int', false],
    ['1.5 is number', true],
    ['null is null', true],
    ["b'a' is bytes", true],
    ['true is bool', true],
    ['[1].toSet() is set', true],
    ["{'a':1}.diff({}) is map_diff", true],
    ['/a/b is path', true],
    ["path('a/b') is path", true],
    ['timestamp.value(0) is timestamp', true],
    ["duration.value(1, 's') is duration", true],
    ['latlng.value(1, 2) is latlng', true],
    ["'a' is map", false],
  ])('%s → %s', (src, expected) => expect(value(src)).toBe(expected));
  it('an error operand stays an error', () => expect(reason("{'a':1}.b is string")).toMatch(/undefined/));
});

describe('int/float comparisons are exact', () => {
  const big = int(2n ** 53n + 1n);
  it.each([
    ['big == 9007199254740992.0', false],
    ['big > 9007199254740992.0', true],
    ['big - 1 == 9007199254740992.0', true],
    ['2 < 2.5 && 3 > 2.5 && 2 <= 2.0 && 2.0 >= 2', true],
    ['-3 < -2.5 && -2 > -2.5', true],
    ['max < 1.0/0.0 && min > -1.0/0.0', true],
    ['1 == 0.0/0.0 || 1 < 0.0/0.0 || 1 >= 0.0/0.0', false],
  ])('%s → %s', (src, expected) => expect(value(src, { big, max: MAX, min: MIN })).toBe(expected));
});
