import { assertFails } from '@firebase/rules-unit-testing';
import { describe, expect, it } from 'vitest';
import { paths } from '@storefront/domain';
import { IDS, serverTimestamp } from './support/fixtures.js';
import {
  ROLES,
  UIDS,
  expectOutcome,
  matrix,
  useRulesSuite,
  type Db,
  type MatrixTable,
  type Operation,
  type Outcome,
  type Role,
} from './support/rules-env.js';

// Orders and their timelines (firestore.rules, "orders"): owner and admins read, nobody writes
// from the client, and a shopper's list is provably theirs and bounded (rules are not filters).
const suite = useRulesSuite();
const aliceEvent = `${paths.orderEvents(IDS.aliceOrder)}/${IDS.event}`;
const signedIn: Role[] = ['owner', 'otherShopper', 'anonymous', 'admin'];

const orderOps: Operation[] = [
  { name: "get (alice's order)", run: (db) => db.doc(paths.order(IDS.aliceOrder)).get() },
  // Each caller lists its own orders, the way the web app does (signed out: alice's).
  {
    name: "list where uid == caller's, limit 50",
    run: (db, uid) =>
      db
        .collection(paths.orders)
        .where('uid', '==', uid ?? UIDS.owner)
        .limit(50)
        .get(),
  },
  {
    name: 'create',
    run: (db, uid) =>
      db
        .doc(paths.order('o-new'))
        .set({ uid, status: 'paid', amount: 1, currency: 'usd', createdAt: serverTimestamp() }),
  },
  {
    name: "update (alice's order to paid)",
    run: (db) => db.doc(paths.order(IDS.aliceOrder)).update({ status: 'paid' }),
  },
  { name: "delete (alice's order)", run: (db) => db.doc(paths.order(IDS.aliceOrder)).delete() },
];

const eventOps: Operation[] = [
  { name: 'get', run: (db) => db.doc(aliceEvent).get() },
  { name: 'list', run: (db) => db.collection(paths.orderEvents(IDS.aliceOrder)).get() },
  {
    name: 'create',
    run: (db, uid) =>
      db
        .collection(paths.orderEvents(IDS.aliceOrder))
        .doc()
        .set({
          type: 'cancelled',
          at: serverTimestamp(),
          actor: { kind: 'shopper', uid },
          from: 'pending_payment',
          to: 'cancelled',
          note: null,
        }),
  },
  { name: 'update', run: (db) => db.doc(aliceEvent).update({ note: 'edited' }) },
  { name: 'delete', run: (db) => db.doc(aliceEvent).delete() },
];

// Functions only: stripeEvents, and a collection no rule names (deny by default).
const serverOnlyOps = (path: string): Operation[] => [
  { name: 'get', run: (db) => db.doc(path).get() },
  { name: 'list', run: (db) => db.collection(path.split('/')[0]!).get() },
  { name: 'create', run: (db) => db.collection(path.split('/')[0]!).doc().set({ a: 1 }) },
  { name: 'update', run: (db) => db.doc(path).update({ a: 2 }) },
  { name: 'delete', run: (db) => db.doc(path).delete() },
];
const nobody = { get: [], list: [], create: [], update: [], delete: [] } as const;

const tables: MatrixTable[] = [
  {
    collection: 'orders/{o}',
    ops: orderOps,
    allowed: {
      "get (alice's order)": ['owner', 'admin'],
      "list where uid == caller's, limit 50": signedIn,
      create: [],
      "update (alice's order to paid)": [],
      "delete (alice's order)": [],
    },
  },
  {
    collection: 'orders/{o}/events/{e}',
    ops: eventOps,
    allowed: { get: ['owner', 'admin'], list: ['owner', 'admin'], create: [], update: [], delete: [] },
  },
  {
    collection: 'stripeEvents/{id}',
    ops: serverOnlyOps(paths.stripeEvent(IDS.stripeEvent)),
    allowed: nobody,
  },
  { collection: 'unlisted/{id} (no rule)', ops: serverOnlyOps('unlisted/x'), allowed: nobody },
];

describe.each(tables)('$collection', ({ ops, allowed }) => {
  it.each(matrix(ops, allowed))('$role $op → $expected', async ({ role, run, expected }) => {
    const { db, uid } = suite.as(role);
    await expectOutcome(expected, run(db, uid));
  });
});

