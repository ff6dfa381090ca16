import { getAuth } from 'firebase-admin/auth';
import { HttpsError, type CallableRequest } from 'firebase-functions/https';
import { warn } from 'firebase-functions/logger';
import { adminApp } from './admin.js';

/**
 * The caller's uid. Anonymous accounts count as signed in (a shopper may check out as a guest).
 * @throws HttpsError('unauthenticated') when the call carries no valid ID token.
 */
export function requireAuth(request: CallableRequest): string {
  const uid = request.auth?.uid;
  if (!uid) throw new HttpsError('unauthenticated', 'sign in (an anonymous account is enough) to do this');
  return uid;
}

/** Admin SDK codes meaning the token no longer proves who the caller is: sign in again. */
const SIGNED_OUT = new Set(['auth/id-token-revoked', 'auth/invalid-id-token', 'auth/user-disabled', 'auth/user-not-found', 'auth/id-token-expired', 'auth/argument-error']);

/**
 * The caller's uid, if their ID token is still good and their account carries the custom claim
 * `admin: true` now (reliability.md A5). `request.auth` only proves the token was valid when
 * issued, and ID tokens live an hour; so the raw `Authorization: Bearer` token is verified again
 * here with revocation checking (Auth's `tokensValidAfterTime` and `disabled`), and the claim is
 * read from the account as it is now rather than from the token, so taking the claim away takes
 * effect on the next call without waiting for the old token to expire.
 * @throws HttpsError 'unauthenticated' without a token, or for one that was revoked
 *   (`revokeRefreshTokens`), belongs to a disabled or deleted user, or has expired: the session is
 *   over and only signing in again can help. 'permission-denied' without the claim: signing in
 *   again would not change that. 'unavailable' when Auth cannot be asked (retry); it fails closed.
 */
export async function requireAdmin(request: CallableRequest): Promise<string> {
  requireAuth(request);
  const token = /^Bearer (\S+)$/.exec(request.rawRequest.get('authorization') ?? '')?.[1];
  if (!token) throw new HttpsError('unauthenticated', 'sign in to do this');
  let decoded;
  try {
    decoded = await getAuth(adminApp()).verifyIdToken(token, true);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && SIGNED_OUT.has(code)) throw new HttpsError('unauthenticated', 'your session has ended: sign in again');
    warn('requireAdmin: could not verify the ID token', { code, error: (err as Error).message });
    throw new HttpsError('unavailable', 'could not check your sign-in, please retry');
  }
  const account = await currentAccount(decoded.uid);
  if (account.customClaims?.['admin'] !== true) throw new HttpsError('permission-denied', 'only admins may do this');
  return decoded.uid;
}

/** The account as Auth has it now. @throws HttpsError as requireAdmin documents. */
async function currentAccount(uid: string) {
  try {
    return await getAuth(adminApp()).getUser(uid);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'auth/user-not-found') throw new HttpsError('unauthenticated', 'your session has ended: sign in again');
    warn('requireAdmin: could not read the account', { code, error: (err as Error).message });
    throw new HttpsError('unavailable', 'could not check your sign-in, please retry');
  }
}
