import { getAuth } from 'firebase-admin/auth';
import { FieldValue } from 'firebase-admin/firestore';
import { paths } from '@storefront/domain';
import { adminApp, db } from '../lib/admin.js';

/**
 * Granting and withdrawing the admin role (reliability.md A5). The role is the custom claim
 * `admin: true`; withdrawing it must also stop the user's current ID token, which keeps the claim
 * for up to an hour: so the refresh tokens are revoked (callables refuse at once) and
 * adminRevocations/{uid} is written (the rules refuse at once). Both are idempotent.
 */

/** Gives `uid` the role: the claim (other claims kept), and no revocation document. */
export async function grantAdmin(uid: string): Promise<void> {
  const auth = getAuth(adminApp());
  const { customClaims } = await auth.getUser(uid);
  await auth.setCustomUserClaims(uid, { ...customClaims, admin: true });
  await db().doc(paths.adminRevocation(uid)).delete();
}

/** Takes the role from `uid` at once; `by` says who did it, for the record. */
export async function withdrawAdmin(uid: string, by: string): Promise<void> {
  const auth = getAuth(adminApp());
  const { customClaims } = await auth.getUser(uid);
  // Recorded first: from here on the rules refuse, whatever happens to the steps below.
  await db().doc(paths.adminRevocation(uid)).set({ by, at: FieldValue.serverTimestamp() });
  const rest = Object.fromEntries(Object.entries(customClaims ?? {}).filter(([k]) => k !== 'admin'));
  await auth.setCustomUserClaims(uid, rest);
  await auth.revokeRefreshTokens(uid);
}
