import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from '../../core/registry.js';

/** REST/JSON routes (`/v1/projects/...`). Answers true when it took the request. */
export function handleRest(_registry: Registry, _req: IncomingMessage, _res: ServerResponse, _path: string): boolean {
  return false;
}
