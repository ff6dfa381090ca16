import { Metadata, type ServiceError, type status } from '@grpc/grpc-js';
import { Code, isFirestoreError } from '../../core/errors.js';

/**
 * The one mapper from core errors to gRPC statuses. Anything that is not a FirestoreError is a bug:
 * it is logged with its stack and reported as INTERNAL without details.
 */
export function toGrpcError(e: unknown, method: string): Partial<ServiceError> {
  if (isFirestoreError(e)) return { code: e.code as number as status, details: e.message, metadata: new Metadata() };
  console.error(`[firestore-emulator] internal error in ${method}:`, e);
  return { code: Code.INTERNAL as number as status, details: 'Internal error.', metadata: new Metadata() };
}
