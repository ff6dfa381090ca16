import { describe, expect, it } from 'vitest';
import { Code, FirestoreError } from './errors.js';
import { Clock, fromTimestamp, parseRfc3339, toRfc3339, toTimestamp } from './time.js';

const S = 1_000_000_000n;

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

describe('protobuf timestamps', () => {
  it('converts nanoseconds to {seconds, nanos} with non-negative nanos', () => {
    expect(toTimestamp(0n)).toEqual({ seconds: '0', nanos: 0 });
    expect(toTimestamp(1_500_000_000n)).toEqual({ seconds: '1', nanos: 500_000_000 });
    expect(toTimestamp(-1n)).toEqual({ seconds: '-1', nanos: 999_999_999 });
    expect(toTimestamp(-S)).toEqual({ seconds: '-1', nanos: 0 });
  });

  it('reads {seconds, nanos} back exactly, with absent fields as zero', () => {
    expect(fromTimestamp({ seconds: '-1', nanos: 999_999_999 })).toBe(-1n);
    expect(fromTimestamp({})).toBe(0n);
    expect(fromTimestamp({ seconds: 5 })).toBe(5n * S);
    expect(fromTimestamp({ nanos: 7 })).toBe(7n);
  });

  it('accepts 0001-01-01 to 9999-12-31 and nothing outside', () => {
    expect(fromTimestamp({ seconds: '-62135596800' })).toBe(-62135596800n * S);
    expect(fromTimestamp({ seconds: '253402300799', nanos: 999_999_999 })).toBe(
      253402300799n * S + 999_999_999n,
    );
    expectInvalid(() => fromTimestamp({ seconds: '-62135596801' }));
    expectInvalid(() => fromTimestamp({ seconds: '253402300800' }));
  });

  it('also reads the proto3 JSON form (RFC 3339 text) that REST clients send', () => {
    expect(fromTimestamp('1970-01-01T00:00:01.000000002Z')).toBe(S + 2n);
    expectInvalid(() => fromTimestamp('soon'));
    expectInvalid(() => fromTimestamp(null as unknown as string));
  });

  it('rejects nanos outside [0, 999999999] and non-integer parts', () => {
    expectInvalid(() => fromTimestamp({ nanos: -1 }));
    expectInvalid(() => fromTimestamp({ nanos: 1_000_000_000 }));
    expectInvalid(() => fromTimestamp({ nanos: 0.5 }));
    expectInvalid(() => fromTimestamp({ seconds: 'x' }));
  });
});

describe('RFC 3339', () => {
  it('formats with 0, 3, 6 or 9 fractional digits, as Google APIs do', () => {
    expect(toRfc3339(0n)).toBe('1970-01-01T00:00:00Z');
    expect(toRfc3339(1_100_000_000n)).toBe('1970-01-01T00:00:01.100Z');
    expect(toRfc3339(1_000_001_000n)).toBe('1970-01-01T00:00:01.000001Z');
    expect(toRfc3339(1_000_000_001n)).toBe('1970-01-01T00:00:01.000000001Z');
    expect(toRfc3339(-1n)).toBe('1969-12-31T23:59:59.999999999Z');
  });

  it('round-trips nine fractional digits exactly (Date.parse would drop them)', () => {
    const text = '2024-02-29T12:34:56.123456789Z';
    const t = parseRfc3339(text);
    expect(t % 1000n).toBe(789n);
    expect(toRfc3339(t)).toBe(text);
    for (const n of [
      0n,
      1n,
      999_999_999n,
      1_700_000_000_123_456_789n,
      -62135596800n * S,
      253402300799n * S + 999_999_999n,
    ])
      expect(parseRfc3339(toRfc3339(n))).toBe(n);
  });

  it('applies UTC offsets', () => {
    expect(parseRfc3339('1970-01-01T05:30:00+05:30')).toBe(0n);
    expect(parseRfc3339('1969-12-31T19:00:00.5-05:00')).toBe(500_000_000n);
    expect(parseRfc3339('2020-01-01T00:00:00+00:00')).toBe(parseRfc3339('2020-01-01T00:00:00Z'));
    expect(parseRfc3339('2020-01-01t00:00:00z')).toBe(parseRfc3339('2020-01-01T00:00:00Z'));
  });

  it('reads fractions of any length up to nine digits', () => {
    expect(parseRfc3339('1970-01-01T00:00:00.1Z')).toBe(100_000_000n);
    expect(parseRfc3339('1970-01-01T00:00:00.0001Z')).toBe(100_000n);
  });

  it('handles years before 100 (Date.UTC would map them to 19xx)', () => {
    expect(parseRfc3339('0001-01-01T00:00:00Z')).toBe(-62135596800n * S);
    expect(toRfc3339(parseRfc3339('0099-12-31T23:59:59Z'))).toBe('0099-12-31T23:59:59Z');
  });

  it('rejects malformed text and impossible dates instead of rolling them over', () => {
    for (const bad of [
      '',
      '2020-01-01',
      '2020-01-01T00:00:00',
      '2020-01-01T00:00:00.1234567890Z',
      '2020-13-01T00:00:00Z',
      '2021-02-29T00:00:00Z',
      '2020-01-32T00:00:00Z',
      '2020-01-01T24:00:00Z',
      '2020-01-01T00:60:00Z',
      '2020-01-01T00:00:61Z',
      '10000-01-01T00:00:00Z',
    ])
      expectInvalid(() => parseRfc3339(bad));
  });
});

describe('Clock', () => {
  it('hands out strictly increasing microsecond commit times, even in a tight loop', () => {
    const clock = new Clock();
    let last = clock.next();
    for (let i = 0; i < 10_000; i++) {
      const t = clock.next();
      expect(t > last).toBe(true);
      expect(t % 1000n).toBe(0n);
      last = t;
    }
  });

  it('keeps commit times after a read time that was handed out', () => {
    const clock = new Clock();
    for (let i = 0; i < 1000; i++) {
      const read = clock.readTime();
      const commit = clock.next();
      expect(commit > read).toBe(true);
      expect(clock.readTime() >= commit).toBe(true);
    }
  });

  it('tracks the wall clock', () => {
    const ms = Number(new Clock().now() / 1_000_000n);
    expect(Math.abs(ms - Date.now())).toBeLessThan(1000);
  });
});
