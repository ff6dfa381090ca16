import type { Expr, TypeName } from '../../ast.js';
import type { Activation } from '../activation.js';
import { isRulesError, type RulesResult } from '../errors.js';
import { applyBinary, applyUnary, type StrictOp } from '../operators.js';
import { bool, typeMatches, type Value } from '../values.js';
import { PlannedNode, type Planned } from './node.js';

/** The strict operators: the first error among the operands, left to right, is the result (§5.11). */

export class Unary extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly op: '!' | '-',
    private readonly operand: Planned,
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const v = this.operand.eval(act);
    return isRulesError(v) ? v : applyUnary(this.op, v);
  }
}

export class Binary extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly op: StrictOp,
    private readonly left: Planned,
    private readonly right: Planned,
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const x = this.left.eval(act);
    if (isRulesError(x)) return x;
    const y = this.right.eval(act);
    return isRulesError(y) ? y : applyBinary(this.op, x, y);
  }
}

/** `x is type` (§5.8). */
export class TypeTest extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly operand: Planned,
    private readonly type: TypeName,
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const v = this.operand.eval(act);
    return isRulesError(v) ? v : bool(typeMatches(v, this.type));
  }
}
