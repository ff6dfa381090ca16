import { describe, expect, it } from 'vitest';
import { reason, value } from './harness.js';
import { str } from './values.js';

describe('conversions (§6.3, §6.4, §6.13)', () => {
  it('E11, E12', () => {
    expect(
      value("string(true) == 'true' && string(1) == '1' && string(2.0) == '2.0' && string(null) == 'null'"),
    ).toBe(true);
    expect(value("int('2') == 2 && int(2.0) == 2 && float('2.2') == 2.2 && float(2) == 2.0")).toBe(true);
  });
  it.each([
    ['int(-2.7)', -2n],
    ["int('-12')", -12n],
    ['int(5)', 5n],
    ["float('1e3')", 1000],
    ["float('.5')", 0.5],
    ['string(1.5)', '1.5'],
    ['string(-3)', '-3'],
    ["string('s')", 's'],
    ["path('/a//b/')", { path: 'a/b' }],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));
  it.each([
    "int('x')",
    "int('1.5')",
    'int(1.0/0.0)',
    "int('9223372036854775808')",
    "float('x')",
    'float(null)',
    'string([1])',
    'path(/a/b)',
    'bool(1)',
    'nope()',
  ])('%s → error', (src) => expect(reason(src)).toBeDefined());
  it('unknown global', () => expect(reason('bool(1)')).toBe('Function not found error: Name: [bool].'));
});

describe('math (§6.3)', () => {
  it('G09', () => {
    const src =
      'math.abs(-3) == 3 && math.ceil(4.2) == 5 && math.floor(4.8) == 4 && math.round(3.5) == 4 && math.sqrt(9) == 3.0 && math.pow(3, 2) == 9';
    expect(value(src)).toBe(true);
  });
  it.each([
    ['math.abs(-3)', 3n],
    ['math.abs(-2.5)', 2.5],
    ['math.ceil(4.2)', 5n],
    ['math.floor(-4.2)', -5n],
    ['math.round(-3.5)', -4n],
    ['math.round(2.4)', 2n],
    ['math.round(7)', 7n],
    ['math.sqrt(2)', Math.SQRT2],
    ['math.pow(2, 0.5)', Math.SQRT2],
    ['math.isNaN(0.0/0.0)', true],
    ['math.isNaN(1)', false],
    ['math.isInfinite(-1.0/0.0)', true],
    ['math.isInfinite(1.0)', false],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));
  it('G10 and unknown functions', () => {
    expect(reason("math.abs('a') == 1")).toBe(
      'Unsupported operation error. Received: math.abs(string). Expected: math.abs(int|float).',
    );
    expect(reason('math.nope(1)')).toBe('Function not found error: Name: [math.nope].');
    expect(reason('math.floor(0.0/0.0)')).toMatch(/Invalid argument/);
  });
  it('a variable named like a namespace shadows it', () => {
    expect(reason('math.abs(1)', { math: str('x') })).toMatch(/Function not found error: Name: \[abs\]/);
  });
});

describe('hashing (§6.5)', () => {
  it('G11, G12', () => {
    expect(
      value(
        "hashing.sha256('abc').toHexString() == 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD'",
      ),
    ).toBe(true);
    expect(value("hashing.md5('abc').toHexString() == '900150983CD24FB0D6963F7D28E17F72'")).toBe(true);
  });
  it.each([
    ["hashing.crc32('123456789').toHexString()", 'CBF43926'],
    ["hashing.crc32c('123456789').toHexString()", 'E3069283'],
    ["hashing.md5(b'abc').toHexString()", '900150983CD24FB0D6963F7D28E17F72'],
  ])('%s', (src, expected) => expect(value(src)).toBe(expected));
  it('argument type', () => expect(reason('hashing.md5(1)')).toMatch(/Unsupported/));
});

