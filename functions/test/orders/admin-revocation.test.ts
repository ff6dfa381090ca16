import { getAuth } from 'firebase-admin/auth';
import { describe, expect, it } from 'vitest';
import { paths, type OrderStatus, type OrderStatusResult } from '@storefront/domain';
import { grantAdmin, withdrawAdmin } from '../../src/admin/admin-role.js';
import { adminApp } from '../../src/lib/admin.js';
import { demoPay, placeOrder, readOrder } from '../support/order-flow.js';
import { adminDb, callFunction, createUser, signIn } from '../support/stack.js';

/**
 * reliability.md A5 through the stack: admin callables verify the caller's ID token again with
 * revocation checking, so revoking a session or disabling the account takes effect on the next
 * call, not when the one-hour ID token expires.
 */

function advance(orderId: string, to: OrderStatus, idToken: string) {
  return callFunction<OrderStatusResult>('advanceOrder', { orderId, to }, idToken);
}

async function paidOrderId(): Promise<string> {
  const order = await placeOrder({ quantity: 1 });
  expect((await demoPay({ orderId: order.orderId }, order.idToken)).status).toBe(200);
  return order.orderId;
}

/** Revocation compares whole seconds (auth_time vs tokensValidAfterTime): wait past the token's second. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1100));

describe('admin callables and revoked sessions', () => {
  it('refuses a revoked admin token at once with unauthenticated; a fresh sign-in works again', async () => {
    const orderId = await paidOrderId();
    const admin = await createUser({ admin: true });
    let started = Date.now();
    expect(await advance(orderId, 'packed', admin.idToken)).toEqual({ ok: true, data: { orderId, status: 'packed' } });
    const acceptedMs = Date.now() - started;

    await nextSecond();
    await getAuth(adminApp()).revokeRefreshTokens(admin.uid);
    const revokedAt = Date.now();
    const refused = await advance(orderId, 'shipped', admin.idToken);
    const refusedMs = Date.now() - revokedAt;
    expect(refused).toMatchObject({ ok: false, status: 'UNAUTHENTICATED', message: 'your session has ended: sign in again' });
    expect((await readOrder(orderId)).status).toBe('packed');
    console.log(`advanceOrder: accepted in ${acceptedMs} ms; old token refused ${refusedMs} ms after revokeRefreshTokens (first call after it)`);
    expect(refusedMs).toBeLessThan(5_000);

    await nextSecond();
    const fresh = await signIn(admin);
    started = Date.now();
    expect(await advance(orderId, 'shipped', fresh)).toEqual({ ok: true, data: { orderId, status: 'shipped' } });
    console.log(`advanceOrder with a fresh token after revocation: ${Date.now() - started} ms`);
  });

  it('withdrawAdmin ends the role at once and records it for the rules; grantAdmin gives it back', async () => {
    const orderId = await paidOrderId();
    const admin = await createUser({ admin: true });
    expect(await advance(orderId, 'packed', admin.idToken)).toEqual({ ok: true, data: { orderId, status: 'packed' } });
    await nextSecond();
    await withdrawAdmin(admin.uid, 'a test');
    expect(await advance(orderId, 'shipped', admin.idToken)).toMatchObject({ ok: false, status: 'UNAUTHENTICATED' });
    expect((await adminDb().doc(paths.adminRevocation(admin.uid)).get()).get('by')).toBe('a test');
    expect((await getAuth(adminApp()).getUser(admin.uid)).customClaims?.['admin']).toBeUndefined();
    await nextSecond();
    expect(await advance(orderId, 'shipped', await signIn(admin))).toMatchObject({ ok: false, status: 'PERMISSION_DENIED' });

    await grantAdmin(admin.uid);
    expect((await adminDb().doc(paths.adminRevocation(admin.uid)).get()).exists).toBe(false);
    expect(await advance(orderId, 'shipped', await signIn(admin))).toEqual({ ok: true, data: { orderId, status: 'shipped' } });
  });

  it('refuses the token of a disabled admin with unauthenticated', async () => {
    const orderId = await paidOrderId();
    const admin = await createUser({ admin: true });
    await getAuth(adminApp()).updateUser(admin.uid, { disabled: true });
    expect(await advance(orderId, 'packed', admin.idToken)).toMatchObject({ ok: false, status: 'UNAUTHENTICATED' });
    expect((await readOrder(orderId)).status).toBe('paid');
  });

  it('refuses with permission-denied as soon as the claim is taken away, even with the old token that still carries it', async () => {
    const orderId = await paidOrderId();
    const admin = await createUser({ admin: true });
    expect(await advance(orderId, 'packed', admin.idToken)).toEqual({ ok: true, data: { orderId, status: 'packed' } });
    await getAuth(adminApp()).setCustomUserClaims(admin.uid, null);
    expect(await advance(orderId, 'shipped', admin.idToken)).toMatchObject({ ok: false, status: 'PERMISSION_DENIED', message: 'only admins may do this' });
    expect((await readOrder(orderId)).status).toBe('packed');
  });

  it('refuses with permission-denied once the claim is gone from a fresh token', async () => {
    const orderId = await paidOrderId();
    const admin = await createUser({ admin: true });
    await getAuth(adminApp()).setCustomUserClaims(admin.uid, null);
    expect(await advance(orderId, 'packed', await signIn(admin))).toMatchObject({ ok: false, status: 'PERMISSION_DENIED', message: 'only admins may do this' });
    expect((await readOrder(orderId)).status).toBe('paid');
  });
});
