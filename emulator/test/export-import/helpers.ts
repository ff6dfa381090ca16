/**
 * Shared pieces of the export/import suites: emulators in this process, firebase-admin clients
 * bound to one emulator each, temporary directories, and a comparable form of document data.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirestoreEmulator, type EmulatorOptions } from '../../src/emulator.js';

/** A fresh directory under the OS temp dir, removed by `cleanup`. */
export async function tempDir(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'fs-export-test-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** Starts an embedded emulator on a free port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<FirestoreEmulator> {
  const emulator = new FirestoreEmulator(options);
  await emulator.start();
  return emulator;
}

/**
 * firebase-admin's Firestore talking to `hostAndPort` (the client reads FIRESTORE_EMULATOR_HOST
 * when it is created, so two emulators in one process each get their own client). Integers come
 * back as bigint, so int64 values compare exactly and stay apart from doubles.
 */
export async function adminAt(hostAndPort: string, projectId: string, databaseId?: string) {
  const { initializeApp, deleteApp } = await import('firebase-admin/app');
  const { getFirestore } = await import('firebase-admin/firestore');
  process.env['FIRESTORE_EMULATOR_HOST'] = hostAndPort;
  const app = initializeApp({ projectId }, `export-${projectId}-${randomBytes(3).toString('hex')}`);
  const db = databaseId === undefined ? getFirestore(app) : getFirestore(app, databaseId);
  db.settings({ useBigInt: true });
  return { db, close: () => deleteApp(app) };
}

/**
 * Document data in a form `toEqual` compares exactly: SDK classes become tagged plain values
 * (references by path, timestamps as seconds.nanoseconds, bytes as base64); numbers stay numbers,
 * so NaN equals NaN and -0 differs from 0 (toEqual compares primitives with Object.is).
 */
export async function plain(value: unknown): Promise<unknown> {
  const { Timestamp, GeoPoint, DocumentReference } = await import('firebase-admin/firestore');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'bigint') return { int: v.toString() };
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Timestamp)
      return { timestamp: `${v.seconds}.${String(v.nanoseconds).padStart(9, '0')}` };
    if (v instanceof GeoPoint) return { geo: [v.latitude, v.longitude] };
    if (v instanceof DocumentReference) return { ref: v.path };
    // firebase-admin does not re-export the VectorValue class.
    if (v.constructor.name === 'VectorValue') return { vector: (v as { toArray(): number[] }).toArray() };
    if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('base64') };
    if (Array.isArray(v)) return v.map(walk);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(value);
}

/** A Timestamp-like as exact nanoseconds, for comparing create and update times. */
export const exactTime = (t: { seconds: number; nanoseconds: number } | undefined): bigint | undefined =>
  t === undefined ? undefined : BigInt(t.seconds) * 1_000_000_000n + BigInt(t.nanoseconds);

/** Number of live documents the emulator holds across every database. */
export function documentCount(emulator: FirestoreEmulator): number {
  let n = 0;
  for (const db of emulator.registry.all()) n += db.store.size;
  return n;
}

/** Where `--export-on-exit DIR` and firebase-tools put the metadata file. */
export const metadataPath = (dir: string): string =>
  join(dir, 'firestore_export', 'firestore_export.overall_export_metadata');
