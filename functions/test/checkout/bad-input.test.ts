import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINES_PER_ORDER, MAX_QUANTITY_PER_LINE, MAX_QUANTITY_PER_ORDER, paths } from '@storefront/domain';
import { createProduct, createStore } from '../support/fixtures.js';
import { adminDb, callFunction, createUser, uniqueId, type TestUser } from '../support/stack.js';
import { ledgerOf, stockOf } from './checkout-client.js';

/**
 * reliability.md B2/B3 through the deployed callable: every malformed checkout is refused with
 * invalid-argument, a message naming each bad field, the issues in details, and no write at all.
 * (The schema itself is unit-tested in packages/domain/src/schemas.test.ts.)
 */

let storeId: string;
let productId: string;
let user: TestUser;
const STOCK = 50;

beforeAll(async () => {
  storeId = await createStore();
  productId = await createProduct({ stock: { [storeId]: STOCK } });
  user = await createUser();
});

const quantity = (q: unknown) => ({ checkoutId: uniqueId('checkout'), storeId, lines: [{ productId, quantity: q }] });
const manyLines = (n: number, q: number) => Array.from({ length: n }, (_, i) => ({ productId: i === 0 ? productId : `${productId}-${i}`, quantity: q }));
const perLine = `lines.0.quantity: quantity must be at most ${MAX_QUANTITY_PER_LINE} per line`;

// [case, data and expected message (built once the fixtures exist)]. JSON carries NaN as null.
const cases: [string, () => unknown, string | (() => string)][] = [
  ['quantity 0', () => quantity(0), 'lines.0.quantity: quantity must be at least 1'],
  ['quantity -1', () => quantity(-1), 'lines.0.quantity: quantity must be at least 1'],
  ['quantity -2^31', () => quantity(-(2 ** 31)), 'lines.0.quantity: quantity must be at least 1'],
  ['quantity 1.5', () => quantity(1.5), 'lines.0.quantity: quantity must be a whole number'],
  ['quantity "1"', () => quantity('1'), 'lines.0.quantity: quantity must be a number'],
  ['quantity NaN', () => quantity(Number.NaN), 'lines.0.quantity: quantity must be a number'],
  ['quantity null', () => quantity(null), 'lines.0.quantity: quantity must be a number'],
  ['quantity []', () => quantity([]), 'lines.0.quantity: quantity must be a number'],
  ['quantity {}', () => quantity({}), 'lines.0.quantity: quantity must be a number'],
  [`quantity ${MAX_QUANTITY_PER_LINE + 1}`, () => quantity(MAX_QUANTITY_PER_LINE + 1), perLine],
  ['quantity 10^6', () => quantity(1e6), `${perLine}; lines: at most ${MAX_QUANTITY_PER_ORDER} items per order (got 1000000)`],
  [
    'quantity 1e21',
    () => quantity(1e21),
    `lines.0.quantity: quantity must be a whole number; ${perLine}; lines: at most ${MAX_QUANTITY_PER_ORDER} items per order (got 1e+21)`,
  ],
  [
    'quantity 2^53',
    () => quantity(2 ** 53),
    `lines.0.quantity: quantity must be a whole number; ${perLine}; lines: at most ${MAX_QUANTITY_PER_ORDER} items per order (got 9007199254740992)`,
  ],
  ['an empty cart', () => ({ checkoutId: uniqueId('c'), storeId, lines: [] }), 'lines: the cart is empty'],
  [
    `${MAX_LINES_PER_ORDER + 1} lines`,
    () => ({ checkoutId: uniqueId('c'), storeId, lines: manyLines(MAX_LINES_PER_ORDER + 1, 1) }),
    `lines: at most ${MAX_LINES_PER_ORDER} lines per order`,
  ],
  [
    `${MAX_QUANTITY_PER_ORDER + 1} items`,
    () => ({ checkoutId: uniqueId('c'), storeId, lines: [...manyLines(5, MAX_QUANTITY_PER_LINE), { productId: 'one-more', quantity: 1 }] }),
    `lines: at most ${MAX_QUANTITY_PER_ORDER} items per order (got ${MAX_QUANTITY_PER_ORDER + 1})`,
  ],
  [
    'a product on two lines',
    () => ({ checkoutId: uniqueId('c'), storeId, lines: [{ productId, quantity: 1 }, { productId, quantity: 1 }] }),
    () => `lines.1.productId: product ${productId} appears on more than one line`,
  ],
  [
    'a product id with a slash',
    () => ({ checkoutId: uniqueId('c'), storeId, lines: [{ productId: `${productId}/stock`, quantity: 1 }] }),
    'lines.0.productId: productId must be 1–64 characters of A–Z, a–z, 0–9, _ or -',
  ],
  [
    'a store id with a slash',
    () => ({ checkoutId: uniqueId('c'), storeId: `${storeId}/x`, lines: [{ productId, quantity: 1 }] }),
    'storeId: storeId must be 1–64 characters of A–Z, a–z, 0–9, _ or -',
  ],
  [
    'a short checkoutId',
    () => ({ checkoutId: 'abc', storeId, lines: [{ productId, quantity: 1 }] }),
    'checkoutId: checkoutId must be 8–128 characters of A–Z, a–z, 0–9, _ or -',
  ],
  ['no lines', () => ({ checkoutId: uniqueId('c'), storeId }), 'lines: Invalid input: expected array, received undefined'],
  ['data null', () => null, 'input: Invalid input: expected object, received null'],
  ['data a string', () => 'buy everything', 'input: Invalid input: expected object, received string'],
];

describe('placeOrder rejects bad input', () => {
  it.each(cases)('%s', async (_, data, expected) => {
    const message = typeof expected === 'string' ? expected : expected();
    const result = await callFunction('placeOrder', data(), user.idToken);
    expect(result).toMatchObject({ ok: false, status: 'INVALID_ARGUMENT', message });
    const issues = (!result.ok && (result.details as { issues: { path: string; message: string }[] }).issues) || [];
    expect(issues.map((i) => `${i.path}: ${i.message}`).join('; ')).toBe(message);
  });

  it('wrote nothing for any of them', async () => {
    expect(await stockOf(productId, storeId)).toEqual({ onHand: STOCK, reserved: 0, available: STOCK });
    expect((await ledgerOf({ storeId })).map((e) => e.kind)).toEqual(['restock']);
    expect((await adminDb().collection(paths.orders).where('storeId', '==', storeId).get()).size).toBe(0);
  });
});
