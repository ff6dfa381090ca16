import type { Pos, Range } from './ast.js';
import { diagnostic, messages, type Diagnostic } from './errors.js';
import { Lexer, type Token } from './lexer.js';

/**
 * Thrown only inside the parser to unwind to `parseRules` after a syntax error; it never escapes
 * the module boundary (the public parser returns diagnostics instead).
 */
export class SyntaxAbort extends Error {}

/** Token stream with one token of lookahead, shared by the statement and expression parsers. */
export class Cursor {
  readonly lexer: Lexer;
  readonly diagnostics: Diagnostic[] = [];
  tok: Token;
  /** End of the most recently consumed token (or raw path text), for node ranges. */
  lastEnd: Pos = { line: 1, column: 1, offset: 0 };
  private nextId = 1;

  constructor(source: string) {
    this.lexer = new Lexer(source);
    this.tok = this.lexer.next();
  }

  id(): number {
    return this.nextId++;
  }

  advance(): Token {
    const current = this.tok;
    this.lastEnd = current.end;
    this.tok = this.lexer.next();
    if (this.tok.kind === 'error') this.fail(this.tok.text, this.tok);
    return current;
  }

  /** Re-lexes from `pos` (used after raw path text, which the one-token lookahead could not see). */
  resume(pos: Pos): void {
    this.lastEnd = pos;
    this.lexer.seek(pos);
    this.tok = this.lexer.next();
    if (this.tok.kind === 'error') this.fail(this.tok.text, this.tok);
  }

  is(text: string): boolean {
    return (this.tok.kind === 'punct' || this.tok.kind === 'ident') && this.tok.text === text;
  }

  accept(text: string): Token | null {
    return this.is(text) ? this.advance() : null;
  }

  expect(text: string, what = `'${text}'`): Token {
    if (!this.is(text)) this.unexpected(what);
    return this.advance();
  }

  ident(what: string): Token {
    if (this.tok.kind !== 'ident') this.unexpected(what);
    return this.advance();
  }

  unexpected(expected: string): never {
    return this.fail(messages.unexpected(describe(this.tok), expected), this.tok);
  }

  /** Records a problem that does not stop parsing (limits, unknown names). */
  report(message: string, range: Range): void {
    // Tokens are ranges too; copy so a diagnostic carries only its start and end.
    this.diagnostics.push(diagnostic(message, { start: range.start, end: range.end }));
  }

  fail(message: string, range: Range): never {
    this.report(message, range);
    throw new SyntaxAbort(message);
  }

  from(start: Pos): Range {
    return { start, end: this.lastEnd };
  }
}

function describe(tok: Token): string {
  if (tok.kind === 'eof') return 'end of input';
  if (tok.kind === 'string' || tok.kind === 'bytes') return `string ${tok.text}`;
  return `'${tok.text}'`;
}
