import type { Expr, Range } from '../../ast.js';
import type { Activation } from '../activation.js';
import { isRulesError, locate, rulesError, type RulesResult } from '../errors.js';
import { budgetExhausted } from '../expression-budget.js';
import type { Value } from '../values.js';

/** One node of a compiled expression: built once per AST node, evaluated on every request. */
export interface Planned {
  readonly id: number;
  readonly range: Range;
  eval(act: Activation): RulesResult<Value>;
}

/**
 * What every node does around its own work, in one place: charge the budget (a refused node is the budget
 * error and never runs, §5.10), give an error its innermost range, and report the result to `observe`.
 * Errors are values, so nothing here catches: an exception unwinds to `evaluateExpr`.
 */
export abstract class PlannedNode implements Planned {
  readonly id: number;
  readonly range: Range;

  constructor(readonly expr: Expr) {
    this.id = expr.id;
    this.range = expr.range;
  }

  eval(act: Activation): RulesResult<Value> {
    const n = act.budget?.spend() === false ? rulesError(budgetExhausted()) : this.run(act);
    const r = isRulesError(n) ? locate(n, this.range) : n;
    act.observe?.(this.expr, r);
    return r;
  }

  /** The node's own semantics; children are evaluated through their `eval`. */
  protected abstract run(act: Activation): RulesResult<Value>;
}

/** Evaluates `nodes` left to right, stopping at the first error. */
export function evalAll(nodes: readonly Planned[], act: Activation): RulesResult<Value[]> {
  const out: Value[] = [];
  for (const x of nodes) {
    const v = x.eval(act);
    if (isRulesError(v)) return v;
    out.push(v);
  }
  return out;
}
