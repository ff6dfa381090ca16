/** firebase-admin Firestore clients pointed at one emulator child each. */
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { withTimeout } from './outcome.js';

export interface AdminClient {
  readonly db: Firestore;
  close(): Promise<void>;
}

let apps = 0;

/**
 * A Firestore client in an app of its own. The SDK reads FIRESTORE_EMULATOR_HOST when the
 * Firestore instance is constructed, so setting it just before getFirestore() pins this client
 * to `hostAndPort` even though the bench talks to several emulators in turn.
 */
export function connectAdmin(hostAndPort: string): AdminClient {
  // Keeps google-auth-library from probing the GCE metadata server.
  process.env['METADATA_SERVER_DETECTION'] = 'none';
  process.env['FIRESTORE_EMULATOR_HOST'] = hostAndPort;
  const app = initializeApp({ projectId: 'demo-bench' }, `bench-${++apps}`);
  const db = getFirestore(app);
  return {
    db,
    // Bounded: a client whose emulator misbehaved may never finish closing its streams.
    close: () => withTimeout(deleteApp(app), 5_000, 'closing the firebase-admin app').catch(() => {}),
  };
}
