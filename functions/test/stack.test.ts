import { describe, expect, it } from 'vitest';
import { adminDb, callFunction, createUser, postToFunction, stack, uniqueId } from './support/stack.js';
import { createProduct, createStore } from './support/fixtures.js';
import { paths } from '@storefront/domain';

/** The JSON payload of a JWT, unverified: enough to see which claims the Auth emulator put in. */
function claims(idToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('test stack', () => {
  it('runs the test project with short reservations and the local webhook secret', () => {
    const s = stack();
    expect(s.projectId).toBe('demo-storefront-test');
    expect(s.reservationSeconds).toBe(8);
    expect(s.webhookSecret).toMatch(/^whsec_[0-9a-f]{48}$/);
  });

  it('creates users whose tokens carry the admin claim only when asked', async () => {
    const [shopper, admin, anonymous] = await Promise.all([
      createUser(),
      createUser({ admin: true }),
      createUser({ anonymous: true }),
    ]);
    expect(claims(shopper.idToken)).toMatchObject({ user_id: shopper.uid });
    expect(claims(shopper.idToken)['admin']).toBeUndefined();
    expect(claims(admin.idToken)).toMatchObject({ user_id: admin.uid, admin: true });
    expect(claims(anonymous.idToken)).toMatchObject({
      user_id: anonymous.uid,
      firebase: { sign_in_provider: 'anonymous' },
    });
    expect(new Set([shopper.uid, admin.uid, anonymous.uid]).size).toBe(3);
  });

  it('answers 404 for a function that does not exist', async () => {
    const call = await callFunction('noSuchFunction', {});
    expect(call).toMatchObject({ ok: false, httpStatus: 404, status: 'UNKNOWN' });
    expect(
      (await postToFunction('noSuchFunction', '{}', { 'content-type': 'application/json' })).status,
    ).toBe(404);
  });

  it('writes fixtures to the Firestore emulator with a restock ledger entry for initial stock', async () => {
    const storeId = await createStore();
    const productId = await createProduct({ price: 2500, stock: { [storeId]: 7 } });
    const db = adminDb();
    expect((await db.doc(paths.product(productId)).get()).get('price')).toBe(2500);
    expect((await db.doc(paths.stock(productId, storeId)).get()).data()).toMatchObject({
      onHand: 7,
      reserved: 0,
      available: 7,
    });
    const ledger = await db.collection(paths.inventoryLedger).where('productId', '==', productId).get();
    expect(ledger.docs.map((d) => d.data())).toMatchObject([
      { kind: 'restock', storeId, onHandDelta: 7, reservedDelta: 0, orderId: null },
    ]);
  });

  it('gives ids that differ on every call and fit the id schemas', () => {
    const ids = Array.from({ length: 100 }, () => uniqueId('x'));
    expect(new Set(ids).size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
