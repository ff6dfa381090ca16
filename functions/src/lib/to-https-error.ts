import { HttpsError, type CallableRequest } from 'firebase-functions/https';
import { error as logError } from 'firebase-functions/logger';

/** gRPC status codes the Firestore SDK puts on its errors' numeric `code`. */
const GRPC = { DEADLINE_EXCEEDED: 4, ABORTED: 10, UNAVAILABLE: 14 } as const;

function grpcCode(err: unknown): number | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : undefined;
}

/** An error as text for the logs: Error objects serialise to `{}` in structured log fields. */
export function describeError(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/**
 * The error a callable should throw for `err`, chosen for what the client should do next:
 * HttpsErrors pass through; Firestore contention that outlived the SDK's own retries becomes
 * 'aborted' and a timeout or outage 'unavailable' (both: retry with backoff); anything else is
 * logged with its stack and becomes a bare 'internal', so internals never reach the client.
 */
export function toHttpsError(err: unknown, operation: string): HttpsError {
  if (err instanceof HttpsError) return err;
  switch (grpcCode(err)) {
    case GRPC.ABORTED:
      return new HttpsError('aborted', 'Too much contention, please retry');
    case GRPC.DEADLINE_EXCEEDED:
    case GRPC.UNAVAILABLE:
      return new HttpsError('unavailable', 'The database is busy, please retry');
  }
  logError(`${operation} failed`, { error: describeError(err) });
  return new HttpsError('internal', `${operation} failed`);
}

/** Wraps a callable handler so every error leaves it through `toHttpsError`. */
export function mappingErrors<R>(
  operation: string,
  handler: (request: CallableRequest<unknown>) => Promise<R>,
): (request: CallableRequest<unknown>) => Promise<R> {
  return async (request) => {
    try {
      return await handler(request);
    } catch (err) {
      throw toHttpsError(err, operation);
    }
  };
}
