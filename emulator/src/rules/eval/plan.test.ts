import { describe, expect, it } from 'vitest';
import type { Expr } from '../ast.js';
import { isRulesError, type RulesResult } from './errors.js';
import { evaluateExpr, type Activation } from './evaluate-expr.js';
import { budgetExhausted, ExpressionBudget } from './expression-budget.js';
import { js, parseCondition } from './harness.js';
import { plan } from './plan.js';
import { bool, int, list, map, str, type Value } from './values.js';

// Every node kind that has children, nested: the trace below was recorded from the direct interpreter
// the plan replaced, so it pins observe order, results, error ranges and the node the budget fails at.
const NESTED = "f(m.a[0], [1, 2][1:]) && {'k': /p/$(s)}.k == /p/q ? math.abs(-1) : (nope || x is int)";
const BUDGET_ERROR = `error: ${budgetExhausted()}`;

function trace(source: string, opts: { f: boolean; limit?: number }) {
  const seen: string[] = [];
  const budget = new ExpressionBudget(opts.limit);
  const render = (r: RulesResult<Value>) =>
    isRulesError(r)
      ? `error: ${r.reason}`
      : JSON.stringify(js(r), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)).replaceAll('"', "'");
  const act: Activation = Object.assign(
    new Map<string, RulesResult<Value>>([
      ['m', map(new Map([['a', list([int(7n)])]]))],
      ['s', str('q')],
      ['x', int(1n)],
    ]),
    {
      budget,
      callGlobal: (name: string, args: readonly Value[]) =>
        name === 'f' ? bool(opts.f && args.length === 2) : undefined,
      observe: (e: Expr, r: RulesResult<Value>) =>
        seen.push(`${e.kind} ${render(r)}${isRulesError(r) ? ` @${r.range?.start.column}` : ''}`),
    },
  );
  const result = evaluateExpr(parseCondition(source), act);
  return { result: render(result), seen, exhausted: budget.exhausted };
}

describe('planned evaluation keeps the interpreter’s observable behaviour', () => {
  it('observes every node once, children first, left to right (true branch)', () => {
    expect(trace(NESTED, { f: true })).toMatchInlineSnapshot(`
      {
        "exhausted": false,
        "result": "'1n'",
        "seen": [
          "ident {'a':['7n']}",
          "member ['7n']",
          "int '0n'",
          "index '7n'",
          "int '1n'",
          "int '2n'",
          "list ['1n','2n']",
          "int '1n'",
          "slice ['2n']",
          "call true",
          "string 'k'",
          "ident 'q'",
          "path {'path':'p/q'}",
          "map {'k':{'path':'p/q'}}",
          "member {'path':'p/q'}",
          "path {'path':'p/q'}",
          "binary true",
          "binary true",
          "int '1n'",
          "unary '-1n'",
          "call '1n'",
          "ternary '1n'",
        ],
      }
    `);
  });
  it('observes the skipped branch never, and || absorbs the error on the other (false branch)', () => {
    expect(trace(NESTED, { f: false })).toMatchInlineSnapshot(`
      {
        "exhausted": false,
        "result": "true",
        "seen": [
          "ident {'a':['7n']}",
          "member ['7n']",
          "int '0n'",
          "index '7n'",
          "int '1n'",
          "int '2n'",
          "list ['1n','2n']",
          "int '1n'",
          "slice ['2n']",
          "call false",
          "binary false",
          "ident error: Variable nope is not defined. @142",
          "ident '1n'",
          "is true",
          "binary true",
          "ternary true",
        ],
      }
    `);
  });
  it('charges one unit per node and fails at the same node once the budget is spent', () => {
    const t = trace(NESTED, { f: true, limit: 9 });
    expect(t.result).toBe(BUDGET_ERROR);
    expect(t).toMatchInlineSnapshot(`
      {
        "exhausted": true,
        "result": "error: Unable to evaluate the expression as the maximum of 1000 expressions to evaluate has been reached.",
        "seen": [
          "ident {'a':['7n']}",
          "member ['7n']",
          "int '0n'",
          "index '7n'",
          "int error: Unable to evaluate the expression as the maximum of 1000 expressions to evaluate has been reached. @85",
          "list error: Unable to evaluate the expression as the maximum of 1000 expressions to evaluate has been reached. @85",
          "slice error: Unable to evaluate the expression as the maximum of 1000 expressions to evaluate has been reached. @85",
          "call error: Unable to evaluate the expression as the maximum of 1000 expressions to evaluate has been reached. @85",
          "binary error: Unable to evaluate the expression as the maximum of 1000 expressions to evaluate has been reached. @99",
          "binary error: Unable to evaluate the expression as the maximum of 1000 expressions to evaluate has been reached. @85",
          "ternary error: Unable to evaluate the expression as the maximum of 1000 expressions to evaluate has been reached. @85",
        ],
      }
    `);
  });
});

describe('plan', () => {
  it('is built once per expression and reused, children included', () => {
    const e = parseCondition('x + 1 == 2');
    const p = plan(e);
    expect(p.id).toBe(e.id);
    expect(p.range).toBe(e.range);
    const act: Activation = new Map([['x', int(1n)]]);
    expect(evaluateExpr(e, act)).toEqual(bool(true));
    expect(evaluateExpr(e, act)).toEqual(bool(true));
    expect(plan(e)).toBe(p);
    if (e.kind !== 'binary') throw new Error('expected ==');
    // Planning the root planned its operands; asking for one returns that node, not a new plan.
    const left = plan(e.left);
    expect(left.id).toBe(e.left.id);
    expect(plan(e.left)).toBe(left);
  });

  it('turns an exception thrown below any node into an error value at the evaluated expression', () => {
    const seen: string[] = [];
    const act: Activation = Object.assign(new Map(), {
      callGlobal: () => {
        throw new Error('boom');
      },
      observe: (e: Expr) => seen.push(e.kind),
    });
    // Not an error value, so `||` cannot absorb it: evaluation stops where it was thrown.
    const e = parseCondition('f(1) || true');
    const r = evaluateExpr(e, act);
    expect(isRulesError(r) && r.reason).toBe('Internal evaluation error: boom');
    expect(isRulesError(r) && r.range).toBe(e.range);
    expect(seen).toEqual(['int']);
  });
});
