import {
  METHODS,
  type Allow,
  type FunctionDecl,
  type LetBinding,
  type Match,
  type Method,
  type Named,
  type PatternSegment,
  type Ruleset,
  type Service,
} from './ast.js';
import { recursionDiagnostics } from './check-recursion.js';
import { Cursor, SyntaxAbort } from './cursor.js';
import { diagnostic, messages, type Diagnostic } from './errors.js';
import { parseExpression } from './expr.js';
import { limits } from './limits.js';

/**
 * Stage 2a: the statement parser for `rules_version = '2'` files (rules-language.md §2). It never throws
 * for bad input: the first syntax error stops parsing, while problems that leave the structure intact
 * (limits, unknown method or service names, a missing `if`) are collected and parsing goes on.
 */
export type ParseResult =
  { ok: true; ruleset: Ruleset; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** What enclosing `match` blocks contribute to the limits that apply "through a nest" (§2.2). */
interface Nest {
  depth: number;
  segments: number;
  captures: ReadonlySet<string>;
}

const SERVICES = new Set(['cloud.firestore', 'firebase.storage']);
const DECLARED_RESERVED = new Set(['true', 'false', 'null', 'in', 'is']);

/** Parses a whole rules file into a `Ruleset`, or returns the diagnostics that prevent it. */
export function parseRules(source: string): ParseResult {
  const origin = { line: 1, column: 1, offset: 0 };
  if (new TextEncoder().encode(source).length > limits.sourceBytes) {
    return {
      ok: false,
      diagnostics: [diagnostic(messages.sourceTooLarge(limits.sourceBytes), { start: origin, end: origin })],
    };
  }
  const c = new Cursor(source);
  let ruleset: Ruleset | null = null;
  try {
    ruleset = new StatementParser(c).ruleset();
  } catch (e) {
    if (!(e instanceof SyntaxAbort)) throw e;
  }
  const checked = ruleset ? recursionDiagnostics(ruleset) : [];
  const diagnostics = [...c.diagnostics, ...checked].sort(
    (a, b) => a.range.start.offset - b.range.start.offset,
  );
  const ok = ruleset !== null && !diagnostics.some((d) => d.severity === 'error');
  return ok && ruleset ? { ok, ruleset, diagnostics } : { ok: false, diagnostics };
}

class StatementParser {
  private version: '1' | '2' = '1';

  constructor(private readonly c: Cursor) {}

  ruleset(): Ruleset {
    const c = this.c;
    if (c.tok.kind === 'error') c.fail(c.tok.text, c.tok);
    const start = c.tok.start;
    if (c.accept('rules_version')) {
      c.expect('=');
      const v = c.tok;
      if (v.kind !== 'string') c.unexpected('a version string');
      c.advance();
      if (v.value === '1' || v.value === '2') this.version = v.value;
      else c.report(messages.unsupportedVersion(String(v.value)), v);
      c.accept(';');
    }
    const service = this.service();
    if (c.tok.kind !== 'eof') c.unexpected('end of input');
    return { kind: 'ruleset', version: this.version, service, id: c.id(), range: c.from(start) };
  }

  private service(): Service {
    const c = this.c;
    const start = c.tok.start;
    c.expect('service', "'rules_version' or 'service'");
    const first = c.ident('a service name');
    let name = first.text;
    while (c.accept('.')) name += `.${c.ident('a service name').text}`;
    const nameRange = c.from(first.start);
    if (!SERVICES.has(name)) c.report(messages.unknownService(name), nameRange);
    c.expect('{');
    const body: Service['body'] = [];
    const nest: Nest = { depth: 0, segments: 0, captures: new Set() };
    while (!c.is('}')) {
      if (c.is('function')) body.push(this.functionDecl());
      else if (c.is('match')) body.push(this.match(nest));
      else c.unexpected("'match', 'function' or '}'");
    }
    c.expect('}');
    return { kind: 'service', name: name as Service['name'], body, id: c.id(), range: c.from(start) };
  }

  private match(outer: Nest): Match {
    const c = this.c;
    const kw = c.advance();
    if (!c.is('/')) c.unexpected("'/' to start a path pattern");
    const pattern = this.pattern();
    const range = c.from(kw.start);
    const nest = this.checkPattern(outer, pattern, range);
    c.expect('{');
    const body: Match['body'] = [];
    while (!c.is('}')) {
      if (c.is('match')) body.push(this.match(nest));
      else if (c.is('allow')) body.push(this.allow());
      else if (c.is('function')) body.push(this.functionDecl());
      else c.unexpected("'match', 'allow', 'function' or '}'");
    }
    c.expect('}');
    return { kind: 'match', pattern, body, id: c.id(), range: c.from(kw.start) };
  }

  /** Reads `/seg/{x}/{rest=**}` as raw text: the current token is the first '/'. */
  private pattern(): PatternSegment[] {
    const c = this.c;
    const lexer = c.lexer;
    const segments: PatternSegment[] = [];
    lexer.seek(c.tok.end);
    for (;;) {
      const start = lexer.pos();
      const failHere = (what: string): never => {
        const at = lexer.pos();
        const ch = lexer.peekChar();
        const found = ch === '' ? 'end of input' : /\s/.test(ch) ? 'whitespace' : `'${ch}'`;
        return c.fail(messages.unexpected(found, what), { start: at, end: at });
      };
      const expectChar = (ch: string, what: string) =>
        lexer.peekChar() === ch ? lexer.advance() : failHere(what);
      if (lexer.peekChar() === '{') {
        lexer.advance();
        const name = lexer.identText();
        if (!name) failHere('a variable name');
        const recursive = lexer.peekChar() === '=';
        if (recursive) {
          lexer.advance();
          expectChar('*', "'**'");
          expectChar('*', "'**'");
        }
        expectChar('}', recursive ? "'}'" : "'}' or '=**'");
        segments.push({ kind: 'wildcard', name, recursive, range: { start, end: lexer.pos() } });
      } else {
        const text = lexer.pathText();
        if (!text) c.fail(messages.emptyPathSegment(), { start, end: start });
        segments.push({ kind: 'literal', text, range: { start, end: lexer.pos() } });
      }
      if (lexer.peekChar() !== '/') break;
      lexer.advance();
    }
    c.resume(lexer.pos());
    return segments;
  }

  private checkPattern(outer: Nest, pattern: PatternSegment[], range: Match['range']): Nest {
    const c = this.c;
    const depth = outer.depth + 1;
    const segments = outer.segments + pattern.length;
    const captures = new Set(outer.captures);
    // Fatal rather than reported: parsing on would recurse once per block, without bound.
    if (depth > limits.matchDepth) c.fail(messages.matchTooDeep(limits.matchDepth), range);
    if (segments > limits.pathSegments && outer.segments <= limits.pathSegments) {
      c.report(messages.tooManySegments(limits.pathSegments), range);
    }
    const recursive = pattern.filter((s) => s.kind === 'wildcard' && s.recursive);
    if (recursive.length > 1 && recursive[1]) c.report(messages.multipleRecursive(), recursive[1].range);
    const last = pattern[pattern.length - 1];
    for (const seg of recursive) {
      if (this.version === '1' && seg !== last) c.report(messages.recursiveNotLastV1(), seg.range);
    }
    for (const seg of pattern) {
      if (seg.kind !== 'wildcard') continue;
      captures.add(seg.name);
      if (captures.size === limits.captures + 1)
        c.report(messages.tooManyCaptures(limits.captures), seg.range);
    }
    return { depth, segments, captures };
  }

  private allow(): Allow {
    const c = this.c;
    const kw = c.advance();
    const methods: Named<Method>[] = [];
    do {
      const tok = c.ident('a method name');
      const method = METHODS.find((m) => m === tok.text);
      if (method) methods.push({ name: method, range: c.from(tok.start) });
      else c.report(messages.unknownMethod(tok.text), tok);
    } while (c.accept(','));
    if (c.is('if')) c.unexpected("':' before 'if'");
    let condition = null;
    if (c.accept(':')) {
      if (!c.accept('if')) c.report(messages.missingIf(), c.tok);
      condition = parseExpression(c);
    }
    c.accept(';');
    return { kind: 'allow', methods, condition, id: c.id(), range: c.from(kw.start) };
  }

  private functionDecl(): FunctionDecl {
    const c = this.c;
    const kw = c.advance();
    const name = this.name('a function name').text;
    c.expect('(');
    const params: Named[] = [];
    if (!c.is(')')) {
      do {
        const p = this.name('a parameter name');
        params.push({ name: p.text, range: c.from(p.start) });
      } while (c.accept(','));
    }
    c.expect(')');
    if (params.length > limits.functionParams)
      c.report(messages.tooManyParams(limits.functionParams), c.from(kw.start));
    c.expect('{');
    const lets: LetBinding[] = [];
    for (let let_ = c.accept('let'); let_; let_ = c.accept('let')) {
      const binding = this.name('a variable name').text;
      c.expect('=');
      const value = parseExpression(c);
      c.expect(';');
      lets.push({ kind: 'let', name: binding, value, id: c.id(), range: c.from(let_.start) });
      if (lets.length === limits.letBindings + 1)
        c.report(messages.tooManyLets(limits.letBindings), c.from(let_.start));
    }
    c.expect('return', "'let' or 'return'");
    const result = parseExpression(c);
    c.accept(';');
    c.expect('}');
    return { kind: 'function', name, params, lets, result, id: c.id(), range: c.from(kw.start) };
  }

  /** A name the rules declare (function, parameter, let): literals and operators cannot be redefined. */
  private name(what: string) {
    const tok = this.c.ident(what);
    if (DECLARED_RESERVED.has(tok.text)) this.c.report(messages.reservedWord(tok.text), tok);
    return tok;
  }
}
