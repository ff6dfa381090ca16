import { messages } from './errors.js';

/** The part of the lexer that quoted literals need; kept structural so this module does not import it. */
export interface CharSource {
  peekChar(ahead?: number): string;
  advance(): string;
}

const SIMPLE: Record<string, number> = {
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  '`': 0x60,
  '?': 0x3f,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
};
const encoder = new TextEncoder();

/**
 * Reads a string or bytes literal whose opening quote is at the cursor, with CEL escapes
 * (rules-language.md §1.5). In bytes, `\x` and octal escapes give one byte each rather than a code point.
 */
export function readQuoted(
  src: CharSource,
  raw: boolean,
  bytes: boolean,
): string | Uint8Array | { error: string } {
  const quote = src.peekChar();
  const triple = src.peekChar(1) === quote && src.peekChar(2) === quote;
  for (let i = 0; i < (triple ? 3 : 1); i++) src.advance();
  const out: number[] = [];
  const push = (cp: number) => (bytes ? out.push(...encoder.encode(String.fromCodePoint(cp))) : out.push(cp));
  for (;;) {
    const ch = src.peekChar();
    if (ch === '' || (ch === '\n' && !triple)) return { error: messages.unterminatedString() };
    if (ch === quote && (!triple || (src.peekChar(1) === quote && src.peekChar(2) === quote))) {
      for (let i = 0; i < (triple ? 3 : 1); i++) src.advance();
      return bytes ? Uint8Array.from(out) : out.map((cp) => String.fromCodePoint(cp)).join('');
    }
    if (ch !== '\\' || raw) {
      push(src.advance().codePointAt(0) ?? 0);
      continue;
    }
    src.advance();
    const esc = readEscape(src, bytes);
    if ('error' in esc) return esc;
    if (esc.byte) out.push(esc.value);
    else push(esc.value);
  }
}

function readEscape(src: CharSource, bytes: boolean): { value: number; byte: boolean } | { error: string } {
  const ch = src.advance();
  const simple = SIMPLE[ch];
  if (simple !== undefined) return { value: simple, byte: false };
  const take = (n: number, digits: RegExp): string | null => {
    let text = '';
    for (let i = 0; i < n; i++) {
      if (!digits.test(src.peekChar())) return null;
      text += src.advance();
    }
    return text;
  };
  if (ch === 'x' || ch === 'X') {
    const hex = take(2, /[0-9a-fA-F]/);
    return hex === null
      ? { error: messages.badEscape(`\\${ch}`) }
      : { value: parseInt(hex, 16), byte: bytes };
  }
  if (/[0-3]/.test(ch)) {
    const oct = take(2, /[0-7]/);
    return oct === null
      ? { error: messages.badEscape(`\\${ch}`) }
      : { value: parseInt(ch + oct, 8), byte: bytes };
  }
  if ((ch === 'u' || ch === 'U') && !bytes) {
    const hex = take(ch === 'u' ? 4 : 8, /[0-9a-fA-F]/);
    const cp = hex === null ? -1 : parseInt(hex, 16);
    // Surrogates and values past U+10FFFF are not code points, so they cannot be in a string.
    if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return { error: messages.badEscape(`\\${ch}`) };
    return { value: cp, byte: false };
  }
  return { error: messages.badEscape(`\\${ch}`) };
}
