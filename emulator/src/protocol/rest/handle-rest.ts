import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidArgument } from '../../core/errors.js';
import type { Registry } from '../../core/registry.js';
import { identityFromAuthorization } from '../../service/identity.js';
import { sendError } from '../http/errors.js';
import { decodeMessage, encodeMessage } from './json-codec.js';
import { toJsonText } from './json-text.js';
import { readJsonBody } from '../http/read-body.js';
import { bindQueryParams, setJsonPath } from './query-params.js';
import { restRoute, type RestRoute } from './rest-route.js';
import { rpcBinding } from './rest-rpcs.js';

/** Above Firestore's 10 MiB request limit, so the service (not the transport) rejects big writes by its own rules. */
export const MAX_REST_BODY_BYTES = 12 * 1024 * 1024;

/**
 * REST/JSON routes (`/v1/projects/...`, firestore-protocol.md §5). Answers true when it took the
 * request; throws (for the server's error mapper) when the URL names no RPC it serves.
 */
export function handleRest(registry: Registry, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const route = restRoute(req.method ?? 'GET', path);
  if (!route) return false;
  const what = `${req.method} ${path}`;
  serve(registry, req, route).then(
    (body) => {
      const text = toJsonText(body);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    },
    (e: unknown) => sendError(res, e, what),
  );
  return true;
}

/** Builds the request from URL, query and body, runs the RPC, and returns its proto3 JSON answer. */
async function serve(registry: Registry, req: IncomingMessage, route: RestRoute): Promise<unknown> {
  const { handler, requestType, responseType, streaming } = rpcBinding(route.rpc);
  const json: Record<string, unknown> = {};
  if (route.body !== 'none') {
    const body = await readJsonBody(req, MAX_REST_BODY_BYTES);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw invalidArgument('Invalid JSON payload received. The request body must be a JSON object.');
    if (route.body === 'request') Object.assign(json, body);
    else json['document'] = body;
  }
  bindQueryParams(requestType, json, new URL(req.url ?? '/', 'http://localhost').searchParams);
  // The URL's resource names win over any copy in the body, as on Google's front end.
  for (const [field, value] of Object.entries(route.fromUrl)) setJsonPath(requestType, json, field, value);
  const request = decodeMessage(requestType, json);
  const ctx = { registry, identity: identityFromAuthorization(req.headers.authorization) };
  const result = await handler(ctx, request as never);
  return streaming ? (result as object[]).map((m) => encodeMessage(responseType, m)) : encodeMessage(responseType, result);
}
