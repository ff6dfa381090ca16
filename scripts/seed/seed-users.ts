import type { Auth, UserRecord } from 'firebase-admin/auth';

/** The accounts npm start prints; the passwords are for the local Auth emulator only. */
export const DEMO_USERS = [
  {
    uid: 'demo-shopper',
    email: 'shopper@example.com',
    password: 'shopper-demo',
    displayName: 'Sam Shopper',
    admin: false,
  },
  {
    uid: 'demo-admin',
    email: 'admin@example.com',
    password: 'admin-demo',
    displayName: 'Alex Admin',
    admin: true,
  },
] as const;

async function findByEmail(auth: Auth, email: string): Promise<UserRecord | null> {
  try {
    return await auth.getUserByEmail(email);
  } catch (e) {
    if ((e as { code?: string }).code === 'auth/user-not-found') return null;
    throw e;
  }
}

/**
 * Creates the demo users that are missing and gives the admin its `admin: true` claim. A user
 * that already exists keeps its password and profile; only a wrong admin claim is corrected.
 * Returns how many users were created.
 */
export async function seedUsers(auth: Auth): Promise<number> {
  let created = 0;
  for (const { admin, ...user } of DEMO_USERS) {
    let record = await findByEmail(auth, user.email);
    if (!record) {
      record = await auth.createUser({ ...user, emailVerified: true });
      created++;
    }
    if (Boolean(record.customClaims?.['admin']) !== admin)
      await auth.setCustomUserClaims(record.uid, admin ? { admin: true } : {});
  }
  return created;
}
