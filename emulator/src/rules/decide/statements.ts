import { isRulesError } from '../eval/errors.js';
import { evaluateExpr } from '../eval/evaluate-expr.js';
import type { Candidate } from './match-path.js';
import { activationFor, type RequestScope } from './scope.js';
import type { Decision, DenialEntry, RequestMethod } from './types.js';

export const NO_MATCH = 'No matching allow statements';

/**
 * Tries the applicable statements in source order (rules-language.md §4.3): the first whose condition is
 * boolean `true` grants. False, an error or a non-bool only records a denial entry (§10.2).
 */
export function evaluateStatements(
  candidates: readonly Candidate[],
  scope: RequestScope,
  method: RequestMethod,
): Decision {
  if (candidates.length === 0) return deny([], NO_MATCH);
  const entries: DenialEntry[] = [];
  for (const { allow, frame } of candidates) {
    if (allow.condition === null) return { allowed: true };
    const at = allow.condition.range.start;
    const r = evaluateExpr(allow.condition, activationFor(scope, frame));
    if (!isRulesError(r) && r.t === 'bool' && r.v) return { allowed: true };
    let reason: string;
    if (isRulesError(r)) {
      const where = r.range?.start ?? at;
      reason = r.reason || `evaluation error at L${where.line}:${where.column}`;
    } else {
      reason = r.t === 'bool' ? 'false' : `evaluation error at L${at.line}:${at.column}`;
    }
    entries.push({ line: at.line, column: at.column, reason });
    // Every later statement would only repeat the exhausted-budget error.
    if (scope.expressionBudget.exhausted) break;
  }
  const message = '\n' + entries.map((e) => `${e.reason} for '${method}' @ L${e.line}`).join(', ');
  return deny(entries, message);
}

/** A denial whose details are `message`; without entries (nothing was evaluated) line and column are 0. */
export function deny(entries: readonly DenialEntry[], message: string): Decision {
  const first = entries[0] ?? { line: 0, column: 0, reason: message };
  return { allowed: false, denial: { ...first, message, entries } };
}