type Query = (db: Db, uid: string) => Promise<unknown>;
const listCases: { role: Role; name: string; query: Query; expected: Outcome }[] = [
  ...(['owner', 'otherShopper', 'anonymous'] as const).flatMap((role) => [
    { role, name: 'own uid, limit 50', query: ownOrders(50), expected: 'allow' as const },
    { role, name: 'own uid, limit 1', query: ownOrders(1), expected: 'allow' as const },
    { role, name: 'own uid, limit 51', query: ownOrders(51), expected: 'deny' as const },
    {
      role,
      name: 'own uid, no limit',
      query: (db: Db, uid: string) => db.collection(paths.orders).where('uid', '==', uid).get(),
      expected: 'deny' as const,
    },
    {
      role,
      name: 'no uid filter, limit 50',
      query: (db: Db) => db.collection(paths.orders).limit(50).get(),
      expected: 'deny' as const,
    },
    {
      role,
      name: 'no filter, no limit',
      query: (db: Db) => db.collection(paths.orders).get(),
      expected: 'deny' as const,
    },
    {
      role,
      name: "another shopper's uid, limit 50",
      query: uidOrders('someone-else', 50),
      expected: 'deny' as const,
    },
    {
      role,
      name: 'uid in [own, another], limit 50',
      query: (db: Db, uid: string) =>
        db.collection(paths.orders).where('uid', 'in', [uid, 'someone-else']).limit(50).get(),
      expected: 'deny' as const,
    },
    {
      role,
      name: 'status filter only, limit 50',
      query: (db: Db) => db.collection(paths.orders).where('status', '==', 'paid').limit(50).get(),
      expected: 'deny' as const,
    },
  ]),
  {
    role: 'admin',
    name: 'no filter, no limit',
    query: (db) => db.collection(paths.orders).get(),
    expected: 'allow',
  },
  { role: 'admin', name: "a shopper's uid, limit 500", query: uidOrders(UIDS.owner, 500), expected: 'allow' },
  {
    role: 'unauthenticated',
    name: "alice's uid, limit 50",
    query: uidOrders(UIDS.owner, 50),
    expected: 'deny',
  },
  {
    role: 'unauthenticated',
    name: 'no filter, no limit',
    query: (db) => db.collection(paths.orders).get(),
    expected: 'deny',
  },
];

function uidOrders(uid: string, limit: number): Query {
  return (db) => db.collection(paths.orders).where('uid', '==', uid).limit(limit).get();
}

function ownOrders(limit: number): Query {
  return (db, uid) => uidOrders(uid, limit)(db, uid);
}

describe('order list queries (rules are not filters)', () => {
  it.each(listCases)('$role: $name → $expected', async ({ role, query, expected }) => {
    const { db, uid } = suite.as(role);
    await expectOutcome(expected, query(db, uid ?? 'signed-out'));
  });

  it.each(['owner', 'otherShopper', 'anonymous'] as const)(
    '%s listing own orders gets exactly their order',
    async (role) => {
      const { db, uid } = suite.as(role);
      const snap = await db.collection(paths.orders).where('uid', '==', uid).limit(50).get();
      const mine = { owner: IDS.aliceOrder, otherShopper: IDS.bobOrder, anonymous: IDS.anonOrder }[role];
      expect(snap.docs.map((d) => d.id)).toEqual([mine]);
    },
  );

  it('the denial of an unfiltered shopper list names the list statement', async () => {
    const { db } = suite.as('owner');
    const error: unknown = await assertFails(db.collection(paths.orders).limit(50).get());
    expect(String((error as { message?: unknown }).message)).toContain("for 'list' @ L");
  });
});

describe('anonymous shoppers are signed in', () => {
  it.each([
    { name: 'get own order', run: (db: Db) => db.doc(paths.order(IDS.anonOrder)).get(), expected: 'allow' },
    {
      name: "get alice's order",
      run: (db: Db) => db.doc(paths.order(IDS.aliceOrder)).get(),
      expected: 'deny',
    },
  ] as const)('anonymous: $name → $expected', async ({ run, expected }) => {
    await expectOutcome(expected, run(suite.as('anonymous').db));
  });

  it('the events of an order the anonymous shopper owns are readable by them', async () => {
    const eventPath = `${paths.orderEvents(IDS.anonOrder)}/${IDS.event}`;
    await suite.privileged(async (db) => {
      await db.doc(eventPath).set({
        type: 'placed',
        at: serverTimestamp(),
        actor: { kind: 'shopper', uid: UIDS.anonymous },
        from: null,
        to: 'pending_payment',
        note: null,
      });
    });
    const { db } = suite.as('anonymous');
    await expectOutcome('allow', db.doc(eventPath).get());
    await expectOutcome('allow', db.collection(paths.orderEvents(IDS.anonOrder)).get());
  });
});

describe('reads of orders that do not exist', () => {
  it.each(ROLES.filter((r) => r !== 'admin'))('%s get of a missing order → deny', async (role) => {
    await expectOutcome('deny', suite.as(role).db.doc(paths.order('o-missing')).get());
  });
});
