import type { Expr } from '../ast.js';
import type { RulesResult } from './errors.js';
import type { ExpressionBudget } from './expression-budget.js';
import type { Value } from './values.js';

/**
 * What one evaluation sees (rules-language.md §5): variables, which may themselves hold an error that
 * surfaces only where it is used (§5.10), plus the hooks of the later stages.
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
