import type { Expr, PathLiteralSegment } from '../ast.js';
import { notImplied } from './constraint.js';
import { isRulesError, locate, reasons, rulesError, type RulesResult } from './errors.js';
import { budgetExhausted, type ExpressionBudget } from './expression-budget.js';
import { callGlobal, callNamespace, NAMESPACES } from './globals.js';
import { callMethod } from './methods.js';
import { applyBinary, applyUnary } from './operators.js';
import { bool, list, map, NULL, path, str, typeMatches, type Value } from './values.js';

/**
 * Stage "eval" for expressions (rules-language.md §5). Variables come from an activation; a binding may
 * itself hold an error, which surfaces only where it is used (§5.10). Only `&&`, `||` and `?:` discard
 * errors; everything else propagates the first one it meets, left to right (§5.11 allows that order).
 */
export type Activation = ReadonlyMap<string, RulesResult<Value>> & {
  /**
   * Later stages (user functions, `get()`/`exists()`) handle global calls here before the built-ins;
   * `undefined` means "not mine". Arguments are already evaluated, left to right.
   */
  readonly callGlobal?: (name: string, args: readonly Value[]) => RulesResult<Value> | undefined;
  /** Sees every evaluated node with its result: the rule coverage report counts them. */
  readonly observe?: (expr: Expr, result: RulesResult<Value>) => void;
  /** The request's expression budget; once spent, every node is an error, so nothing can absorb it. */
  readonly budget?: ExpressionBudget;
};

/** Never throws: an unexpected exception becomes an error value. */
export function evaluateExpr(expr: Expr, activation: Activation): RulesResult<Value> {
  try {
    return evaluate(expr, activation);
  } catch (e) {
    return rulesError(`Internal evaluation error: ${e instanceof Error ? e.message : String(e)}`, expr.range);
  }
}

function evaluate(e: Expr, act: Activation): RulesResult<Value> {
  const n = act.budget?.spend() === false ? rulesError(budgetExhausted()) : node(e, act);
  const r = isRulesError(n) ? locate(n, e.range) : n;
  act.observe?.(e, r);
  return r;
}

function node(e: Expr, act: Activation): RulesResult<Value> {
  switch (e.kind) {
    case 'null':
      return NULL;
    case 'bool':
      return bool(e.value);
    case 'int':
      return { t: 'int', v: e.value };
    case 'float':
      return { t: 'float', v: e.value };
    case 'string':
      return str(e.value);
    case 'bytes':
      return { t: 'bytes', v: e.value };
    case 'ident': {
      const v = act.get(e.name);
      return v ?? rulesError(`Variable ${e.name} is not defined.`);
    }
    case 'path':
      return pathLiteral(e.segments, act);
    case 'unary': {
      const v = evaluate(e.operand, act);
      return isRulesError(v) ? v : applyUnary(e.op, v);
    }
    case 'binary': {
      const op = e.op;
      if (op === '&&' || op === '||') return logical(op, e.left, e.right, act);
      return strict(e.left, e.right, act, (a, b) => applyBinary(op, a, b));
    }
    case 'is': {
      const v = evaluate(e.operand, act);
      return isRulesError(v) ? v : bool(typeMatches(v, e.type));
    }
    case 'ternary': {
      const c = evaluate(e.cond, act);
      if (isRulesError(c)) return c;
      if (c.t !== 'bool') return rulesError(reasons.unsupported(`${c.t} ? _ : _`, 'bool ? _ : _'));
      return evaluate(c.v ? e.ifTrue : e.ifFalse, act);
    }
    case 'member': {
      const t = evaluate(e.target, act);
      return isRulesError(t) ? t : property(t, e.name);
    }
    case 'index':
      return strict(e.target, e.index, act, index);
    case 'slice':
      return slice(e, act);
    case 'call':
      return call(e, act);
    case 'list': {
      const items = all(e.elements, act);
      return isRulesError(items) ? items : list(items);
    }
    case 'map': {
      const m = new Map<string, Value>();
      for (const entry of e.entries) {
        const k = evaluate(entry.key, act);
        if (isRulesError(k)) return k;
        if (k.t !== 'string') return rulesError(reasons.unsupported(`map key ${k.t}`, 'map key string'));
        const v = evaluate(entry.value, act);
        if (isRulesError(v)) return v;
        m.set(k.v, v);
      }
      return map(m);
    }
  }
}

/**
 * `&&` / `||` (§5.2): the left side decides when it can; otherwise (left true/false-neutral or an error)
 * the right side is evaluated and may absorb a left error. A non-bool operand is an error.
 */
function logical(op: '&&' | '||', left: Expr, right: Expr, act: Activation): RulesResult<Value> {
  const decisive = op === '||';
  const l = asBool(evaluate(left, act), op);
  if (l === decisive) return bool(decisive);
  const r = asBool(evaluate(right, act), op);
  if (r === decisive) return bool(decisive);
  if (isRulesError(l)) return l;
  return isRulesError(r) ? r : bool(r);
}

function asBool(v: RulesResult<Value>, op: string): RulesResult<boolean> {
  if (isRulesError(v)) return v;
  return v.t === 'bool' ? v.v : rulesError(reasons.unsupported(`${v.t} ${op} _`, `bool ${op} bool`));
}

