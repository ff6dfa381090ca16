import type { Expr } from '../../ast.js';
import type { Activation } from '../activation.js';
import { isRulesError, type RulesResult } from '../errors.js';
import { callGlobal, callNamespace } from '../globals.js';
import { callMethod } from '../methods.js';
import type { Value } from '../values.js';
import { evalAll, PlannedNode, type Planned } from './node.js';

/** `f(x)`: the activation's handler (user functions, `get()`/`exists()`) first, then the built-ins. */
export class GlobalCall extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly name: string,
    private readonly args: readonly Planned[],
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const args = evalAll(this.args, act);
    if (isRulesError(args)) return args;
    return act.callGlobal?.(this.name, args) ?? callGlobal(this.name, args);
  }
}

/** `r.m(x)`: the receiver, then the arguments. */
export class MethodCall extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly receiver: Planned,
    protected readonly name: string,
    protected readonly args: readonly Planned[],
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const receiver = this.receiver.eval(act);
    if (isRulesError(receiver)) return receiver;
    const args = evalAll(this.args, act);
    return isRulesError(args) ? args : callMethod(receiver, this.name, args);
  }
}

/**
 * `math.abs(x)`: a namespace function, unless a variable of that name is bound, which shadows the
 * namespace; only the activation can tell, so the choice is made on every evaluation.
 */
export class NamespaceCall extends MethodCall {
  constructor(
    expr: Expr,
    private readonly namespace: string,
    receiver: Planned,
    name: string,
    args: readonly Planned[],
  ) {
    super(expr, receiver, name, args);
  }

  protected override run(act: Activation): RulesResult<Value> {
    if (act.has(this.namespace)) return super.run(act);
    const args = evalAll(this.args, act);
    return isRulesError(args) ? args : callNamespace(this.namespace, this.name, args);
  }
}
