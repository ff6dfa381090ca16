import { invalidArgument } from './errors.js';

/**
 * Resource names. Inside the core a document is addressed by its database name
 * (`projects/{p}/databases/{d}`) and its relative path (`coll/doc/sub/doc2`).
 */
export interface DatabaseId {
  readonly projectId: string;
  readonly databaseId: string;
  /** `projects/{p}/databases/{d}` */
  readonly name: string;
}

// Project ids: Cloud projects use lowercase letters, digits and hyphens; the official emulator also
// takes ids tests make up (dots, colons for domain-scoped ids). Anything with a slash or whitespace
// cannot be routed, so those are rejected.
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._:~-]{0,99}$/;
const DATABASE_ID = /^(\(default\)|[a-z][a-z0-9-]{0,61}[a-z0-9]|[a-z])$/;

export function databaseId(projectId: string, database = '(default)'): DatabaseId {
  if (!PROJECT_ID.test(projectId)) throw invalidArgument(`Invalid project id: ${JSON.stringify(projectId)}`);
  if (!DATABASE_ID.test(database)) throw invalidArgument(`Invalid database id: ${JSON.stringify(database)}`);
  return { projectId, databaseId: database, name: `projects/${projectId}/databases/${database}` };
}

/** Parses `projects/{p}/databases/{d}`. */
export function parseDatabaseName(name: unknown): DatabaseId {
  if (typeof name !== 'string') throw invalidArgument('Missing database name.');
  const m = /^projects\/([^/]+)\/databases\/([^/]+)$/.exec(name);
  if (!m) throw invalidArgument(`Invalid database name: ${JSON.stringify(name)}`);
  return databaseId(m[1]!, m[2]!);
}

const MAX_ID_BYTES = 1500;

/** Validates one collection or document id segment, with Cloud Firestore's rules and wording. */
export function validateSegment(segment: string, full: string): void {
  if (segment === '') throw invalidArgument(`Resource name "${full}" has an empty path segment.`);
  if (segment.includes('/')) throw invalidArgument(`Resource id "${segment}" is invalid because it contains a slash.`);
  if (segment === '.' || segment === '..')
    throw invalidArgument(`Resource id "${segment}" is invalid because it is "." or "..".`);
  if (Buffer.byteLength(segment) > MAX_ID_BYTES)
    throw invalidArgument(`Resource id "${segment.slice(0, 20)}..." exceeds the maximum size of ${MAX_ID_BYTES} bytes.`);
  if (/^__.*__$/.test(segment) && !/^__id-?\d+__$/.test(segment))
    throw invalidArgument(`Resource id "${segment}" is invalid because it is reserved.`);
}

export interface ResourcePath {
  readonly db: DatabaseId;
  /** Relative path below `…/documents`, '' for the root. */
  readonly path: string;
  readonly segments: readonly string[];
}

function splitUnder(name: unknown, what: string): ResourcePath {
  if (typeof name !== 'string' || name === '') throw invalidArgument(`Missing ${what}.`);
  const m = /^(projects\/[^/]+\/databases\/[^/]+)\/documents(?:\/(.*))?$/.exec(name);
  if (!m) throw invalidArgument(`Invalid ${what}: ${JSON.stringify(name)}`);
  const db = parseDatabaseName(m[1]);
  const path = m[2] ?? '';
  if (m[2] === '') throw invalidArgument(`Invalid ${what}: ${JSON.stringify(name)} has a trailing "/".`);
  const segments = path === '' ? [] : path.split('/');
  for (const s of segments) validateSegment(s, name);
  return { db, path, segments };
}

/** Parses a full document name; it must have an even number of segments below `documents`. */
export function parseDocumentName(name: unknown): ResourcePath {
  const r = splitUnder(name, 'document name');
  if (r.segments.length === 0 || r.segments.length % 2 !== 0)
    throw invalidArgument(`Document name "${String(name)}" is not a valid document path.`);
  return r;
}

/** Parses a query or list parent: the database's `…/documents` root or a document. */
export function parseParent(name: unknown): ResourcePath {
  const r = splitUnder(name, 'parent');
  if (r.segments.length % 2 !== 0) throw invalidArgument(`Parent "${String(name)}" is not a document or the root.`);
  return r;
}

export const documentName = (db: DatabaseId, path: string): string =>
  path === '' ? `${db.name}/documents` : `${db.name}/documents/${path}`;

export const parentPath = (path: string): string => {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
};

export const lastSegment = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

export const joinPath = (parent: string, child: string): string => (parent === '' ? child : `${parent}/${child}`);
