import type { Expr, Match, Ruleset } from '../../rules/ast.js';
import { isRulesError, type RulesResult } from '../../rules/eval/errors.js';
import type { Value } from '../../rules/eval/values.js';

/** How often one expression was evaluated and what it gave. */
interface Tally {
  readonly expr: Expr;
  true: number;
  false: number;
  error: number;
  /** Any value but a bool (a string, a map, …): normal for sub-expressions. */
  other: number;
}

export interface CoverageEntry {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
  readonly evaluations: number;
  readonly true: number;
  readonly false: number;
  readonly errors: number;
  readonly otherValues: number;
}

/** Shaped like the official report (`rules.files`, `report`); the entries are ours. */
export interface CoverageReport {
  readonly rules: { readonly files: readonly { readonly name?: string; readonly content: string }[] };
  /** Every `allow` condition, evaluated or not, plus every sub-expression that was evaluated. */
  readonly report: readonly CoverageEntry[];
}

/**
 * Rule coverage for one loaded ruleset (issue 5; the official emulator serves a similar report at
 * the same address): every evaluated expression node, counted by outcome. Conditions that were
 * never evaluated are listed with zero counts, which is what a reader looks for first.
 */
export class RuleCoverage {
  private readonly tallies = new Map<number, Tally>();

  constructor(
    ruleset: Ruleset,
    private readonly source: string,
    private readonly fileName: string | undefined,
  ) {
    for (const c of allowConditions(ruleset.service.body)) this.tally(c);
  }

  readonly observe = (expr: Expr, result: RulesResult<Value>): void => {
    const t = this.tally(expr);
    if (isRulesError(result)) t.error++;
    else if (result.t !== 'bool') t.other++;
    else if (result.v) t.true++;
    else t.false++;
  };

  private tally(expr: Expr): Tally {
    let t = this.tallies.get(expr.id);
    if (!t) this.tallies.set(expr.id, (t = { expr, true: 0, false: 0, error: 0, other: 0 }));
    return t;
  }

  report(): CoverageReport {
    const report = [...this.tallies.values()]
      .sort(
        (a, b) =>
          a.expr.range.start.offset - b.expr.range.start.offset ||
          b.expr.range.end.offset - a.expr.range.end.offset,
      )
      .map((t) => {
        const { start, end } = t.expr.range;
        return {
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          text: this.source.slice(start.offset, end.offset),
          evaluations: t.true + t.false + t.error + t.other,
          true: t.true,
          false: t.false,
          errors: t.error,
          otherValues: t.other,
        };
      });
    const file = { ...(this.fileName !== undefined && { name: this.fileName }), content: this.source };
    return { rules: { files: [file] }, report };
  }
}

function* allowConditions(body: Ruleset['service']['body'] | Match['body']): Iterable<Expr> {
  for (const node of body) {
    if (node.kind === 'match') yield* allowConditions(node.body);
    else if (node.kind === 'allow' && node.condition) yield node.condition;
  }
}
