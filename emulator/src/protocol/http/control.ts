import type { IncomingMessage, ServerResponse } from 'node:http';
import { databaseId, parseDatabaseName } from '../../core/paths.js';
import type { Registry } from '../../core/registry.js';
import { invalidArgument, notFound } from '../../core/errors.js';
import { exportDatabases } from '../../core/persistence/export-database.js';
import { formatTimestamp } from '../../core/persistence/timestamp-text.js';
import { sendError } from './errors.js';
import { readJsonBody } from './read-body.js';
import { sendJson } from './send-json.js';
import { handleRulesControl } from './rules-control.js';

/**
 * Emulator-only endpoints under /emulator/v1 (firestore-protocol.md §9). Returns false when the
 * route is not one of them.
 */
export function handleControl(registry: Registry, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const clear = /^\/emulator\/v1\/projects\/([^/]+)\/databases\/([^/]+)\/documents$/.exec(path);
  if (clear && req.method === 'DELETE') {
    registry.database(databaseId(decodeURIComponent(clear[1]!), decodeURIComponent(clear[2]!))).clear();
    sendJson(res, 200, {});
    return true;
  }
  const exportRoute = /^\/emulator\/v1\/projects\/([^/]+):export$/.exec(path);
  if (exportRoute && req.method === 'POST') {
    // Answers only once the export is on disk: firebase-tools reads it right after (§9.3).
    exportFromRequest(registry, req, decodeURIComponent(exportRoute[1]!)).then(
      (body) => sendJson(res, 200, body),
      (e: unknown) => sendError(res, e, `POST ${path}`),
    );
    return true;
  }
  if (handleRulesControl(registry, req, res, path)) return true;
  if (path.startsWith('/emulator/v1/')) throw notFound(`No emulator endpoint ${req.method} ${path}`);
  return false;
}

const MAX_BODY_BYTES = 1 << 20;

/**
 * `POST /emulator/v1/projects/{p}:export` with firebase-tools' body
 * `{"database":"projects/{p}/databases/(default)","export_directory":"/abs","export_name":"firestore_export"}`:
 * writes `<export_directory>/<export_name>/` (docs/export-format.md). Without `database`, every
 * database of project {p} is exported.
 * @see firestore-protocol.md §9.3
 * @throws INVALID_ARGUMENT for a bad body, FAILED_PRECONDITION when the files cannot be written
 */
async function exportFromRequest(registry: Registry, req: IncomingMessage, projectId: string) {
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidArgument('The request body must be a JSON object.');
  const { database, export_directory: directory, export_name: name } = body as Record<string, unknown>;
  if (typeof directory !== 'string' || directory === '')
    throw invalidArgument('export_directory is required (an absolute directory path).');
  if (name !== undefined && typeof name !== 'string') throw invalidArgument('export_name must be a string.');
  databaseId(projectId); // validates the project id from the URL
  let databases = [...registry.all()].filter((db) => db.id.projectId === projectId);
  if (database !== undefined) {
    const id = parseDatabaseName(database);
    if (id.projectId !== projectId)
      throw invalidArgument(`Database ${id.name} is not in project ${projectId}.`);
    databases = [registry.database(id)];
  }
  const summary = await exportDatabases(databases, registry.clock, {
    directory,
    ...(name !== undefined && { name }),
  });
  return { ...summary, exportTime: formatTimestamp(summary.exportTime) };
}
