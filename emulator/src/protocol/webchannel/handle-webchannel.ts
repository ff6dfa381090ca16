import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from '../../core/registry.js';

/** WebChannel (`/google.firestore.v1.Firestore/{Listen,Write}/channel`). Answers true when it took the request. */
export function handleWebChannel(_registry: Registry, _req: IncomingMessage, _res: ServerResponse, _path: string): boolean {
  return false;
}
