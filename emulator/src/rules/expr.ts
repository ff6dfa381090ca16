import {
  TYPE_NAMES,
  type BinaryOp,
  type Expr,
  type PathLiteralSegment,
  type Pos,
  type TypeName,
} from './ast.js';
import type { Cursor } from './cursor.js';
import type { Token } from './lexer.js';
import { messages } from './errors.js';
import { limits } from './limits.js';

/**
 * Stage 2b: the expression parser, recursive descent over the precedence table in rules-language.md §2.1
 * (the `levels` table runs from loosest to tightest). Builds nodes through `make`, which enforces the
 * depth and size limits so no later stage has to guard its own recursion.
 */
type Level = { ops: readonly string[]; next: (p: ExprParser) => Expr };

const RESERVED = new Set(['in', 'is']);
const I64_MAX = 2n ** 63n - 1n;

export function parseExpression(c: Cursor): Expr {
  const p = new ExprParser(c);
  const expr = p.ternary();
  // 2^63 is only valid directly under a minus sign; any left unfolded is out of range.
  for (const tok of p.unsignedMin.values()) c.fail(messages.intOutOfRange(tok.text), tok);
  return expr;
}

class ExprParser {
  private nodes = 0;
  private nesting = 0;
  private readonly depth = new WeakMap<Expr, number>();
  readonly unsignedMin = new Map<Expr, Token>();

  constructor(private readonly c: Cursor) {}

  ternary(): Expr {
    const start = this.c.tok.start;
    if (++this.nesting > limits.exprDepth) this.c.fail(messages.tooComplex(), this.c.tok);
    const cond = this.binary(0);
    let result = cond;
    if (this.c.accept('?')) {
      const ifTrue = this.ternary();
      this.c.expect(':');
      const ifFalse = this.ternary();
      result = this.make(
        { kind: 'ternary', cond, ifTrue, ifFalse, id: 0, range: this.c.from(start) },
        cond,
        ifTrue,
        ifFalse,
      );
    }
    this.nesting -= 1;
    return result;
  }

  private readonly levels: Level[] = [
    { ops: ['||'], next: (p) => p.binary(1) },
    { ops: ['&&'], next: (p) => p.binary(2) },
    { ops: ['==', '!='], next: (p) => p.isLevel() },
    { ops: ['in'], next: (p) => p.binary(4) },
    { ops: ['<', '<=', '>', '>='], next: (p) => p.binary(5) },
    { ops: ['+', '-'], next: (p) => p.binary(6) },
    { ops: ['*', '/', '%'], next: (p) => p.unary() },
  ];

  /** Left-associative binary levels; `is` sits between `==` and `in` and takes a type name, not an operand. */
  binary(level: number): Expr {
    const { ops, next } = this.levels[level] as Level;
    const start = this.c.tok.start;
    let left = next(this);
    for (let op = this.op(ops); op; op = this.op(ops)) {
      this.c.advance();
      const right = next(this);
      left = this.make({ kind: 'binary', op, left, right, id: 0, range: this.c.from(start) }, left, right);
    }
    return left;
  }

  isLevel(): Expr {
    const start = this.c.tok.start;
    let operand = this.binary(3);
    while (this.c.accept('is')) {
      const name = this.c.ident('a type name');
      const type = TYPE_NAMES.find((t) => t === name.text);
      if (!type) this.c.fail(messages.unknownType(name.text), name);
      operand = this.make(
        { kind: 'is', operand, type: type satisfies TypeName, id: 0, range: this.c.from(start) },
        operand,
      );
    }
    return operand;
  }

  unary(): Expr {
    const start = this.c.tok.start;
    const op = this.c.is('!') ? '!' : this.c.is('-') ? '-' : null;
    if (!op) return this.postfix();
    this.c.advance();
    if (++this.nesting > limits.exprDepth) this.c.fail(messages.tooComplex(), this.c.tok);
    const operand = this.unary();
    this.nesting -= 1;
    const range = this.c.from(start);
    // `-9223372036854775808` is the one literal only valid with its sign (§1.4), so it is folded here.
    if (op === '-' && operand.kind === 'int' && this.unsignedMin.delete(operand)) {
      return this.make({ kind: 'int', value: -operand.value, id: 0, range });
    }
    return this.make({ kind: 'unary', op, operand, id: 0, range }, operand);
  }

  private postfix(): Expr {
    const start = this.c.tok.start;
    let target = this.primary();
    for (;;) {
      if (this.c.accept('.')) {
        const name = this.c.ident('a field or method name').text;
        if (this.c.is('(')) {
          const args = this.args(')');
          target = this.make(
            { kind: 'call', target, name, args, id: 0, range: this.c.from(start) },
            target,
            ...args,
          );
        } else target = this.make({ kind: 'member', target, name, id: 0, range: this.c.from(start) }, target);
      } else if (this.c.accept('[')) {
        const from = this.c.is(':') ? null : this.ternary();
        if (from && this.c.accept(']')) {
          target = this.make(
            { kind: 'index', target, index: from, id: 0, range: this.c.from(start) },
            target,
            from,
          );
          continue;
        }
        this.c.expect(':', "']' or ':'");
        const to = this.c.is(']') ? null : this.ternary();
        this.c.expect(']');
        const parts = [target, ...(from ? [from] : []), ...(to ? [to] : [])];
        target = this.make({ kind: 'slice', target, from, to, id: 0, range: this.c.from(start) }, ...parts);
      } else return target;
    }
  }

