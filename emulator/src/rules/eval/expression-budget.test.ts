import { describe, expect, it } from 'vitest';
import type { Expr } from '../ast.js';
import { isRulesError } from './errors.js';
import { evaluateExpr, type Activation } from './evaluate-expr.js';
import { budgetExhausted, ExpressionBudget } from './expression-budget.js';
import { parseCondition } from './harness.js';

// rules-language.md §5.10: one unit per evaluated node; once spent, everything is the budget error.
const zeros = (n: number) => `[${Array.from({ length: n }, () => '0').join(', ')}]`;
function evaluateWith(source: string, budget: ExpressionBudget) {
  const seen: Expr[] = [];
  const act: Activation = Object.assign(new Map(), { budget, observe: (e: Expr) => seen.push(e) });
  return { result: evaluateExpr(parseCondition(source), act), seen };
}

describe('ExpressionBudget', () => {
  it('counts every evaluated node, and only those', () => {
    const budget = new ExpressionBudget(5);
    const { result, seen } = evaluateWith('false && (1 + 2 == 3)', budget);
    expect(result).toEqual({ t: 'bool', v: false });
    expect(seen).toHaveLength(2);
    expect(budget.exhausted).toBe(false);
  });
  it('the node past the limit errors with the official message, and an || cannot absorb it', () => {
    const budget = new ExpressionBudget(4);
    // ||, ==, + and 1 fit; 2 is refused, so + and == fail; the right side `true` is refused too.
    const { result, seen } = evaluateWith('(1 + 2 == 3 || true)', budget);
    expect(isRulesError(result) && result.reason).toBe(budgetExhausted());
    expect(budget.exhausted).toBe(true);
    // observe is still called once per node visited, the refused ones included.
    expect(seen).toHaveLength(6);
  });
  it('1000 nodes by default: !=, the list, its elements and null', () => {
    const ok = new ExpressionBudget();
    expect(evaluateWith(`${zeros(997)} != null`, ok).result).toEqual({ t: 'bool', v: true });
    const over = new ExpressionBudget();
    expect(isRulesError(evaluateWith(`${zeros(998)} != null`, over).result)).toBe(true);
  });
});
