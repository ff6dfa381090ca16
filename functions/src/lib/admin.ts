import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

/** The default Admin SDK app, initialised once per instance (functions-samples: at module top). */
export function adminApp(): App {
  return getApps()[0] ?? initializeApp();
}

/** The Admin SDK's Firestore. */
export function db(): Firestore {
  return getFirestore(adminApp());
}
