import type { IncomingMessage, ServerResponse } from 'node:http';
import { databaseId } from '../../core/paths.js';
import type { Registry } from '../../core/registry.js';
import { notFound } from '../../core/errors.js';

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
  if (path.startsWith('/emulator/v1/')) throw notFound(`No emulator endpoint ${req.method} ${path}`);
  return false;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
