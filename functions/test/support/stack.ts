import type { Firestore } from 'firebase-admin/firestore';
import { inject } from 'vitest';
import { db } from '../../src/lib/admin.js';
import type { StackInfo } from './local-stack.js';
import * as client from './stack-client.js';

/**
 * What a functions test needs from the stack that global-setup.ts started: its addresses, an
 * Admin SDK bound to it, users with real ID tokens, and HTTP calls to the deployed-in-emulator
 * functions. Test files run in parallel against this one stack, so every id they create is unique
 * and no test clears the database.
 */

export { uniqueId } from './stack-client.js';
export type { CallResult, TestUser } from './stack-client.js';

const info = inject('stack');

export function stack(): StackInfo {
  return info;
}

/** firebase-admin's Firestore on the test stack: the functions' own db(), bound by bind-stack.ts. */
export function adminDb(): Firestore {
  return db();
}

/** A new Auth emulator user and an ID token carrying `admin: true` when asked (anonymous: signed up anonymously). */
export function createUser(opts?: { admin?: boolean; anonymous?: boolean }): Promise<client.TestUser> {
  return client.createUser(info, opts);
}

/** A fresh ID token for `user` (created by createUser, not anonymous), signing in again by password. */
export function signIn(user: Pick<client.TestUser, 'email' | 'password'>): Promise<string> {
  if (!user.email || !user.password) throw new Error('signIn needs a user created with an email and password');
  return client.signIn(info, user.email, user.password);
}

/** Calls the callable `name` over HTTP as the client SDKs do; see stack-client.ts. */
export function callFunction<T>(
  name: string,
  data: unknown,
  idToken?: string,
): Promise<client.CallResult<T>> {
  return client.callFunction<T>(info, name, data, idToken);
}

/** A raw POST to the HTTP function `name` (stripeWebhook, demoPay). */
export function postToFunction(
  name: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return client.postToFunction(info, name, body, headers);
}
