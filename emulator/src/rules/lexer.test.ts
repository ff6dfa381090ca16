import { describe, expect, it } from 'vitest';
import { Lexer, type Token } from './lexer.js';

function lex(src: string): Token[] {
  const lexer = new Lexer(src);
  const out: Token[] = [];
  for (let t = lexer.next(); t.kind !== 'eof'; t = lexer.next()) {
    out.push(t);
    if (t.kind === 'error') break;
  }
  return out;
}

const kinds = (src: string) => lex(src).map((t) => `${t.kind}:${t.text}`);

describe('lexer', () => {
  it('splits punctuation longest first', () => {
    expect(kinds('a<=b&&!c!=d||e==f>=g')).toEqual([
      'ident:a',
      'punct:<=',
      'ident:b',
      'punct:&&',
      'punct:!',
      'ident:c',
      'punct:!=',
      'ident:d',
      'punct:||',
      'ident:e',
      'punct:==',
      'ident:f',
      'punct:>=',
      'ident:g',
    ]);
    expect(kinds('{}()[],;:.?=<>+-*/%')).toHaveLength(19);
  });

  it('reads numbers: ints, hex, floats with point or exponent', () => {
    expect(lex('12 0x1f 1.5 1e3 2.5E-3').map((t) => [t.kind, t.value])).toEqual([
      ['int', 12n],
      ['int', 31n],
      ['float', 1.5],
      ['float', 1000],
      ['float', 0.0025],
    ]);
    // `1.size()`-style member access is not a float.
    expect(kinds('1.x')).toEqual(['int:1', 'punct:.', 'ident:x']);
    expect(lex('12abc')[0]).toMatchObject({ kind: 'error', text: "Malformed number '12abc'." });
  });

  it('reads string and bytes prefixes without swallowing identifiers', () => {
    expect(lex(`r'\\n' b'x' br'\\x' rb"y" R'z' bar`).map((t) => [t.kind, t.value ?? t.text])).toEqual([
      ['string', '\\n'],
      ['bytes', Uint8Array.of(120)],
      ['bytes', Uint8Array.of(92, 120)],
      ['bytes', Uint8Array.of(121)],
      ['string', 'z'],
      ['ident', 'bar'],
    ]);
  });

  it('decodes every CEL escape', () => {
    const [t] = lex(`'\\\\\\'\\"\\\`\\?\\a\\b\\f\\n\\r\\t\\v\\x41\\101\\u00E9\\U0001F600'`);
    expect(t?.value).toBe('\\\'"`?\x07\b\f\n\r\t\vAAé😀');
    expect(lex(`'\\ud800'`)[0]).toMatchObject({ kind: 'error', text: "Invalid escape sequence '\\u'." });
    expect(lex(`b'\\u0041'`)[0]).toMatchObject({ kind: 'error', text: "Invalid escape sequence '\\u'." });
    expect(lex(`'\\x4'`)[0]).toMatchObject({ kind: 'error' });
  });

  it('rejects raw newlines in single-quoted strings but not in triple-quoted ones', () => {
    expect(lex("'a\nb'")[0]).toMatchObject({ kind: 'error', text: 'Unterminated string literal.' });
    expect(lex('"""a\nb"""')[0]).toMatchObject({ kind: 'string', value: 'a\nb' });
  });

  it('skips comments and tracks 1-based lines and code-point columns', () => {
    const [a, , b, c] = lex("// c\n  /* x\n y */ a\n'😀' b\t/*z*/c");
    expect(a?.start).toEqual({ line: 3, column: 7, offset: 18 });
    // The emoji is two UTF-16 units but one column.
    expect(b?.start).toEqual({ line: 4, column: 5, offset: 25 });
    expect(c?.start).toMatchObject({ line: 4, column: 12 });
  });

  it('reads raw path text with balanced parentheses and stops at whitespace or an unbalanced )', () => {
    const lexer = new Lexer('(default)/x-y.z~1 (a)b) ');
    expect(lexer.pathText()).toBe('(default)');
    lexer.advance();
    expect(lexer.pathText()).toBe('x-y.z~1');
    lexer.advance();
    expect(lexer.pathText()).toBe('(a)b');
    expect(lexer.peekChar()).toBe(')');
  });

  it('reports unknown characters with their position', () => {
    expect(lex('a\n  #')[1]).toMatchObject({
      kind: 'error',
      text: "Unexpected character '#'.",
      start: { line: 2, column: 3 },
    });
  });
});
