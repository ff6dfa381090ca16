import { getAuth } from 'firebase-admin/auth';
import { bindAdminSdk } from '../../functions/test/support/stack-client.js';
import type { StackInfo } from '../../functions/test/support/local-stack.js';
import { seedCatalog, type CatalogSeedResult } from './seed-catalog.js';
import { seedUsers } from './seed-users.js';

export interface SeedResult extends CatalogSeedResult {
  usersCreated: number;
}

/** Seeds the catalog and the demo users into a running stack's Firestore and Auth emulators. */
export async function runSeed(
  stack: Pick<StackInfo, 'projectId' | 'firestoreHost' | 'authHost'>,
): Promise<SeedResult> {
  const app = bindAdminSdk(stack);
  const catalog = await seedCatalog();
  return { ...catalog, usersCreated: await seedUsers(getAuth(app)) };
}
