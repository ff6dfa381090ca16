import { codeName } from '../../core/errors.js';
import { describeError } from '../http/errors.js';

/**
 * WebChannel's wire form of an error: the payload that ends a stream,
 * `[{"error":{code,message,status}}]` with the gRPC code and its name (firestore-protocol.md §8.5).
 * The classification (domain error, or a logged INTERNAL without details) is the REST mapper's.
 */
export function errorPayload(e: unknown, what: string): unknown[] {
  const { code, message } = describeError(e, what);
  return [{ error: { code, message, status: codeName(code) } }];
}
