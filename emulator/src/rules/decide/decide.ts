import type { Ruleset } from '../ast.js';
import { isRulesError } from '../eval/errors.js';
import { evaluateExpr } from '../eval/evaluate-expr.js';
import { requestValue, resourceBinding, documentSegments } from './context.js';
import { collectAllows, UNKNOWN_ID, type TargetSegment } from './match-path.js';
import { activationFor, newOperationBudget, type RequestScope } from './scope.js';
import type { DecideRequest, Decision, DenialEntry, DocumentReader } from './types.js';

export const NO_MATCH = 'No matching allow statements';

/**
 * Decides one operation (rules-language.md §4.3, §10.2): the applicable `allow` statements are tried in
 * source order and the first whose condition is boolean `true` grants. False, an error or a non-bool
 * only records a denial entry. List authorisation from query constraints (§8) is not implemented:
 * `resource` on a list request is an error.
 */
export function decide(ruleset: Ruleset, req: DecideRequest, reader: DocumentReader): Decision {
  const database = req.database ?? '(default)';
  const segs: TargetSegment[] = documentSegments(database, req.path);
  if (req.method === 'list') segs.push(UNKNOWN_ID);
  const candidates =
    ruleset.service.name === 'cloud.firestore' ? collectAllows(ruleset, segs, req.method) : [];
  if (candidates.length === 0) return deny([], NO_MATCH);

  const stored = req.method === 'list' || req.method === 'create' ? null : reader.readDocument(req.path);
  const scope: RequestScope = {
    database,
    globals: new Map([
      ['request', requestValue(req, database)],
      ['resource', resourceBinding(req, database, stored)],
    ]),
    reader,
    operationBudget: newOperationBudget(),
    commitBudget: req.accessBudget,
  };

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
  }
  const message = '\n' + entries.map((e) => `${e.reason} for '${req.method}' @ L${e.line}`).join(', ');
  return deny(entries, message);
}

function deny(entries: DenialEntry[], message: string): Decision {
  const first = entries[0] ?? { line: 0, column: 0, reason: message };
  return { allowed: false, denial: { ...first, message, entries } };
}
