import { describe, expect, it } from 'vitest';
import { MAX_LINES_PER_ORDER, MAX_QUANTITY_PER_LINE, MAX_QUANTITY_PER_ORDER } from './limits.js';
import {
  advanceOrderInputSchema,
  cancelOrderInputSchema,
  orderSchema,
  outOfStockDetailsSchema,
  placeOrderInputSchema,
  stockSchema,
} from './schemas.js';

const base = { checkoutId: 'checkout-0001', storeId: 'store-1' };
const oneLine = (quantity: unknown) => ({ ...base, lines: [{ productId: 'p1', quantity }] });
const lines = (n: number, quantity = 1) => Array.from({ length: n }, (_, i) => ({ productId: `p${i}`, quantity }));

/** [path, message] of every issue, to compare whole results at once. */
function issues(input: unknown): [string, string][] {
  const result = placeOrderInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('placeOrderInputSchema: quantities (reliability.md B2)', () => {
  const perLine = `quantity must be at most ${MAX_QUANTITY_PER_LINE} per line`;
  it.each<[string, unknown, [string, string][]]>([
    ['0', 0, [['lines.0.quantity', 'quantity must be at least 1']]],
    ['-1', -1, [['lines.0.quantity', 'quantity must be at least 1']]],
    ['-2^31', -(2 ** 31), [['lines.0.quantity', 'quantity must be at least 1']]],
    ['1.5', 1.5, [['lines.0.quantity', 'quantity must be a whole number']]],
    ['"1"', '1', [['lines.0.quantity', 'quantity must be a number']]],
    ['NaN', Number.NaN, [['lines.0.quantity', 'quantity must be a number']]],
    ['Infinity', Infinity, [['lines.0.quantity', 'quantity must be a number']]],
    ['null', null, [['lines.0.quantity', 'quantity must be a number']]],
    ['missing', undefined, [['lines.0.quantity', 'quantity must be a number']]],
    ['[]', [], [['lines.0.quantity', 'quantity must be a number']]],
    ['{}', {}, [['lines.0.quantity', 'quantity must be a number']]],
    ['true', true, [['lines.0.quantity', 'quantity must be a number']]],
    [`${MAX_QUANTITY_PER_LINE + 1}`, MAX_QUANTITY_PER_LINE + 1, [['lines.0.quantity', perLine]]],
    [
      '10^6',
      1e6,
      [
        ['lines.0.quantity', perLine],
        ['lines', `at most ${MAX_QUANTITY_PER_ORDER} items per order (got 1000000)`],
      ],
    ],
    [
      '1e21',
      1e21,
      [
        ['lines.0.quantity', 'quantity must be a whole number'],
        ['lines.0.quantity', perLine],
        ['lines', `at most ${MAX_QUANTITY_PER_ORDER} items per order (got 1e+21)`],
      ],
    ],
    [
      '2^53',
      2 ** 53,
      [
        ['lines.0.quantity', 'quantity must be a whole number'],
        ['lines.0.quantity', perLine],
        ['lines', `at most ${MAX_QUANTITY_PER_ORDER} items per order (got 9007199254740992)`],
      ],
    ],
  ])('quantity %s is rejected', (_, quantity, expected) => {
    expect(issues(oneLine(quantity))).toEqual(expected);
  });

  it.each([1, MAX_QUANTITY_PER_LINE])('quantity %s is accepted', (quantity) => {
    expect(issues(oneLine(quantity))).toEqual([]);
  });
});

describe('placeOrderInputSchema: carts (reliability.md B3)', () => {
  it('rejects an empty cart', () => {
    expect(issues({ ...base, lines: [] })).toEqual([['lines', 'the cart is empty']]);
  });

  it(`rejects more than ${MAX_LINES_PER_ORDER} lines and accepts exactly that many`, () => {
    expect(issues({ ...base, lines: lines(MAX_LINES_PER_ORDER + 1) })).toEqual([['lines', `at most ${MAX_LINES_PER_ORDER} lines per order`]]);
    expect(issues({ ...base, lines: lines(MAX_LINES_PER_ORDER) })).toEqual([]);
  });

  it(`rejects more than ${MAX_QUANTITY_PER_ORDER} items in total and accepts exactly that many`, () => {
    const atCap = lines(MAX_QUANTITY_PER_ORDER / MAX_QUANTITY_PER_LINE, MAX_QUANTITY_PER_LINE);
    expect(issues({ ...base, lines: atCap })).toEqual([]);
    expect(issues({ ...base, lines: [...atCap, { productId: 'extra', quantity: 1 }] })).toEqual([
      ['lines', `at most ${MAX_QUANTITY_PER_ORDER} items per order (got ${MAX_QUANTITY_PER_ORDER + 1})`],
    ]);
  });

  it('rejects a product on two lines, naming the second', () => {
    const input = { ...base, lines: [{ productId: 'p1', quantity: 1 }, { productId: 'p2', quantity: 1 }, { productId: 'p1', quantity: 2 }] };
    expect(issues(input)).toEqual([['lines.2.productId', 'product p1 appears on more than one line']]);
  });

  it.each<[string, unknown, [string, string][]]>([
    ['a product id with a slash', { ...base, lines: [{ productId: 'p/1', quantity: 1 }] }, [['lines.0.productId', 'productId must be 1–64 characters of A–Z, a–z, 0–9, _ or -']]],
    ['a 65-character product id', { ...base, lines: [{ productId: 'p'.repeat(65), quantity: 1 }] }, [['lines.0.productId', 'productId must be 1–64 characters of A–Z, a–z, 0–9, _ or -']]],
    ['an empty store id', { ...base, storeId: '', lines: lines(1) }, [['storeId', 'storeId must be 1–64 characters of A–Z, a–z, 0–9, _ or -']]],
    ['a short checkout id', { ...base, checkoutId: 'short', lines: lines(1) }, [['checkoutId', 'checkoutId must be 8–128 characters of A–Z, a–z, 0–9, _ or -']]],
    ['no lines at all', { ...base }, [['lines', 'Invalid input: expected array, received undefined']]],
    ['lines as an object', { ...base, lines: {} }, [['lines', 'Invalid input: expected array, received object']]],
    ['null', null, [['', 'Invalid input: expected object, received null']]],
  ])('rejects %s', (_, input, expected) => {
    expect(issues(input)).toEqual(expected);
  });

  it('strips price fields the client sends', () => {
    const parsed = placeOrderInputSchema.parse({ ...base, amount: 1, lines: [{ productId: 'p1', quantity: 2, price: 1, unitAmount: 0 }] });
    expect(parsed).toEqual({ ...base, lines: [{ productId: 'p1', quantity: 2 }] });
  });
});

describe('other callable inputs', () => {
  it('cancelOrder and advanceOrder need a well-formed order id; advanceOrder a known status', () => {
    expect(cancelOrderInputSchema.safeParse({ orderId: 'o_1' }).success).toBe(true);
    expect(cancelOrderInputSchema.safeParse({ orderId: '../x' }).success).toBe(false);
    expect(advanceOrderInputSchema.safeParse({ orderId: 'o_1', to: 'packed' }).success).toBe(true);
    expect(advanceOrderInputSchema.safeParse({ orderId: 'o_1', to: 'teleported' }).success).toBe(false);
  });

  it('out-of-stock details list product, requested and available', () => {
    const details = { reason: 'out-of-stock', lines: [{ productId: 'p1', requested: 3, available: 1 }] };
    expect(outOfStockDetailsSchema.parse(details)).toEqual(details);
    expect(outOfStockDetailsSchema.safeParse({ ...details, reason: 'other' }).success).toBe(false);
  });
});

describe('document schemas', () => {
  const ts = { toMillis: () => 0 };
  it('stock must be consistent and non-negative', () => {
    expect(stockSchema.safeParse({ onHand: 5, reserved: 2, available: 3, updatedAt: ts }).success).toBe(true);
    expect(stockSchema.safeParse({ onHand: 5, reserved: 2, available: 4, updatedAt: ts }).success).toBe(false);
    expect(stockSchema.safeParse({ onHand: 1, reserved: 2, available: -1, updatedAt: ts }).success).toBe(false);
  });

  it('an order needs at least one line and a Timestamp expiry', () => {
    const order = {
      uid: 'u1',
      storeId: 's1',
      checkoutId: 'checkout-0001',
      lines: [{ productId: 'p1', name: 'Hammer', quantity: 1, unitAmount: 1999 }],
      amount: 1999,
      currency: 'usd',
      status: 'pending_payment',
      expiresAt: ts,
      createdAt: ts,
      updatedAt: ts,
      paymentIntentId: null,
    };
    expect(orderSchema.safeParse(order).success).toBe(true);
    expect(orderSchema.safeParse({ ...order, lines: [] }).success).toBe(false);
    expect(orderSchema.safeParse({ ...order, expiresAt: '2030-01-01' }).success).toBe(false);
  });
});
