/**
 * The REST error contract (firestore-protocol.md §5.4): `{"error":{"code":<http>,"message","status"}}`
 * with a canonical status name, JSON content type, and never a stack trace or a source path.
 */
import { expect } from 'vitest';

const STATUS_NAMES = new Set([
  'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE',
  'DATA_LOSS', 'UNAUTHENTICATED',
]);

/** Text that only a leaked stack trace or internal detail would contain. */
export const STACK_TRACE = /\n\s+at |\bat [^\s]+ \(.*:\d+:\d+\)|\.[cm]?[jt]s:\d+|node:internal|node_modules|file:\/\//;

export interface ErrorBody {
  readonly code: number;
  readonly message: string;
  readonly status: string;
}

/** Asserts `text` is a well-formed REST error body for HTTP status `httpStatus`; returns its error. */
export function expectErrorBody(httpStatus: number, contentType: string | null, text: string, context: string): ErrorBody {
  expect(contentType, context).toMatch(/^application\/json/);
  expect(text, context).not.toMatch(STACK_TRACE);
  let body: unknown;
  expect(() => (body = JSON.parse(text)), `${context}: body is not JSON: ${text.slice(0, 200)}`).not.toThrow();
  const error = (body as { error?: ErrorBody }).error;
  expect(error, `${context}: ${text.slice(0, 200)}`).toEqual({ code: httpStatus, message: expect.any(String), status: expect.any(String) });
  expect(STATUS_NAMES.has(error!.status), `${context}: status ${error!.status}`).toBe(true);
  return error!;
}
