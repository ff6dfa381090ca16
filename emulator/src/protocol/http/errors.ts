import type { ServerResponse } from 'node:http';
import { Code, codeName, isFirestoreError } from '../../core/errors.js';
// Not from control.ts: control imports sendError from here, and importing back would be a cycle.
import { sendJson } from './send-json.js';

/** Canonical gRPC code → HTTP status (google.rpc.Code mapping). */
const HTTP_STATUS: Record<number, number> = {
  [Code.CANCELLED]: 499,
  [Code.UNKNOWN]: 500,
  [Code.INVALID_ARGUMENT]: 400,
  [Code.DEADLINE_EXCEEDED]: 504,
  [Code.NOT_FOUND]: 404,
  [Code.ALREADY_EXISTS]: 409,
  [Code.PERMISSION_DENIED]: 403,
  [Code.RESOURCE_EXHAUSTED]: 429,
  [Code.FAILED_PRECONDITION]: 400,
  [Code.ABORTED]: 409,
  [Code.OUT_OF_RANGE]: 400,
  [Code.UNIMPLEMENTED]: 501,
  [Code.INTERNAL]: 500,
  [Code.UNAVAILABLE]: 503,
  [Code.DATA_LOSS]: 500,
  [Code.UNAUTHENTICATED]: 401,
};

/**
 * What a client may learn of an error: a domain error's code and message; anything else is
 * logged and reported as INTERNAL without its details (STYLE.md §8.2 item 6). Shared by the
 * HTTP/1.1 transports (REST bodies here, WebChannel stream-error payloads).
 */
export function describeError(e: unknown, what: string): { code: Code; message: string } {
  if (isFirestoreError(e)) return { code: e.code, message: e.message };
  console.error(`[firestore-emulator] internal error in ${what}:`, e);
  return { code: Code.INTERNAL, message: 'Internal error.' };
}

/** The one mapper from core errors to the REST error body `{error:{code,message,status}}`. */
export function sendError(res: ServerResponse, e: unknown, what: string): void {
  // The client went away mid-request (Node's "aborted"): there is no one to answer and nothing to log.
  if ((e as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET') return void res.destroy();
  const { code, message } = describeError(e, what);
  const http = HTTP_STATUS[code] ?? 500;
  if (res.headersSent) return void res.destroy();
  // A body abandoned half-read (too large: reading stopped and destroyed the request stream) is
  // not drained by Node, so its rest would be parsed as the next request: close this connection.
  // An untouched body is drained by Node itself, and keep-alive is safe.
  if (res.req.destroyed && !res.req.complete) res.setHeader('Connection', 'close');
  sendJson(res, http, { error: { code: http, message, status: codeName(code) } });
}
