import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidArgument } from '../../core/errors.js';
import { databaseId } from '../../core/paths.js';
import type { Registry } from '../../core/registry.js';
import { coverageHtml } from '../../service/security/coverage-html.js';
import { rulesCatalog, type RulesIssue } from '../../service/security/rules-catalog.js';
import { sendError } from './errors.js';
import { readJsonBody } from './read-body.js';
import { sendJson } from './send-json.js';

// Rules sources are limited to 256 KiB; JSON escaping can roughly double that.
const MAX_RULES_BODY_BYTES = 1 << 20;

// The official emulator's wording: "Error compiling rules:\nL2:54 Missing 'if' before …".
const formatIssue = (i: RulesIssue): string =>
  `L${i.sourcePosition.line}:${i.sourcePosition.column} ${i.description}`;

/**
 * `PUT /emulator/v1/projects/{p}:securityRules` (rules-unit-testing, firebase-tools) and
 * `GET /emulator/v1/projects/{p}:ruleCoverage[.html]` (rules-language.md §3). Returns false when
 * the route is not one of them.
 */
export function handleRulesControl(
  registry: Registry,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): boolean {
  const load = /^\/emulator\/v1\/projects\/([^/]+):securityRules$/.exec(path);
  if (load && req.method === 'PUT') {
    loadRules(registry, req, decodeURIComponent(load[1]!)).then(
      (body) => sendJson(res, 200, body),
      (e: unknown) => sendError(res, e, `PUT ${path}`),
    );
    return true;
  }
  const coverage = /^\/emulator\/v1\/projects\/([^/]+):ruleCoverage(\.html)?$/.exec(path);
  if (coverage && req.method === 'GET') {
    const projectId = decodeURIComponent(coverage[1]!);
    databaseId(projectId); // validates the project id from the URL
    const rules = rulesCatalog(registry).get(projectId);
    const report = rules?.coverage.report() ?? { rules: { files: [] }, report: [] };
    if (!coverage[2]) sendJson(res, 200, report);
    else {
      const html = coverageHtml(projectId, report);
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(html),
      });
      res.end(html);
    }
    return true;
  }
  return false;
}

/**
 * Body `{"rules":{"files":[{"content","name"?}]},"ignore_errors"?}`: the first file becomes the
 * project's ruleset, like the official emulator. Compile errors answer 400 INVALID_ARGUMENT listing
 * every issue, unless `ignore_errors` (firebase-tools) asks for 200 with `issues`; either way the
 * previous ruleset stays in force.
 * @throws INVALID_ARGUMENT for a malformed body or, without ignore_errors, a ruleset with errors
 */
async function loadRules(
  registry: Registry,
  req: IncomingMessage,
  projectId: string,
): Promise<{ issues?: readonly RulesIssue[] }> {
  databaseId(projectId);
  const body = await readJsonBody(req, MAX_RULES_BODY_BYTES);
  const { rules, ignore_errors: ignoreErrors } = (body ?? {}) as {
    rules?: { files?: unknown };
    ignore_errors?: unknown;
  };
  const files = rules?.files;
  if (!Array.isArray(files) || files.length === 0)
    throw invalidArgument('The body must be {"rules":{"files":[{"content":"<rules source>"}]}}.');
  const [first] = files as { content?: unknown; name?: unknown }[];
  if (typeof first?.content !== 'string') throw invalidArgument('rules.files[0].content must be a string.');
  const name = typeof first.name === 'string' ? first.name : undefined;
  const result = rulesCatalog(registry).load(projectId, first.content, name);
  if (!result.loaded && ignoreErrors !== true)
    throw invalidArgument(`Error compiling rules:\n${result.issues.map(formatIssue).join('\n')}`);
  // `{}` on a clean load, like the official emulator; firebase-tools reads `issues` when present.
  return result.issues.length > 0 ? { issues: result.issues } : {};
}
