/**
 * Shared pieces of the security suites: loading rules the way rules-unit-testing does, unsigned
 * ID tokens like the Auth emulator's, and raw REST calls with a chosen Authorization header.
 */
import type { EmulatorTarget } from '../harness.js';

/** `PUT :securityRules` with rules-unit-testing's body; returns the raw response. */
export async function putRules(
  target: EmulatorTarget,
  projectId: string,
  source: string,
  extra: Record<string, unknown> = {},
) {
  return fetch(`http://${target.hostAndPort}/emulator/v1/projects/${projectId}:securityRules`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ rules: { files: [{ content: source }] }, ...extra }),
  });
}

export async function loadRules(target: EmulatorTarget, projectId: string, source: string): Promise<void> {
  const res = await putRules(target, projectId, source);
  if (!res.ok) throw new Error(`loading rules failed: ${res.status} ${await res.text()}`);
}

export { wrapRules } from '../../src/rules/decide/testing.js';

/** An unsigned (`alg: none`) ID token shaped like the Auth emulator's, with extra claims. */
export function unsignedIdToken(
  projectId: string,
  uid: string,
  claims: Record<string, unknown> = {},
): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const payload = {
    iss: `https://securetoken.google.com/${projectId}`,
    aud: projectId,
    auth_time: 0,
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 3600,
    sub: uid,
    user_id: uid,
    firebase: { sign_in_provider: 'password', identities: {} },
    ...claims,
  };
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(payload)}.`;
}

/** A REST call under `/v1/projects/{p}/databases/(default)/documents…` with an optional bearer token. */
export async function rest(
  target: EmulatorTarget,
  projectId: string,
  method: string,
  suffix: string,
  { token, body }: { token?: string; body?: unknown } = {},
): Promise<{ status: number; json: Record<string, unknown> | unknown[] }> {
  const res = await fetch(
    `http://${target.hostAndPort}/v1/projects/${projectId}/databases/(default)/documents${suffix}`,
    {
      method,
      headers: {
        ...(token && { Authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    },
  );
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
