/**
 * The closed set of errors the emulator core throws. Each transport has exactly one mapper from
 * these to its wire form (gRPC status, REST error JSON, WebChannel error payload); anything else
 * is reported as INTERNAL and logged, never echoed (STYLE.md §8.2 item 6).
 */
export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

export const codeName = (code: Code): keyof typeof Code =>
  (Object.keys(Code) as (keyof typeof Code)[]).find((k) => Code[k] === code) ?? 'UNKNOWN';

export class FirestoreError extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = 'FirestoreError';
  }
}

export const isFirestoreError = (e: unknown): e is FirestoreError => e instanceof FirestoreError;

export const invalidArgument = (message: string) => new FirestoreError(Code.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new FirestoreError(Code.NOT_FOUND, message);
export const alreadyExists = (message: string) => new FirestoreError(Code.ALREADY_EXISTS, message);
export const failedPrecondition = (message: string) => new FirestoreError(Code.FAILED_PRECONDITION, message);
export const aborted = (message: string) => new FirestoreError(Code.ABORTED, message);
export const unimplemented = (message: string) => new FirestoreError(Code.UNIMPLEMENTED, message);
export const permissionDenied = (message: string) => new FirestoreError(Code.PERMISSION_DENIED, message);
export const resourceExhausted = (message: string) => new FirestoreError(Code.RESOURCE_EXHAUSTED, message);

/** Narrows `cond` or throws INVALID_ARGUMENT with `message`. */
export function assertArg(cond: unknown, message: string): asserts cond {
  if (!cond) throw invalidArgument(message);
}

/** The message Cloud Firestore gives a transaction that lost a conflict. */
export const CONTENTION_MESSAGE =
  'Aborted due to cross-transaction contention. This occurs when multiple transactions attempt to access the same data, requiring Firestore to abort at least one in order to enforce serializability.';
