import { describe, it } from 'vitest';
import { paths } from '@storefront/domain';
import { IDS, adminStockEdit, validProduct } from './support/fixtures.js';
import { ROLES, UIDS, expectOutcome, useRulesSuite, type Operation } from './support/rules-env.js';

// A withdrawn admin (firestore.rules, isAdmin): their ID token still carries `admin: true` for up to
// an hour, but adminRevocations/{uid}, written when the role is withdrawn, ends the role at once.
const suite = useRulesSuite();
const revocation = paths.adminRevocation(UIDS.admin);

const adminOps: Operation[] = [
  { name: 'stock edit with its ledger entry', run: (db, uid) => adminStockEdit(db, uid) },
  { name: 'product create', run: (db) => db.doc(paths.product('p-new')).set(validProduct()) },
  { name: 'list every order', run: (db) => db.collection(paths.orders).get() },
  { name: 'read a shopper order', run: (db) => db.doc(paths.order(IDS.aliceOrder)).get() },
  { name: 'read the ledger', run: (db) => db.collection(paths.inventoryLedger).get() },
];

describe('a withdrawn admin whose token still carries the claim', () => {
  it.each(adminOps)('$name → deny while adminRevocations/{uid} exists, allow again once it is gone', async ({ run }) => {
    const { db, uid } = suite.as('admin');
    await suite.privileged((p) => p.doc(revocation).set({ by: 'test', at: new Date() }));
    await expectOutcome('deny', run(db, uid));
    await suite.privileged((p) => p.doc(revocation).delete());
    await expectOutcome('allow', run(db, uid));
  });
});

describe('adminRevocations/{uid} is server-only', () => {
  it.each(ROLES.map((role) => ({ role })))('$role: get, list, create and delete → deny', async ({ role }) => {
    await suite.privileged((p) => p.doc(revocation).set({ by: 'test', at: new Date() }));
    const { db } = suite.as(role);
    await expectOutcome('deny', db.doc(revocation).get());
    await expectOutcome('deny', db.collection('adminRevocations').get());
    await expectOutcome('deny', db.doc(paths.adminRevocation('someone')).set({ by: role }));
    await expectOutcome('deny', db.doc(revocation).delete());
  });
});
