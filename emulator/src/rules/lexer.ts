import type { Pos } from './ast.js';
import { messages } from './errors.js';
import { readQuoted } from './literals.js';

/**
 * Stage 1: the lexer. It is pull-based because path literals and match patterns are lexed differently
 * from expressions (rules-language.md §1.6): the parser asks for raw path text at a position with
 * `seek` and the `path*` methods, then goes back to ordinary tokens with `next`.
 */
export type TokenKind = 'ident' | 'int' | 'float' | 'string' | 'bytes' | 'punct' | 'eof' | 'error';

export interface Token {
  readonly kind: TokenKind;
  /** Source text, or the error message for `error` tokens. */
  readonly text: string;
  readonly start: Pos;
  readonly end: Pos;
  /** Decoded value of int/float/string/bytes literals. */
  readonly value?: bigint | number | string | Uint8Array;
}

// Longest first, so `<=` wins over `<`.
const PUNCT = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ';',
  ':',
  '.',
  '?',
  '!',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
];
const PATH_CHAR = /[A-Za-z0-9_\-.~%@+!*:'=]/;
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
// Sticky, so matching at the cursor does not copy the rest of the source.
const HEX = /0[xX][0-9a-fA-F]+/y;
const FLOAT = /[0-9]+(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)/y;
const INT = /[0-9]+/y;

export class Lexer {
  private offset = 0;
  private line = 1;
  private column = 1;

  constructor(readonly source: string) {}

  pos(): Pos {
    return { line: this.line, column: this.column, offset: this.offset };
  }

  seek(p: Pos): void {
    ({ offset: this.offset, line: this.line, column: this.column } = p);
  }

  peekChar(ahead = 0): string {
    return this.source.charAt(this.offset + ahead);
  }

  /** Consumes one code point, keeping line and column in step. */
  advance(): string {
    const cp = this.source.codePointAt(this.offset) ?? 0;
    const ch = String.fromCodePoint(cp);
    this.offset += ch.length;
    if (ch === '\n') {
      this.line += 1;
      this.column = 1;
    } else {
      this.column += 1;
    }
    return ch;
  }

  /** A literal path segment: path characters plus balanced parentheses, so `(default)` is one segment. */
  pathText(): string {
    const begin = this.offset;
    let depth = 0;
    for (;;) {
      const ch = this.peekChar();
      if (ch === '(') depth += 1;
      else if (ch === ')') {
        if (depth === 0) break;
        depth -= 1;
      } else if (ch === '' || !PATH_CHAR.test(ch)) break;
      this.advance();
    }
    return this.source.slice(begin, this.offset);
  }

  /** An identifier at the cursor (for `{name}` in match patterns), or '' if there is none. */
  identText(): string {
    const begin = this.offset;
    if (IDENT_START.test(this.peekChar())) while (IDENT_PART.test(this.peekChar())) this.advance();
    return this.source.slice(begin, this.offset);
  }

  next(): Token {
    const trivia = this.skipTrivia();
    if (trivia) return trivia;
    const start = this.pos();
    const ch = this.peekChar();
    if (ch === '') return this.token('eof', start);
    if (/[0-9]/.test(ch)) return this.number(start);
    const prefix = /^([rRbB]{1,2})['"]/.exec(this.source.slice(this.offset, this.offset + 3));
    if (prefix?.[1] && new Set(prefix[1].toLowerCase()).size === prefix[1].length) {
      for (let i = 0; i < prefix[1].length; i++) this.advance();
      return this.quoted(start, prefix[1].toLowerCase());
    }
    if (ch === '"' || ch === "'") return this.quoted(start, '');
    if (IDENT_START.test(ch)) {
      this.identText();
      return this.token('ident', start);
    }
    const punct = PUNCT.find((p) => this.source.startsWith(p, this.offset));
    if (punct) {
      for (let i = 0; i < punct.length; i++) this.advance();
      return this.token('punct', start);
    }
    this.advance();
    return this.error(start, messages.badCharacter(ch));
  }

  private skipTrivia(): Token | null {
    for (;;) {
      const ch = this.peekChar();
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\f') this.advance();
      else if (ch === '/' && this.peekChar(1) === '/') {
        while (this.peekChar() !== '' && this.peekChar() !== '\n') this.advance();
      } else if (ch === '/' && this.peekChar(1) === '*') {
        const start = this.pos();
        const close = this.source.indexOf('*/', this.offset + 2);
        const stop = close < 0 ? this.source.length : close + 2;
        while (this.offset < stop) this.advance();
        if (close < 0) return this.error(start, messages.unterminatedComment());
      } else return null;
    }
  }

  private number(start: Pos): Token {
    const at = (re: RegExp) => {
      re.lastIndex = this.offset;
      return re.exec(this.source);
    };
    const hex = at(HEX);
    const float = at(FLOAT);
    const int = at(INT);
    const text = (hex ?? float ?? int)?.[0] ?? '';
    for (let i = 0; i < text.length; i++) this.advance();
    if (IDENT_PART.test(this.peekChar())) {
      this.identText();
      return this.error(start, messages.badNumber(this.source.slice(start.offset, this.offset)));
    }
    // Range checks need the sign, so the parser does them (`-9223372036854775808` is valid).
    return hex || !float ? this.token('int', start, BigInt(text)) : this.token('float', start, Number(text));
  }

  private quoted(start: Pos, prefix: string): Token {
    const result = readQuoted(this, prefix.includes('r'), prefix.includes('b'));
    if (typeof result === 'object' && 'error' in result) return this.error(start, result.error);
    return this.token(prefix.includes('b') ? 'bytes' : 'string', start, result);
  }

  private token(kind: TokenKind, start: Pos, value?: Token['value']): Token {
    const text = this.source.slice(start.offset, this.offset);
    return value === undefined
      ? { kind, text, start, end: this.pos() }
      : { kind, text, start, end: this.pos(), value };
  }

  private error(start: Pos, message: string): Token {
    return { kind: 'error', text: message, start, end: this.pos() };
  }
}
