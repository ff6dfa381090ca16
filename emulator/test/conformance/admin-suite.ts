/**
 * A firebase-admin-only suite: a started target, one fresh project and its Firestore (useBigInt
 * off, the SDK's default), for the admin-only APIs (BulkWriter, recursiveDelete, listDocuments…).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { Firestore } from 'firebase-admin/firestore';
import { adminFirestore, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';

export interface AdminSuite {
  readonly target: EmulatorTarget;
  readonly projectId: string;
  readonly db: Firestore;
}

/** `describe` with an admin Firestore on a fresh project, reachable through the getter inside tests. */
export function describeAdmin(title: string, body: (s: () => AdminSuite) => void): void {
  describe(`${title} [admin]`, () => {
    let suite: AdminSuite | undefined;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const target = await startTarget();
      const projectId = uniqueProjectId('conf-admin');
      const admin = await adminFirestore(projectId);
      close = admin.close;
      suite = { target, projectId, db: admin.db };
    });
    afterAll(async () => {
      await close?.();
      await suite?.target.stop();
    });
    body(() => {
      if (!suite) throw new Error('suite not started');
      return suite;
    });
  });
}
