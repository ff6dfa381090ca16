import { describe, expect, it } from 'vitest';
import { comparePaths, compareSegments, compareUtf8 } from './compare-strings.js';

/** The reference order: UTF-8 bytes, which is what Cloud Firestore sorts strings by. */
const byUtf8Bytes = (a: string, b: string): number =>
  Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('compareUtf8', () => {
  it('orders an astral character after U+FFFD and U+E000, unlike JavaScript `<`', () => {
    const grin = '\u{1F600}';
    // JS compares UTF-16 code units: 0xD83D < 0xFFFD. Firestore (UTF-8) says the opposite.
    expect(grin < '\uFFFD').toBe(true);
    expect(compareUtf8(grin, '\uFFFD')).toBe(1);
    expect(compareUtf8('\uFFFD', grin)).toBe(-1);
    expect(compareUtf8(grin, '\uE000')).toBe(1);
    expect(compareUtf8('a' + grin, 'a\uFFFF')).toBe(1);
  });

  it('orders astral characters among themselves by code point', () => {
    expect(compareUtf8('\u{1F600}', '\u{1F601}')).toBe(-1);
    expect(compareUtf8('\u{10000}', '\u{1F600}')).toBe(-1);
    expect(compareUtf8('\u{1F600}x', '\u{1F600}y')).toBe(-1);
  });

  it('treats a prefix as smaller and equal strings as equal', () => {
    expect(compareUtf8('ab', 'abc')).toBe(-1);
    expect(compareUtf8('abc', 'ab')).toBe(1);
    expect(compareUtf8('', '')).toBe(0);
    expect(compareUtf8('', 'a')).toBe(-1);
    expect(compareUtf8('\u{1F600}', '\u{1F600}')).toBe(0);
  });

  it('agrees with a byte-wise comparison of the UTF-8 encodings on a mixed sample', () => {
    const sample = [
      '',
      'a',
      'A',
      'ab',
      'é',
      'z',
      '\u0000',
      '\u007F',
      '\u0080',
      '\u07FF',
      '\u0800',
      '\uD7FF',
      '\uE000',
      '\uFFFD',
      '\uFFFF',
      '\u{10000}',
      '\u{1F600}',
      '\u{10FFFF}',
      'a\u{1F600}',
      'a\uFFFD',
    ];
    for (const a of sample)
      for (const b of sample)
        expect(compareUtf8(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(byUtf8Bytes(a, b));
  });
});

describe('compareSegments', () => {
  it('puts numeric ids first, ordered numerically, then strings by UTF-8', () => {
    expect(compareSegments('__id2__', '__id10__')).toBe(-1); // numerically, not as text
    expect(compareSegments('__id-5__', '__id3__')).toBe(-1);
    expect(compareSegments('__id-9223372036854775808__', '__id-1__')).toBe(-1);
    expect(compareSegments('__id12__', '__id12__')).toBe(0);
    expect(compareSegments('__id99__', 'a')).toBe(-1);
    expect(compareSegments('A', '__id1__')).toBe(1);
    // '0' < '_' as text, but the numeric id still comes first.
    expect(compareSegments('__id1__', '0')).toBe(-1);
    expect(compareSegments('\u{1F600}', '\uFFFD')).toBe(1);
  });

  it('treats look-alikes that are not numeric ids as strings', () => {
    expect(compareSegments('__idx__', '__id1__')).toBe(1);
    expect(compareSegments('__id__', 'a')).toBe(-1); // '_' < 'a' as text
  });
});

describe('comparePaths', () => {
  it('compares segment-wise: a/b < a/b/c < a/b\\u0000', () => {
    expect(comparePaths('a/b', 'a/b/c')).toBe(-1);
    expect(comparePaths('a/b/c', 'a/b\u0000')).toBe(-1);
    expect(comparePaths('a/b', 'a/b\u0000')).toBe(-1);
    // Plain string order would put 'a/b/c' after 'a/b\u0000' ('/' > '\u0000'); segment-wise it is before.
    expect('a/b/c' > 'a/b\u0000').toBe(true);
  });

  it('compares a parent before its children and the same path as equal', () => {
    expect(comparePaths('c/d', 'c/d')).toBe(0);
    expect(comparePaths('c/d/e/f', 'c/d')).toBe(1);
    expect(comparePaths('c/a/x/y', 'c/b')).toBe(-1);
  });

  it('applies numeric-id ordering inside paths', () => {
    expect(comparePaths('c/__id10__', 'c/__id9__')).toBe(1);
    expect(comparePaths('c/__id10__', 'c/a')).toBe(-1);
    expect(comparePaths('c/__id1__/s/z', 'c/__id2__')).toBe(-1);
  });
});

describe('comparePaths agrees with a plain segment-by-segment comparison', () => {
  // Reference implementation: split and compare segment by segment.
  const reference = (a: string, b: string): number => {
    const sa = a.split('/');
    const sb = b.split('/');
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      const c = compareSegments(sa[i]!, sb[i]!);
      if (c !== 0) return c;
    }
    return Math.sign(sa.length - sb.length);
  };
  it('on 20,000 random pairs of paths built from tricky segments', () => {
    const pieces = ['a', 'ab', 'b', '__id1__', '__id01__', '__id-5__', '__id12__', 'a\u0000', '😀', '\uffff', 'x y'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const path = () => Array.from({ length: 1 + rand(4) }, () => pieces[rand(pieces.length)]).join('/');
    for (let i = 0; i < 20_000; i++) {
      const a = path();
      const b = path();
      expect(Math.sign(comparePaths(a, b)), `${a} vs ${b}`).toBe(reference(a, b));
    }
  });
});
