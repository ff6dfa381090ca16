import type { Expr } from '../ast.js';
import type { Activation } from './activation.js';
import { rulesError, type RulesResult } from './errors.js';
import { plan } from './plan.js';
import type { Value } from './values.js';

export type { Activation } from './activation.js';

/**
 * Stage "eval" for expressions (rules-language.md §5): runs the expression's plan (`plan.ts`). Only `&&`,
 * `||` and `?:` discard errors; everything else propagates the first one it meets, left to right (§5.11
 * allows that order).
 *
 * Never throws: an unexpected exception becomes an error value at `expr`.
 */
export function evaluateExpr(expr: Expr, activation: Activation): RulesResult<Value> {
  try {
    return plan(expr).eval(activation);
  } catch (e) {
    return rulesError(`Internal evaluation error: ${e instanceof Error ? e.message : String(e)}`, expr.range);
  }
}
