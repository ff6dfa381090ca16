import { describe, expect, it } from 'vitest';
import { MAX_CALL_DEPTH } from './scope.js';
import { MemoryReader, ruleset, run, user, verdict } from './testing.js';

const get = { method: 'get', path: 't/x', auth: user('alice') } as const;
const reason = (rules: string) => run(ruleset(rules), get).denial?.reason;

describe('user-defined functions', () => {
  it('lets see earlier lets and parameters', () => {
    const r = ruleset(
      'function f(a, b) { let s = a + b; let d = s * 2; return d; }\nmatch /t/{id} { allow get: if f(1, 2) == 6; }',
    );
    expect(verdict(run(r, get))).toBe('ALLOW');
  });
  it('an erroring let surfaces only where it is used', () => {
    const unused = ruleset(
      'function f() { let bad = 1 / 0; return true; }\nmatch /t/{id} { allow get: if f(); }',
    );
    expect(verdict(run(unused, get))).toBe('ALLOW');
    expect(
      reason('function f() { let bad = 1 / 0; return bad == 1; }\nmatch /t/{id} { allow get: if f(); }'),
    ).toBe('Division by zero.');
  });
  it('an erroring argument is absorbed by || inside the body only if unused', () => {
    const r = ruleset('function f(x) { return true || x; }\nmatch /t/{id} { allow get: if f(1 / 0); }');
    // Arguments are evaluated before the call (§5.10), so the error stops the call.
    expect(run(r, get).denial?.reason).toBe('Division by zero.');
  });
  it('the wrong number of arguments is an error', () => {
    expect(reason('function f(x) { return true; }\nmatch /t/{id} { allow get: if f(); }')).toMatch(
      /^Unsupported operation error/,
    );
  });
  it('an unknown function is Function not found', () => {
    expect(reason('match /t/{id} { allow get: if nope(); }')).toBe('Function not found error: Name: [nope].');
  });
  it('a function declared in a sibling block is not visible', () => {
    expect(
      reason('match /a/{x} { function f() { return true; } }\nmatch /t/{id} { allow get: if f(); }'),
    ).toBe('Function not found error: Name: [f].');
  });
  it('an inner declaration shadows an outer one', () => {
    const r = ruleset(
      'function f() { return false; }\nmatch /t/{id} { function f() { return true; } allow get: if f(); }',
    );
    expect(verdict(run(r, get))).toBe('ALLOW');
  });
  it('functions see the wildcards of their declaring block, not of the caller', () => {
    const r = ruleset(
      "function g() { return id == 'x'; }\nmatch /t/{id} { function h() { return id == 'x'; } allow get: if h() && !(g() == true); }",
    );
    // g is declared outside /t/{id}: id is not defined there, so g() errors and the whole condition errors.
    expect(run(r, get).denial?.reason).toBe('Variable id is not defined.');
  });
  it('a chain of exactly the limit is allowed, one more is not', () => {
    const chain = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `function f${i}() { return ${i === n - 1 ? 'true' : `f${i + 1}()`}; }`,
      ).join('\n') + '\nmatch /t/{id} { allow get: if f0(); }';
    expect(verdict(run(ruleset(chain(MAX_CALL_DEPTH)), get))).toBe('ALLOW');
    expect(run(ruleset(chain(MAX_CALL_DEPTH + 1)), get).denial?.reason).toMatch(
      /^Maximum allowed call depth/,
    );
  });
  it('functions can call get()', () => {
    const r = ruleset(
      "function role() { return get(/databases/$(database)/documents/users/$(request.auth.uid)).data.role; }\nmatch /t/{id} { allow get: if role() == 'admin'; }",
    );
    expect(verdict(run(r, get, new MemoryReader({ 'users/alice': { role: 'admin' } })))).toBe('ALLOW');
  });
});
