import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for the browser SDKs (firestore-protocol.md §5.5). They send credentialed requests
 * (XhrIo `withCredentials`), for which Chromium rejects `Access-Control-Allow-Origin: *`, so the
 * origin is echoed. X-HTTP-Session-Id is the one response header the WebChannel client reads.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'X-HTTP-Session-Id');
}

/**
 * Answers a preflight (any OPTIONS request): 204 allowing every method the REST surface uses and
 * exactly the headers asked for. Call after applyCors. Returns false for other methods.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  const requested = req.headers['access-control-request-headers'];
  if (requested) res.setHeader('Access-Control-Allow-Headers', requested);
  res.setHeader('Access-Control-Max-Age', '3600');
  res.writeHead(204);
  res.end();
  return true;
}