function strict(
  a: Expr,
  b: Expr,
  act: Activation,
  f: (x: Value, y: Value) => RulesResult<Value>,
): RulesResult<Value> {
  const x = evaluate(a, act);
  if (isRulesError(x)) return x;
  const y = evaluate(b, act);
  return isRulesError(y) ? y : f(x, y);
}

function all(exprs: readonly Expr[], act: Activation): RulesResult<Value[]> {
  const out: Value[] = [];
  for (const x of exprs) {
    const v = evaluate(x, act);
    if (isRulesError(v)) return v;
    out.push(v);
  }
  return out;
}

function property(t: Value, name: string): RulesResult<Value> {
  if (t.t === 'null') return rulesError(reasons.nullValue());
  if (t.t === 'constraint') return notImplied();
  if (t.t !== 'map') return rulesError(reasons.unsupported(`${t.t}.${name}`, `map.${name}`));
  return t.v.get(name) ?? rulesError(reasons.undefinedProperty(name));
}

/** `m[k]`, `l[i]`, `s[i]`, `p[i]` (§5.9). */
function index(t: Value, i: Value): RulesResult<Value> {
  if (t.t === 'null') return rulesError(reasons.nullValue());
  if (t.t === 'constraint') return notImplied();
  if (t.t === 'map') {
    if (i.t !== 'string') return rulesError(reasons.unsupported(`map[${i.t}]`, 'map[string]'));
    return property(t, i.v);
  }
  if (t.t !== 'list' && t.t !== 'string' && t.t !== 'path') {
    return rulesError(reasons.unsupported(`${t.t}[${i.t}]`));
  }
  if (i.t !== 'int') return rulesError(reasons.unsupported(`${t.t}[${i.t}]`, `${t.t}[int]`));
  const size = t.t === 'path' ? t.segs.length : t.v.length;
  if (i.v < 0n || i.v >= BigInt(size)) return rulesError(reasons.indexOutOfBound(i.v, size));
  const n = Number(i.v);
  if (t.t === 'list') return t.v[n]!;
  return str(t.t === 'path' ? t.segs[n]! : t.v[n]!);
}

/** `x[i:j]` on a list or string; bounds default to 0 / size and must satisfy 0 ≤ i ≤ j ≤ size. */
function slice(e: Extract<Expr, { kind: 'slice' }>, act: Activation): RulesResult<Value> {
  const t = evaluate(e.target, act);
  if (isRulesError(t)) return t;
  const from = e.from ? evaluate(e.from, act) : null;
  if (isRulesError(from)) return from;
  const to = e.to ? evaluate(e.to, act) : null;
  if (isRulesError(to)) return to;
  if (t.t === 'null') return rulesError(reasons.nullValue());
  if (t.t !== 'list' && t.t !== 'string')
    return rulesError(reasons.unsupported(`${t.t}[_:_]`, 'list[int:int]'));
  if ((from && from.t !== 'int') || (to && to.t !== 'int')) {
    return rulesError(reasons.unsupported(`${t.t}[${from?.t ?? ''}:${to?.t ?? ''}]`, `${t.t}[int:int]`));
  }
  const size = BigInt(t.v.length);
  const i = from?.t === 'int' ? from.v : 0n;
  const j = to?.t === 'int' ? to.v : size;
  if (i < 0n || i > size) return rulesError(reasons.indexOutOfBound(i, t.v.length));
  if (j < i || j > size) return rulesError(reasons.indexOutOfBound(j, t.v.length));
  return t.t === 'list' ? list(t.v.slice(Number(i), Number(j))) : str(t.v.slice(Number(i), Number(j)));
}

function call(e: Extract<Expr, { kind: 'call' }>, act: Activation): RulesResult<Value> {
  const target = e.target;
  if (target === null) {
    const args = all(e.args, act);
    if (isRulesError(args)) return args;
    return act.callGlobal?.(e.name, args) ?? callGlobal(e.name, args);
  }
  if (target.kind === 'ident' && NAMESPACES.has(target.name) && !act.has(target.name)) {
    const args = all(e.args, act);
    return isRulesError(args) ? args : callNamespace(target.name, e.name, args);
  }
  const receiver = evaluate(target, act);
  if (isRulesError(receiver)) return receiver;
  const args = all(e.args, act);
  return isRulesError(args) ? args : callMethod(receiver, e.name, args);
}

/** Interpolated strings become one segment each; an interpolated path is spliced in (§1.6). */
function pathLiteral(segments: readonly PathLiteralSegment[], act: Activation): RulesResult<Value> {
  const segs: string[] = [];
  for (const s of segments) {
    if (s.kind === 'text') {
      segs.push(s.text);
      continue;
    }
    const v = evaluate(s.expr, act);
    if (isRulesError(v)) return v;
    if (v.t === 'string') segs.push(v.v);
    else if (v.t === 'path') segs.push(...v.segs);
    else if (v.t === 'null') return rulesError(reasons.nullValue());
    else return rulesError(reasons.unsupported(`path segment ${v.t}`, 'path segment string'));
  }
  return path(segs);
}
