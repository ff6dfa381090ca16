import { HttpsError, type CallableRequest } from 'firebase-functions/https';

/**
 * The caller's uid. Anonymous accounts count as signed in (a shopper may check out as a guest).
 * @throws HttpsError('unauthenticated') when the call carries no valid ID token.
 */
export function requireAuth(request: CallableRequest): string {
  const uid = request.auth?.uid;
  if (!uid) throw new HttpsError('unauthenticated', 'sign in (an anonymous account is enough) to do this');
  return uid;
}

/**
 * The caller's uid, if their token carries the custom claim `admin: true`.
 * @throws HttpsError('unauthenticated') without a token, 'permission-denied' without the claim.
 */
export function requireAdmin(request: CallableRequest): string {
  const uid = requireAuth(request);
  if (request.auth?.token['admin'] !== true) throw new HttpsError('permission-denied', 'only admins may do this');
  return uid;
}
