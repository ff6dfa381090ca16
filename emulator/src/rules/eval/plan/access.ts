import type { Expr } from '../../ast.js';
import type { Activation } from '../activation.js';
import { notImplied } from '../constraint.js';
import { isRulesError, reasons, rulesError, type RulesResult } from '../errors.js';
import { list, str, type Value } from '../values.js';
import { PlannedNode, type Planned } from './node.js';

/** `m.k`, `x[i]` and `x[i:j]` (rules-language.md §5.9). */

export class Member extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly target: Planned,
    private readonly name: string,
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const t = this.target.eval(act);
    return isRulesError(t) ? t : property(t, this.name);
  }
}

export class Index extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly target: Planned,
    private readonly index: Planned,
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const t = this.target.eval(act);
    if (isRulesError(t)) return t;
    const i = this.index.eval(act);
    return isRulesError(i) ? i : index(t, i);
  }
}

/** `x[i:j]` on a list or string; bounds default to 0 / size and must satisfy 0 ≤ i ≤ j ≤ size. */
export class Slice extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly target: Planned,
    private readonly from: Planned | null,
    private readonly to: Planned | null,
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const t = this.target.eval(act);
    if (isRulesError(t)) return t;
    const from = this.from ? this.from.eval(act) : null;
    if (isRulesError(from)) return from;
    const to = this.to ? this.to.eval(act) : null;
    if (isRulesError(to)) return to;
    return slice(t, from, to);
  }
}

function property(t: Value, name: string): RulesResult<Value> {
  if (t.t === 'null') return rulesError(reasons.nullValue());
  if (t.t === 'constraint') return notImplied();
  if (t.t !== 'map') return rulesError(reasons.unsupported(`${t.t}.${name}`, `map.${name}`));
  return t.v.get(name) ?? rulesError(reasons.undefinedProperty(name));
}

/** `m[k]`, `l[i]`, `s[i]`, `p[i]`. */
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

function slice(t: Value, from: Value | null, to: Value | null): RulesResult<Value> {
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
