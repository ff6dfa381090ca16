import type { BinaryOp } from '../ast.js';
import { reasons, rulesError, type RulesResult } from './errors.js';
import {
  compareConstraint,
  constraintContains,
  constraintInList,
  notImplied,
  type Comparison,
} from './constraint.js';
import {
  DURATION_MAX_NS,
  TIMESTAMP_MAX_NS,
  TIMESTAMP_MIN_NS,
  bool,
  compare,
  equals,
  float,
  inIntRange,
  int,
  isNumber,
  numeric,
  str,
  type Value,
} from './values.js';

/**
 * The strict (error-propagating) operators of rules-language.md §5.4–5.7. Operands are already values;
 * errors in operands are handled by the caller. `&&`, `||` and `?:` live in plan/logical.ts.
 */
export type StrictOp = Exclude<BinaryOp, '&&' | '||'>;

export function applyBinary(op: StrictOp, a: Value, b: Value): RulesResult<Value> {
  if (a.t === 'constraint' || b.t === 'constraint') return withConstraint(op, a, b);
  switch (op) {
    case '==':
      return bool(equals(a, b, true));
    case '!=':
      return bool(!equals(a, b, true));
    case '<':
    case '<=':
    case '>':
    case '>=':
      return ordering(op, a, b);
    case 'in':
      return membership(a, b);
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(op, a, b);
  }
}

/** §8.4: comparisons ask whether a filter implies them; `in` asks about `array-contains` filters. */
function withConstraint(op: StrictOp, a: Value, b: Value): RulesResult<Value> {
  if (op === 'in') {
    if (b.t === 'constraint') return constraintContains(b, a);
    return b.t === 'list' ? constraintInList() : notImplied();
  }
  return isComparison(op) ? compareConstraint(op, a, b) : notImplied();
}

const isComparison = (op: StrictOp): op is Comparison =>
  op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';

function unsupported(a: Value, op: string, b: Value) {
  return rulesError(reasons.unsupported(`${a.t} ${op} ${b.t}`));
}

function ordering(op: '<' | '<=' | '>' | '>=', a: Value, b: Value): RulesResult<Value> {
  const c = compare(a, b);
  if (c === null) return unsupported(a, op, b);
  if (c === 'nan') return bool(false);
  return bool(op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0);
}

/** `x in c` (§5.7). */
function membership(x: Value, c: Value): RulesResult<Value> {
  switch (c.t) {
    case 'list':
    case 'set':
      return bool(c.v.some((e) => equals(x, e, true)));
    case 'map':
      if (x.t !== 'string') return rulesError(reasons.unsupported(`map.in(${x.t})`, 'map.in(string)'));
      return bool(c.v.has(x.v));
    case 'null':
      return rulesError(reasons.nullValue());
    default:
      return rulesError(reasons.functionNotFound('in'));
  }
}

export function checkInt(v: bigint): RulesResult<Value> {
  return inIntRange(v) ? int(v) : rulesError(reasons.overflow());
}

export function checkTimestamp(ns: bigint): RulesResult<Value> {
  return ns >= TIMESTAMP_MIN_NS && ns <= TIMESTAMP_MAX_NS
    ? { t: 'timestamp', ns }
    : rulesError(reasons.outOfRange('timestamp'));
}

export function checkDuration(ns: bigint): RulesResult<Value> {
  return ns >= -DURATION_MAX_NS && ns <= DURATION_MAX_NS
    ? { t: 'duration', ns }
    : rulesError(reasons.outOfRange('duration'));
}

/** §5.6. */
function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: Value, b: Value): RulesResult<Value> {
  if (a.t === 'int' && b.t === 'int') {
    if ((op === '/' || op === '%') && b.v === 0n) return rulesError(reasons.divisionByZero());
    const x = a.v;
    const y = b.v;
    // BigInt `/` truncates toward zero and `%` takes the dividend's sign, as Java/CEL do.
    return checkInt(
      op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x % y,
    );
  }
  if (isNumber(a) && isNumber(b)) {
    const x = numeric(a);
    const y = numeric(b);
    return float(op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x % y);
  }
  if (op === '+' && a.t === 'string' && b.t === 'string') return str(a.v + b.v);
  if (op === '+' || op === '-') {
    const sign = op === '+' ? 1n : -1n;
    if (a.t === 'timestamp' && b.t === 'duration') return checkTimestamp(a.ns + sign * b.ns);
    if (a.t === 'duration' && b.t === 'duration') return checkDuration(a.ns + sign * b.ns);
    if (op === '+' && a.t === 'duration' && b.t === 'timestamp') return checkTimestamp(a.ns + b.ns);
    if (op === '-' && a.t === 'timestamp' && b.t === 'timestamp') return checkDuration(a.ns - b.ns);
  }
  return unsupported(a, op, b);
}

export function applyUnary(op: '!' | '-', v: Value): RulesResult<Value> {
  if (v.t === 'constraint') return notImplied();
  if (op === '!') return v.t === 'bool' ? bool(!v.v) : rulesError(reasons.unsupported(`!${v.t}`, '!bool'));
  if (v.t === 'int') return checkInt(-v.v);
  if (v.t === 'float') return float(-v.v);
  if (v.t === 'duration') return checkDuration(-v.ns);
  return rulesError(reasons.unsupported(`-${v.t}`, '-int, -float, -duration'));
}
