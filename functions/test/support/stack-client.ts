import { randomBytes } from 'node:crypto';
import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { REGION } from '../../src/lib/config.js';
import type { StackInfo } from './local-stack.js';

/** The parts of a stack a client needs to reach its emulators. */
export type StackAddress = Pick<StackInfo, 'projectId' | 'authHost' | 'functionsOrigin'>;

/** A random id that fits every id schema (`[A-Za-z0-9_-]`), prefixed for readable test data. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('base64url')}`;
}

/**
 * Points the Admin SDK at this stack: sets the emulator hosts it reads from the environment
 * (FIRESTORE_EMULATOR_HOST, FIREBASE_AUTH_EMULATOR_HOST) and returns the default app, created for
 * the stack's project, so functions code used in a test or script (db(), the stock module) talks
 * to the same emulators. Call it before anything else touches firebase-admin.
 */
export function bindAdminSdk(stack: Pick<StackInfo, 'projectId' | 'firestoreHost' | 'authHost'>): App {
  process.env['FIRESTORE_EMULATOR_HOST'] = stack.firestoreHost;
  process.env['FIREBASE_AUTH_EMULATOR_HOST'] = stack.authHost;
  process.env['GCLOUD_PROJECT'] = stack.projectId;
  // Emulators need no credentials; without this google-auth-library probes the GCE metadata server.
  process.env['METADATA_SERVER_DETECTION'] ??= 'none';
  return getApps()[0] ?? initializeApp({ projectId: stack.projectId });
}

/**
 * The functions emulator drops a request whose worker fails to start (it logs the failure and
 * never answers); a request to the stack gives up after this long instead of hanging for undici's 5 minutes.
 */
const CALL_TIMEOUT_MS = 120_000;

export interface TestUser {
  uid: string;
  idToken: string;
  /** Email and password to sign in again with (not for anonymous users). */
  email?: string;
  password?: string;
}

async function identityToolkit<T>(stack: StackAddress, method: string, body: object): Promise<T> {
  const response = await fetch(
    `http://${stack.authHost}/identitytoolkit.googleapis.com/v1/accounts:${method}?key=any`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    },
  );
  const json = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok)
    throw new Error(`Auth emulator accounts:${method}: ${json.error?.message ?? response.status}`);
  return json;
}

/**
 * A new user in the Auth emulator and a fresh ID token for it. `admin` sets the custom claim
 * `admin: true` before signing in, so the token carries it; `anonymous` signs up anonymously.
 */
export async function createUser(
  stack: StackAddress & Pick<StackInfo, 'firestoreHost'>,
  opts: { admin?: boolean; anonymous?: boolean } = {},
): Promise<TestUser> {
  if (opts.anonymous) {
    if (opts.admin) throw new Error('an anonymous user cannot have the admin claim');
    const { localId, idToken } = await identityToolkit<{ localId: string; idToken: string }>(
      stack,
      'signUp',
      {
        returnSecureToken: true,
      },
    );
    return { uid: localId, idToken };
  }
  const email = `${uniqueId('user').toLowerCase()}@example.com`;
  const password = randomBytes(12).toString('hex');
  const auth = getAuth(bindAdminSdk(stack));
  const { uid } = await auth.createUser({ email, password });
  if (opts.admin) await auth.setCustomUserClaims(uid, { admin: true });
  return { uid, idToken: await signIn(stack, email, password), email, password };
}

/** Signs in with email and password through the Auth emulator's REST API; returns a fresh ID token. */
export async function signIn(stack: StackAddress, email: string, password: string): Promise<string> {
  const { idToken } = await identityToolkit<{ idToken: string }>(stack, 'signInWithPassword', {
    email,
    password,
    returnSecureToken: true,
  });
  return idToken;
}

export function functionUrl(stack: StackAddress, name: string): string {
  return `${stack.functionsOrigin}/${stack.projectId}/${REGION}/${name}`;
}

export type CallResult<T> =
  | { ok: true; data: T }
  | { ok: false; httpStatus: number; status: string; message: string; details?: unknown };

interface CallableResponse {
  result?: unknown;
  error?: { status: string; message: string; details?: unknown };
}

/**
 * Calls a callable function the way the client SDKs do (POST `{data}`, answer `{result}` or
 * `{error: {status, message, details}}`). A response outside that protocol (the emulator's 404 for
 * an unknown function, a crash) comes back as status 'UNKNOWN' with the body as the message, and
 * no answer at all within CALL_TIMEOUT_MS as 'DEADLINE_EXCEEDED' with httpStatus 0.
 */
export async function callFunction<T>(
  stack: StackAddress,
  name: string,
  data: unknown,
  idToken?: string,
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (idToken) headers['authorization'] = `Bearer ${idToken}`;
  let response: Response;
  try {
    response = await fetch(functionUrl(stack, name), {
      method: 'POST',
      headers,
      body: JSON.stringify({ data }),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (e) {
    if ((e as Error).name !== 'TimeoutError') throw e;
    return {
      ok: false,
      httpStatus: 0,
      status: 'DEADLINE_EXCEEDED',
      message: `${name} did not answer within ${CALL_TIMEOUT_MS / 1000} s`,
    };
  }
  const text = await response.text();
  let body: CallableResponse | undefined;
  try {
    body = JSON.parse(text) as CallableResponse;
  } catch {
    body = undefined;
  }
  if (response.ok && body && 'result' in body) return { ok: true, data: body.result as T };
  if (body?.error) {
    const { status, message, details } = body.error;
    return {
      ok: false,
      httpStatus: response.status,
      status,
      message,
      ...(details === undefined ? {} : { details }),
    };
  }
  return { ok: false, httpStatus: response.status, status: 'UNKNOWN', message: text };
}

/** A raw POST to an HTTP function (the webhook, the demo payment endpoint). */
export async function postToFunction(
  stack: StackAddress,
  name: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(functionUrl(stack, name), { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}
