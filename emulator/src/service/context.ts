import type { FirestoreDatabase } from '../core/database.js';
import { invalidArgument } from '../core/errors.js';
import { parseFieldPath, type FieldPath } from '../core/field-path.js';
import { documentName, parseDatabaseName, type DatabaseId } from '../core/paths.js';
import type { Registry } from '../core/registry.js';
import type { Doc } from '../core/store/document.js';
import { project } from '../core/query/query.js';
import { toTimestamp } from '../core/time.js';
import type { DocumentMask__Output } from '../gen/google/firestore/v1/DocumentMask.js';
import type { Document } from '../gen/google/firestore/v1/Document.js';

/**
 * Who is calling. `owner` (Admin SDK, firebase-tools, rules-unit-testing with rules disabled) and
 * privileged service credentials bypass security rules; `user` carries the decoded ID token claims.
 */
export type Identity =
  | { readonly kind: 'owner' }
  | { readonly kind: 'user'; readonly uid: string; readonly token: Readonly<Record<string, unknown>> }
  | { readonly kind: 'anonymous' };

export interface CallContext {
  readonly registry: Registry;
  readonly identity: Identity;
}

/** Resolves (and creates on first use) the database a request names. */
export function databaseFor(ctx: CallContext, name: unknown): FirestoreDatabase {
  return ctx.registry.database(parseDatabaseName(name));
}

/** Checks that a parsed resource belongs to the request's database. */
export function sameDatabase(expected: DatabaseId, actual: DatabaseId, what: string): void {
  if (expected.name !== actual.name) throw invalidArgument(`${what} is not in database ${expected.name}.`);
}

export const parseMask = (mask: DocumentMask__Output | undefined): FieldPath[] | undefined =>
  mask ? (mask.fieldPaths ?? []).map(parseFieldPath) : undefined;

/** A stored document in the protobuf shape the transports serialize. */
export function toWireDocument(db: DatabaseId, doc: Doc, mask?: readonly FieldPath[]): Document {
  return {
    name: documentName(db, doc.path),
    fields: project(doc.fields, mask),
    createTime: toTimestamp(doc.createTime),
    updateTime: toTimestamp(doc.updateTime),
  };
}
