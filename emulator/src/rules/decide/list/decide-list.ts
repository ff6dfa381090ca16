import type { Ruleset } from '../../ast.js';
import { NULL, type Value } from '../../eval/values.js';
import { documentSegments, requestValue, resourceValue } from '../context.js';
import { ANY_DEPTH, collectAllows, UNKNOWN_ID, type Candidate, type TargetSegment } from '../match-path.js';
import { requestScope, type RequestScope } from '../scope.js';
import { deny, evaluateStatements } from '../statements.js';
import type { DecideRequest, Decision, DocumentReader } from '../types.js';
import { namedDocument, symbolicResource } from './symbolic-resource.js';
import { listWays, tooManyWays, type Way } from './ways.js';

/**
 * Decides a `list` request (rules-language.md §8): the query is allowed only if every way of its filter
 * is allowed, each evaluated against the symbolic `resource` of that way; the first denied way is the
 * denial. The collection's contents are never read, except for a way that names a document by
 * `__name__ ==`, which is decided on that stored document.
 */
export function decideList(ruleset: Ruleset, req: DecideRequest, reader: DocumentReader): Decision {
  const ways = listWays(req.query?.filter);
  if (ways === null) return deny([], tooManyWays());
  const database = req.database ?? '(default)';
  const base = requestScope(req, reader);
  const queried = applicable(ruleset, queryTarget(database, req));
  for (const way of ways) {
    const decision = decideWay(ruleset, req, way, base, queried);
    if (!decision.allowed) return decision;
  }
  return { allowed: true };
}

function decideWay(
  ruleset: Ruleset,
  req: DecideRequest,
  way: Way,
  base: RequestScope,
  queried: readonly Candidate[],
): Decision {
  const docPath = namedDocument(way, base.database);
  let candidates = queried;
  let request = req;
  let resource: Value;
  if (docPath === undefined) {
    resource = symbolicResource(way);
  } else {
    // The document is known, so its id is bound and `request.path` names it (§8.4).
    candidates = applicable(ruleset, documentSegments(base.database, docPath));
    request = { ...req, path: docPath };
    const stored = base.reader.readDocument(docPath);
    resource = stored === null ? NULL : resourceValue(base.database, docPath, stored);
  }
  const globals = new Map([
    ['request', requestValue(request, base.database)],
    ['resource', resource],
  ]);
  return evaluateStatements(candidates, { ...base, globals }, 'list');
}

const applicable = (ruleset: Ruleset, segs: readonly TargetSegment[]): Candidate[] =>
  ruleset.service.name === 'cloud.firestore' ? collectAllows(ruleset, segs, 'list') : [];

/**
 * What a list request's documents look like to `match` (§4.1, §8.1, §8.2): `<collection>/<unknown id>`,
 * or for a collection group `<parent>/<any depth>/<group>/<unknown id>`.
 */
function queryTarget(database: string, req: DecideRequest): TargetSegment[] {
  const segs: TargetSegment[] = documentSegments(database, req.path);
  if (req.query?.collectionGroup) segs.splice(segs.length - 1, 0, ANY_DEPTH);
  segs.push(UNKNOWN_ID);
  return segs;
}
