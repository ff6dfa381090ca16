import type { Identity } from './context.js';

function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Classifies an Authorization header value (firestore-protocol.md §3.3). Signatures and expiry are
 * never checked: the Auth emulator and rules-unit-testing issue unsigned tokens that expired in 1970.
 * - none → anonymous; `Bearer owner` → owner (rules bypassed)
 * - a Firebase ID token (issuer securetoken.google.com) → that user, with all its claims
 * - any other bearer (service-account JWT, OAuth token) → owner, like IAM callers in production
 */
export function identityFromAuthorization(header: string | undefined): Identity {
  if (!header) return { kind: 'anonymous' };
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!m) return { kind: 'anonymous' };
  const token = m[1]!.trim();
  if (token === 'owner') return { kind: 'owner' };
  const payload = decodeJwtPayload(token);
  if (payload && typeof payload['iss'] === 'string' && payload['iss'].startsWith('https://securetoken.google.com/')) {
    const uid = String(payload['sub'] ?? payload['user_id'] ?? '');
    return { kind: 'user', uid, token: payload };
  }
  return { kind: 'owner' };
}
