/**
 * The one harness for the emulator's suites: a target emulator (the embedded one, or whatever
 * FIRESTORE_EMULATOR_HOST names, e.g. the official emulator) and real SDK clients pointed at it.
 * Every suite uses a fresh project id, so suites never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { FirestoreEmulator } from '../src/emulator.js';

export interface EmulatorTarget {
  readonly host: string;
  readonly port: number;
  /** `host:port` */
  readonly hostAndPort: string;
  /** True when the suite runs against an emulator it did not start (FIRESTORE_EMULATOR_HOST). */
  readonly external: boolean;
  /** The embedded emulator, when there is one. */
  readonly embedded: FirestoreEmulator | undefined;
  stop(): Promise<void>;
}

const EXTERNAL_HOST = process.env['FIRESTORE_EMULATOR_HOST'];

/** Starts the embedded emulator unless FIRESTORE_EMULATOR_HOST names one; sets the variable for the SDKs. */
export async function startTarget(): Promise<EmulatorTarget> {
  if (EXTERNAL_HOST) {
    const i = EXTERNAL_HOST.lastIndexOf(':');
    const host = EXTERNAL_HOST.slice(0, i).replace(/^\[|\]$/g, '');
    const port = Number(EXTERNAL_HOST.slice(i + 1));
    return { host, port, hostAndPort: EXTERNAL_HOST, external: true, embedded: undefined, stop: async () => {} };
  }
  const embedded = new FirestoreEmulator();
  const { host, port } = await embedded.start();
  process.env['FIRESTORE_EMULATOR_HOST'] = embedded.hostAndPort;
  return { host, port, hostAndPort: embedded.hostAndPort, external: false, embedded, stop: () => embedded.stop() };
}

/** A project id no other suite uses (the `demo-` prefix keeps every tool offline). */
export const uniqueProjectId = (label = 'test'): string => `demo-${label}-${randomBytes(4).toString('hex')}`;

/** Deletes every document of a project's default database through the emulator's control endpoint. */
export async function clearProject(target: EmulatorTarget, projectId: string): Promise<void> {
  const res = await fetch(`http://${target.hostAndPort}/emulator/v1/projects/${projectId}/databases/(default)/documents`, {
    method: 'DELETE',
  });
  if (!res.ok) throw new Error(`clear failed: ${res.status} ${await res.text()}`);
}

/** firebase-admin's Firestore for `projectId`, in an app of its own. */
export async function adminFirestore(projectId: string) {
  const { initializeApp, deleteApp } = await import('firebase-admin/app');
  const { getFirestore } = await import('firebase-admin/firestore');
  const app = initializeApp({ projectId }, `admin-${projectId}-${randomBytes(3).toString('hex')}`);
  const db = getFirestore(app);
  return { db, close: () => deleteApp(app) };
}

/** The web SDK (Node build, gRPC) for `projectId`, optionally signed in with a mock user token. */
export async function webFirestore(target: EmulatorTarget, projectId: string, mockUser?: { sub: string } & Record<string, unknown>) {
  const { initializeApp, deleteApp } = await import('firebase/app');
  const { getFirestore, connectFirestoreEmulator, terminate } = await import('firebase/firestore');
  const app = initializeApp({ projectId, apiKey: 'fake-api-key' }, `web-${projectId}-${randomBytes(3).toString('hex')}`);
  const db = getFirestore(app);
  connectFirestoreEmulator(db, target.host, target.port, mockUser ? { mockUserToken: mockUser } : {});
  return {
    db,
    close: async () => {
      await terminate(db);
      await deleteApp(app);
    },
  };
}

/**
 * `describe` for cases that only make sense against the embedded emulator (its control API,
 * its internals). Against another emulator they are skipped with the reason printed.
 */
export const describeEmbeddedOnly = (title: string, fn: () => void): void => {
  if (EXTERNAL_HOST) {
    console.log(`skipped "${title}": runs only against the embedded emulator (FIRESTORE_EMULATOR_HOST=${EXTERNAL_HOST})`);
    describe.skip(title, fn);
  } else describe(title, fn);
};

/** Waits until `predicate` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
