/**
 * The per-request evaluation budget (rules-language.md §5.10): at most 1000 evaluated expressions across
 * every statement tried (and every way of a list request). Each evaluated node costs 1, which is at
 * least what the measured model charges for most nodes; §5.10 allows a conservative count.
 */
export const MAX_EXPRESSIONS = 1000;

export const budgetExhausted = () =>
  `Unable to evaluate the expression as the maximum of ${MAX_EXPRESSIONS} expressions to evaluate has been reached.`;

export class ExpressionBudget {
  private spent = 0;
  constructor(readonly limit = MAX_EXPRESSIONS) {}

  /** Charges one node; false once the limit is passed, and for every node after that. */
  spend(): boolean {
    this.spent++;
    return this.spent <= this.limit;
  }

  get exhausted(): boolean {
    return this.spent > this.limit;
  }
}
