import type { ServerResponse } from 'node:http';
import { Code, codeName, isFirestoreError } from '../../core/errors.js';
import { sendJson } from './control.js';

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

/** The one mapper from core errors to the REST error body `{error:{code,message,status}}`. */
export function sendError(res: ServerResponse, e: unknown, what: string): void {
  let code: Code = Code.INTERNAL;
  let message = 'Internal error.';
  if (isFirestoreError(e)) {
    code = e.code;
    message = e.message;
  } else {
    console.error(`[firestore-emulator] internal error in ${what}:`, e);
  }
  const http = HTTP_STATUS[code] ?? 500;
  if (res.headersSent) return void res.destroy();
  sendJson(res, http, { error: { code: http, message, status: codeName(code) } });
}
