import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

/** The Admin SDK's Firestore, initialised once per instance (functions-samples: at module top). */
export function db(): Firestore {
  if (getApps().length === 0) initializeApp();
  return getFirestore();
}
