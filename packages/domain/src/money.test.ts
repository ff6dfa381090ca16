import { describe, expect, it } from 'vitest';
import { amountSchema, formatMoney, lineAmount, MAX_ORDER_AMOUNT } from './money.js';

describe('lineAmount', () => {
  it('multiplies integer minor units exactly', () => {
    expect(lineAmount(1999, 3)).toBe(5997);
    expect(lineAmount(0, 5)).toBe(0);
  });

  it('refuses results that are not safe integers', () => {
    expect(() => lineAmount(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
    expect(() => lineAmount(10.5, 3)).toThrow(RangeError);
  });
});

describe('amountSchema', () => {
  it.each([0, 1, MAX_ORDER_AMOUNT])('accepts %s', (v) => expect(amountSchema.safeParse(v).success).toBe(true));
  it.each([-1, 1.5, MAX_ORDER_AMOUNT + 1, Number.NaN, Infinity, '100'])('rejects %s', (v) =>
    expect(amountSchema.safeParse(v).success).toBe(false),
  );
});

describe('formatMoney', () => {
  it('formats minor units as dollars', () => {
    expect(formatMoney(129900, 'usd')).toBe('$1,299.00');
    expect(formatMoney(5, 'usd')).toBe('$0.05');
  });
});