  private primary(): Expr {
    const tok = this.c.tok;
    const start = tok.start;
    const leaf = (e: Expr): Expr => this.make(e);
    switch (tok.kind) {
      case 'int':
        return this.intLiteral();
      case 'float':
        this.c.advance();
        return leaf({ kind: 'float', value: tok.value as number, id: 0, range: this.c.from(start) });
      case 'string':
        this.c.advance();
        return leaf({ kind: 'string', value: tok.value as string, id: 0, range: this.c.from(start) });
      case 'bytes':
        this.c.advance();
        return leaf({ kind: 'bytes', value: tok.value as Uint8Array, id: 0, range: this.c.from(start) });
      case 'ident':
        return this.identifier();
    }
    if (this.c.is('/')) return this.pathLiteral();
    if (this.c.accept('(')) {
      const inner = this.ternary();
      this.c.expect(')');
      return inner;
    }
    if (this.c.is('[')) {
      const elements = this.args(']');
      return this.make({ kind: 'list', elements, id: 0, range: this.c.from(start) }, ...elements);
    }
    if (this.c.accept('{')) return this.mapLiteral(start);
    return this.c.unexpected('an expression');
  }

  private identifier(): Expr {
    const tok = this.c.advance();
    const range = this.c.from(tok.start);
    if (tok.text === 'true' || tok.text === 'false')
      return this.make({ kind: 'bool', value: tok.text === 'true', id: 0, range });
    if (tok.text === 'null') return this.make({ kind: 'null', id: 0, range });
    if (RESERVED.has(tok.text)) this.c.fail(messages.reservedWord(tok.text), tok);
    if (!this.c.is('(')) return this.make({ kind: 'ident', name: tok.text, id: 0, range });
    const args = this.args(')');
    return this.make(
      { kind: 'call', target: null, name: tok.text, args, id: 0, range: this.c.from(tok.start) },
      ...args,
    );
  }

  private intLiteral(): Expr {
    const tok = this.c.advance();
    const value = tok.value as bigint;
    if (value > I64_MAX + 1n) this.c.fail(messages.intOutOfRange(tok.text), tok);
    const node = this.make({ kind: 'int', value, id: 0, range: this.c.from(tok.start) });
    if (value > I64_MAX) this.unsignedMin.set(node, tok);
    return node;
  }

  /** `(a, b)` or `[a, b,]`: the opening token is current; a trailing comma is allowed only in lists. */
  private args(close: ')' | ']'): Expr[] {
    const open = this.c.advance();
    const out: Expr[] = [];
    while (!this.c.is(close)) {
      out.push(this.ternary());
      if (!this.c.accept(',')) break;
      if (close === ')' && this.c.is(')')) this.c.unexpected('an expression');
    }
    this.c.expect(close);
    if (close === ')' && out.length > limits.callArgs)
      this.c.fail(messages.tooManyArgs(limits.callArgs), this.c.from(open.start));
    return out;
  }

  private mapLiteral(start: Pos): Expr {
    const entries: { key: Expr; value: Expr }[] = [];
    while (!this.c.is('}')) {
      const key = this.ternary();
      this.c.expect(':');
      entries.push({ key, value: this.ternary() });
      if (!this.c.accept(',')) break;
    }
    this.c.expect('}');
    const children = entries.flatMap((e) => [e.key, e.value]);
    return this.make({ kind: 'map', entries, id: 0, range: this.c.from(start) }, ...children);
  }

  /** `/a/(default)/$(expr)/b`: raw text is read straight from the lexer, since whitespace ends the literal. */
  private pathLiteral(): Expr {
    const start = this.c.tok.start;
    const lexer = this.c.lexer;
    const segments: PathLiteralSegment[] = [];
    let slashEnd = this.c.tok.end;
    for (;;) {
      lexer.seek(slashEnd);
      const segStart = lexer.pos();
      if (lexer.peekChar() === '$' && lexer.peekChar(1) === '(') {
        lexer.advance();
        this.c.resume(lexer.pos());
        this.c.advance();
        const expr = this.ternary();
        if (!this.c.is(')')) this.c.unexpected("')'");
        lexer.seek(this.c.tok.end);
        segments.push({ kind: 'interpolation', expr, range: { start: segStart, end: lexer.pos() } });
      } else {
        const text = lexer.pathText();
        if (!text) this.c.fail(messages.emptyPathSegment(), { start: segStart, end: segStart });
        segments.push({ kind: 'text', text, range: { start: segStart, end: lexer.pos() } });
      }
      if (lexer.peekChar() !== '/') break;
      lexer.advance();
      slashEnd = lexer.pos();
    }
    this.c.resume(lexer.pos());
    const children = segments.flatMap((s) => (s.kind === 'interpolation' ? [s.expr] : []));
    return this.make({ kind: 'path', segments, id: 0, range: this.c.from(start) }, ...children);
  }

  private op(ops: readonly string[]): BinaryOp | null {
    const t = this.c.tok;
    return (t.kind === 'punct' || t.kind === 'ident') && ops.includes(t.text) ? (t.text as BinaryOp) : null;
  }

  /** Assigns the id and checks the limits: AST depth (left-deep chains count too) and node count. */
  private make<E extends Expr>(node: E, ...children: Expr[]): E {
    const depth = 1 + Math.max(0, ...children.map((ch) => this.depth.get(ch) ?? 1));
    if (depth > limits.exprDepth) this.c.fail(messages.tooComplex(), node.range);
    if (++this.nodes > limits.exprNodes) this.c.fail(messages.tooManyNodes(limits.exprNodes), node.range);
    const made = { ...node, id: this.c.id() };
    this.depth.set(made, depth);
    return made;
  }
}
