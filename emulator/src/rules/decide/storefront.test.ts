import { describe, expect, it } from 'vitest';
import { STOREFRONT } from '../storefront.fixture.js';
import { commitBudget, type DecideRequest } from './types.js';
import { MemoryReader, NOW_NS, ruleset, run, user, verdict, type JsMap, type Op } from './testing.js';

// The storefront ruleset as a role × operation matrix against an in-memory store.
const rules = ruleset(STOREFRONT, true);
const ROLES: Record<string, DecideRequest['auth']> = {
  anon: null,
  alice: user('alice'),
  bob: user('bob'),
  admin: user('root', { admin: true }),
};
type Role = 'anon' | 'alice' | 'bob' | 'admin';

const order = { ownerId: 'alice', status: 'pending', totalCents: 1200 };
const seed = (): MemoryReader =>
  new MemoryReader({
    'products/p1': { name: 'Mug', priceCents: 900, stock: 3, tags: ['kitchen'] },
    'orders/o1': order,
    'orders/o1/items/i1': { productId: 'p1', qty: 1 },
    'users/alice': { displayName: 'Alice', createdAt: { ns: 1n } },
  });

interface Row {
  readonly name: string;
  readonly op: Op;
  /** Pending writes of the same batch, seen by getAfter / existsAfter. */
  readonly batch?: Record<string, JsMap>;
  readonly expect: Partial<Record<Role, 'ALLOW' | 'DENY'>> & { other?: 'ALLOW' | 'DENY' };
}

const product = { name: 'Cup', priceCents: 500, stock: 10 };
const ROWS: Row[] = [
  { name: 'get product', op: { method: 'get', path: 'products/p1' }, expect: { other: 'ALLOW' } },
  { name: 'list products', op: { method: 'list', path: 'products' }, expect: { other: 'ALLOW' } },
  {
    name: 'create valid product',
    op: { method: 'create', path: 'products/p2', data: product },
    expect: { admin: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'create product with an unknown field',
    op: { method: 'create', path: 'products/p2', data: { ...product, secret: true } },
    expect: { other: 'DENY' },
  },
  {
    name: 'reprice product',
    op: {
      method: 'update',
      path: 'products/p1',
      data: { name: 'Mug', priceCents: 800, stock: 3, tags: ['kitchen'] },
    },
    expect: { admin: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'rename product (field not in hasOnly)',
    op: {
      method: 'update',
      path: 'products/p1',
      data: { name: 'Cup', priceCents: 900, stock: 3, tags: ['kitchen'] },
    },
    expect: { other: 'DENY' },
  },
  { name: 'delete product', op: { method: 'delete', path: 'products/p1' }, expect: { other: 'DENY' } },
  {
    name: 'get order',
    op: { method: 'get', path: 'orders/o1' },
    expect: { alice: 'ALLOW', admin: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'create order with its payment in the batch',
    op: {
      method: 'create',
      path: 'orders/o2',
      data: { ownerId: 'alice', status: 'pending', createdAt: { ns: NOW_NS } },
    },
    batch: { 'payments/o2': { orderId: 'o2', amountCents: 100 } },
    expect: { alice: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'create order without a payment',
    op: {
      method: 'create',
      path: 'orders/o2',
      data: { ownerId: 'alice', status: 'pending', createdAt: { ns: NOW_NS } },
    },
    expect: { other: 'DENY' },
  },
  {
    name: 'cancel order',
    op: { method: 'update', path: 'orders/o1', data: { ...order, status: 'cancelled' } },
    expect: { alice: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'cancel order and change the total',
    op: { method: 'update', path: 'orders/o1', data: { ...order, status: 'cancelled', totalCents: 1 } },
    expect: { other: 'DENY' },
  },
  {
    name: 'delete order',
    op: { method: 'delete', path: 'orders/o1' },
    expect: { admin: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'read order item (get() of the parent order)',
    op: { method: 'get', path: 'orders/o1/items/i1' },
    expect: { alice: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'create payment with its order in the batch',
    op: { method: 'create', path: 'payments/o2', data: { orderId: 'o2', amountCents: 100 } },
    batch: { 'orders/o2': { ownerId: 'alice' } },
    expect: { other: 'ALLOW' },
  },
  {
    name: 'read reservation',
    op: { method: 'get', path: 'reservations/r1' },
    expect: { admin: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'read own profile',
    op: { method: 'get', path: 'users/alice' },
    expect: { alice: 'ALLOW', admin: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'create profile with a valid email',
    op: { method: 'create', path: 'users/alice', data: { displayName: 'A', email: 'a@x.io' } },
    expect: { alice: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'create profile with a bad email',
    op: { method: 'create', path: 'users/alice', data: { displayName: 'A', email: 'nope' } },
    expect: { other: 'DENY' },
  },
  {
    name: 'update profile keeping createdAt',
    op: { method: 'update', path: 'users/alice', data: { displayName: 'Al', createdAt: { ns: 1n } } },
    expect: { alice: 'ALLOW', other: 'DENY' },
  },
  {
    name: 'update profile changing createdAt',
    op: { method: 'update', path: 'users/alice', data: { displayName: 'Al', createdAt: { ns: 2n } } },
    expect: { other: 'DENY' },
  },
  {
    name: 'read a nested review',
    op: { method: 'get', path: 'products/p1/reviews/r1' },
    expect: { other: 'ALLOW' },
  },
];

describe('storefront ruleset: role × operation', () => {
  for (const row of ROWS) {
    for (const role of Object.keys(ROLES) as Role[]) {
      const expected = row.expect[role] ?? row.expect.other;
      it(`${row.name} as ${role} → ${expected}`, () => {
        const reader = seed();
        for (const [p, d] of Object.entries(row.batch ?? {})) reader.write(p, d);
        expect(verdict(run(rules, { ...row.op, auth: ROLES[role] ?? null }, reader))).toBe(expected);
      });
    }
  }

  it('a batch of order + payment is allowed write by write, sharing one access budget', () => {
    const reader = seed()
      .write('orders/o3', { ownerId: 'alice', status: 'pending', createdAt: { ns: NOW_NS } })
      .write('payments/o3', { orderId: 'o3', amountCents: 100 });
    const accessBudget = commitBudget();
    const writes: Op[] = [
      {
        method: 'create',
        path: 'orders/o3',
        data: { ownerId: 'alice', status: 'pending', createdAt: { ns: NOW_NS } },
      },
      { method: 'create', path: 'payments/o3', data: { orderId: 'o3', amountCents: 100 } },
    ];
    const decisions = writes.map((w) =>
      run(rules, { ...w, auth: ROLES.alice ?? null, accessBudget }, reader),
    );
    expect(decisions.map(verdict)).toEqual(['ALLOW', 'ALLOW']);
  });

  it('names the failing statements and their lines', () => {
    const d = run(rules, { method: 'delete', path: 'orders/o1', auth: ROLES.bob ?? null }, seed());
    const line = STOREFRONT.split('\n').findIndex((l) => l.includes('allow delete: if isAdmin();')) + 1;
    expect(d.denial?.message).toBe(`\nProperty admin is undefined on object. for 'delete' @ L${line}`);
  });
});
