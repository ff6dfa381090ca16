import { describe, expect, it } from 'vitest';
import { budgetExhausted } from '../eval/expression-budget.js';
import { alice, getAs, listAs, ruleset, run, verdict, where } from './testing.js';

// rules-language.md §4.3, §5.10 and §10.2 through whole requests.
const zeros = (n: number) => `[${Array.from({ length: n }, () => '0').join(', ')}]`;

describe('the 1000-expression budget spans the request', () => {
  it('one condition past the budget denies with the official message; one within it grants', () => {
    expect(
      verdict(run(ruleset(`match /t/{id} { allow get: if ${zeros(990)} != null; }`), getAs('t/x'))),
    ).toBe('ALLOW');
    const d = run(ruleset(`match /t/{id} { allow get: if ${zeros(1200)} == [] || true; }`), getAs('t/x'));
    expect(d.denial?.message).toBe(`\n${budgetExhausted()} for 'get' @ L4`);
  });
  it('statements share the budget, and none is tried after it runs out', () => {
    const r = ruleset(
      `match /t/{id} { allow get: if ${zeros(600)} == [];\n allow get: if ${zeros(600)} != [];\n allow get: if true; }`,
    );
    expect(run(r, getAs('t/x')).denial?.message).toBe(
      `\nfalse for 'get' @ L4, ${budgetExhausted()} for 'get' @ L5`,
    );
  });
  it('the ways of a list request share it', () => {
    const r = ruleset(`match /s/{id} { allow list: if resource.data.x > 0 && ${zeros(300)} != null; }`);
    const ways = (n: number) =>
      listAs(
        's',
        alice,
        where(
          'x',
          'in',
          Array.from({ length: n }, (_, i) => i + 1),
        ),
      );
    expect(verdict(run(r, ways(3)))).toBe('ALLOW');
    expect(run(r, ways(4)).denial?.reason).toBe(budgetExhausted());
  });
});
