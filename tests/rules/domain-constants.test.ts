import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CURRENCIES, ID_PATTERN, MAX_ON_HAND, MAX_ORDER_AMOUNT } from '@storefront/domain';

// Rules cannot import packages/domain, so firestore.rules repeats its limits. This keeps the copies
// honest: change a limit in the domain and this fails until the rules say the same. (The price cap,
// currencies and onHand cap are also exercised at their edges in catalog and inventory tests; the id
// pattern only here.)
const rules = readFileSync(new URL('../../firestore.rules', import.meta.url), 'utf8');

describe('firestore.rules repeats the domain limits exactly', () => {
  it.each([
    ['ID_PATTERN (isId)', `value.matches('${ID_PATTERN.source}')`],
    ['MAX_ORDER_AMOUNT (product price)', `data.price <= ${MAX_ORDER_AMOUNT}`],
    ['CURRENCIES (product currency)', `data.currency in [${CURRENCIES.map((c) => `'${c}'`).join(', ')}]`],
    ['MAX_ON_HAND (stock onHand)', `after.onHand <= ${MAX_ON_HAND}`],
  ])('%s', (_name, text) => {
    expect(rules).toContain(text);
  });
});
