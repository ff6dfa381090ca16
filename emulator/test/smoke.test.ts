import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, webFirestore, type EmulatorTarget } from './harness.js';

describe('both Node SDKs against one emulator', () => {
  let target: EmulatorTarget;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target.stop();
  });

  it('a document written by firebase-admin reads back through the web SDK', async () => {
    const projectId = uniqueProjectId('smoke');
    const admin = await adminFirestore(projectId);
    const web = await webFirestore(target, projectId);
    const { doc, getDoc } = await import('firebase/firestore');
    await admin.db.doc('stores/s1').set({ name: 'Depot', open: true });
    const snap = await getDoc(doc(web.db, 'stores/s1'));
    expect(snap.data()).toEqual({ name: 'Depot', open: true });
    await web.close();
    await admin.close();
  });
});
