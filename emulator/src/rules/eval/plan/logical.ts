import type { Expr } from '../../ast.js';
import type { Activation } from '../activation.js';
import { isRulesError, reasons, rulesError, type RulesResult } from '../errors.js';
import { bool, type Value } from '../values.js';
import { PlannedNode, type Planned } from './node.js';

/**
 * The only nodes that may discard an error (rules-language.md §5.2, §5.3, STYLE §8.2 item 7); every other
 * node propagates the first error it meets.
 */

/**
 * `&&` / `||`: the left side decides when it can; otherwise (left true/false-neutral or an error) the
 * right side is evaluated and may absorb a left error. A non-bool operand is an error.
 */
export class Logical extends PlannedNode {
  private readonly decisive: boolean;

  constructor(
    expr: Expr,
    private readonly op: '&&' | '||',
    private readonly left: Planned,
    private readonly right: Planned,
  ) {
    super(expr);
    this.decisive = op === '||';
  }

  protected override run(act: Activation): RulesResult<Value> {
    const l = asBool(this.left.eval(act), this.op);
    if (l === this.decisive) return bool(this.decisive);
    const r = asBool(this.right.eval(act), this.op);
    if (r === this.decisive) return bool(this.decisive);
    if (isRulesError(l)) return l;
    return isRulesError(r) ? r : bool(r);
  }
}

function asBool(v: RulesResult<Value>, op: string): RulesResult<boolean> {
  if (isRulesError(v)) return v;
  return v.t === 'bool' ? v.v : rulesError(reasons.unsupported(`${v.t} ${op} _`, `bool ${op} bool`));
}

/** `c ? a : b`: only the chosen branch is evaluated, so an error in the other one is discarded. */
export class Conditional extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly cond: Planned,
    private readonly ifTrue: Planned,
    private readonly ifFalse: Planned,
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const c = this.cond.eval(act);
    if (isRulesError(c)) return c;
    if (c.t !== 'bool') return rulesError(reasons.unsupported(`${c.t} ? _ : _`, 'bool ? _ : _'));
    return (c.v ? this.ifTrue : this.ifFalse).eval(act);
  }
}
