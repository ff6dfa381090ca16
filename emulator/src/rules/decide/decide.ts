import type { Ruleset } from '../ast.js';
import { requestValue, resourceBinding, documentSegments } from './context.js';
import { decideList } from './list/decide-list.js';
import { collectAllows } from './match-path.js';
import { requestScope } from './scope.js';
import { deny, evaluateStatements, NO_MATCH } from './statements.js';
import type { DecideRequest, Decision, DocumentReader } from './types.js';

export { NO_MATCH } from './statements.js';

/**
 * Decides one operation (rules-language.md §4.3, §10.2). Single-document requests are decided on the
 * target document; `list` requests on every way of the query's filter (§8, `decideList`).
 */
export function decide(ruleset: Ruleset, req: DecideRequest, reader: DocumentReader): Decision {
  if (req.method === 'list') return decideList(ruleset, req, reader);
  const database = req.database ?? '(default)';
  const candidates =
    ruleset.service.name === 'cloud.firestore'
      ? collectAllows(ruleset, documentSegments(database, req.path), req.method)
      : [];
  if (candidates.length === 0) return deny([], NO_MATCH);

  const stored = req.method === 'create' ? null : reader.readDocument(req.path);
  const globals = new Map([
    ['request', requestValue(req, database)],
    ['resource', resourceBinding(req, database, stored)],
  ]);
  return evaluateStatements(candidates, { ...requestScope(req, reader), globals }, req.method);
}
