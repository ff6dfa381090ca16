import { z } from 'zod';

/** The store sells in one currency; amounts are integer minor units (cents) everywhere. */
export const CURRENCIES = ['usd'] as const;
export const currencySchema = z.enum(CURRENCIES);
export type Currency = z.infer<typeof currencySchema>;

/** Largest amount one order may reach: Stripe's own ceiling for a USD charge ($999,999.99). */
export const MAX_ORDER_AMOUNT = 99_999_999;

export const amountSchema = z.number().int().nonnegative().max(MAX_ORDER_AMOUNT);

/** `unitAmount × quantity`, refusing results that are not exact integers. */
export function lineAmount(unitAmount: number, quantity: number): number {
  const total = unitAmount * quantity;
  if (!Number.isSafeInteger(total)) throw new RangeError(`line amount ${unitAmount} × ${quantity} is not a safe integer`);
  return total;
}

/** Formats minor units for people, e.g. `formatMoney(129900, 'usd')` → "$1,299.00". */
export function formatMoney(amount: number, currency: Currency, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);
}