describe('timestamp (§6.10)', () => {
  it('G01–G04, G08', () => {
    expect(
      value(
        'timestamp.date(2001, 9, 30).year() == 2001 && timestamp.date(2001, 9, 30).month() == 9 && timestamp.date(2001, 9, 30).day() == 30',
      ),
    ).toBe(true);
    expect(value("timestamp.value(86400000) - timestamp.value(0) == duration.value(1, 'd')")).toBe(true);
    expect(value("timestamp.value(0) + duration.value(1, 'h') == timestamp.value(3600000)")).toBe(true);
    expect(value('timestamp.value(0).dayOfWeek() == 4 && timestamp.value(0).toMillis() == 0')).toBe(true);
    expect(reason('timestamp.value(1000) < 5')).toMatch(/^Unsupported operation error/);
  });
  const t = 'timestamp.value(1700000000123)'; // 2023-11-14T22:13:20.123Z, a Tuesday, day 318
  it.each([
    [`${t}.year()`, 2023n],
    [`${t}.month()`, 11n],
    [`${t}.day()`, 14n],
    [`${t}.hours()`, 22n],
    [`${t}.minutes()`, 13n],
    [`${t}.seconds()`, 20n],
    [`${t}.nanos()`, 123_000_000n],
    [`${t}.dayOfWeek()`, 2n],
    [`${t}.dayOfYear()`, 318n],
    [`${t}.toMillis()`, 1700000000123n],
    [`${t}.date() == timestamp.date(2023, 11, 14)`, true],
    [`${t}.time() == duration.time(22, 13, 20, 123000000)`, true],
    ['timestamp.value(-1).year()', 1969n],
    ['timestamp.value(-1).nanos()', 999_000_000n],
    ['timestamp.value(-1).toMillis()', -1n],
    ['timestamp.date(2024, 12, 31).dayOfYear()', 366n],
    ['timestamp.date(2024, 3, 3).dayOfWeek()', 7n],
    ['timestamp.date(1, 1, 1).year()', 1n],
    ['timestamp.value(1) > timestamp.value(0)', true],
    ["timestamp.value(0) - duration.value(1, 'ms') == timestamp.value(-1)", true],
    ["duration.value(1, 'd') + timestamp.value(0) == timestamp.value(86400000)", true],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));
  it.each([
    'timestamp.date(2023, 2, 29)',
    'timestamp.date(2023, 13, 1)',
    'timestamp.date(10000, 1, 1)',
    'timestamp.value(253402300800000)',
    "timestamp.date(1, 1, 1) - duration.value(1, 's')",
    "timestamp.value('0')",
    'timestamp.value(0) + timestamp.value(0)',
    'timestamp.value(0).foo()',
  ])('%s → error', (src) => expect(reason(src)).toBeDefined());
});

describe('duration (§6.11)', () => {
  it('G05, G06', () => {
    expect(reason("duration.value(1, 'y') > duration.value(0, 's')")).toMatch(/duration unit y/);
    expect(
      value(
        "duration.abs(duration.value(-7, 'm')) == duration.value(420, 's') && duration.time(2, 0, 0, 0) == duration.value(120, 'm') && duration.value(90, 's').seconds() == 90",
      ),
    ).toBe(true);
  });
  it.each([
    ["duration.value(1, 'w') == duration.value(7, 'd')", true],
    ["duration.value(1500, 'ms').seconds()", 1n],
    ["duration.value(1500, 'ms').nanos()", 500_000_000n],
    ["duration.value(-1500, 'ms').seconds()", -1n],
    ["duration.value(-1500, 'ms').nanos()", -500_000_000n],
    ["duration.value(5, 'ns').nanos()", 5n],
    ["-duration.value(1, 's') == duration.value(-1, 's')", true],
    ["duration.value(1, 'h') - duration.value(30, 'm') == duration.value(30, 'm')", true],
    ["duration.value(1, 's') < duration.value(2, 's')", true],
  ])('%s', (src, expected) => expect(value(src)).toEqual(expected));
  it.each([
    "duration.value(315576000001, 's')",
    "duration.value(1.5, 's')",
    "duration.value(1, 'toString')",
    'duration.abs(1)',
    "duration.value(1, 's') + 1",
    "duration.value(1, 's').foo()",
  ])('%s → error', (src) => expect(reason(src)).toBeDefined());
});

describe('latlng (§6.12)', () => {
  it('G14', () => {
    expect(
      value(
        'latlng.value(10.5, 20.25).longitude() == 20.25 && latlng.value(1.0, 2.0).distance(latlng.value(1.0, 2.0)) == 0.0',
      ),
    ).toBe(true);
  });
  it('distance and validation', () => {
    const d = value('latlng.value(0, 0).distance(latlng.value(0, 1))') as number;
    expect(d).toBeCloseTo(111_195, -1);
    expect(value('latlng.value(1, 2).latitude()')).toBe(1);
    expect(reason('latlng.value(91, 0)')).toMatch(/Invalid argument/);
    expect(reason("latlng.value('a', 0)")).toMatch(/Unsupported/);
    expect(reason('latlng.value(0, 0).distance(1)')).toMatch(/Unsupported/);
  });
});
