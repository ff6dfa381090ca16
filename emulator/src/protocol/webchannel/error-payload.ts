import { Code, codeName, isFirestoreError } from '../../core/errors.js';

/**
 * The one mapper from core errors to WebChannel's wire form: the payload that ends a stream,
 * `[{"error":{code,message,status}}]` with the gRPC code and its name (firestore-protocol.md §8.5).
 * Anything that is not a domain error is logged and reported as INTERNAL without its details.
 */
export function errorPayload(e: unknown, what: string): unknown[] {
  let code: Code = Code.INTERNAL;
  let message = 'Internal error.';
  if (isFirestoreError(e)) {
    code = e.code;
    message = e.message;
  } else {
    console.error(`[firestore-emulator] internal error in ${what}:`, e);
  }
  return [{ error: { code, message, status: codeName(code) } }];
}
