import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './errors.js';
import { parseRules } from './parser.js';

// rules-language.md §11 A06: recursion is a load failure, reported at the function.
const load = (body: string) =>
  parseRules(
    `rules_version = '2';\nservice cloud.firestore {\n${body}\n  match /databases/{database}/documents { match /t/{id} { allow get: if f(); } }\n}\n`,
  );
const errors = (body: string) => {
  const r = load(body);
  return r.ok ? [] : r.diagnostics.map(formatDiagnostic);
};

describe('recursive user functions fail to load', () => {
  it('A06: a function calling itself', () => {
    expect(errors('function f() { return f(); }')).toEqual([
      'L3:1: Recursive function calls are not allowed: f -> f.',
    ]);
  });
  it('mutual recursion reports every function on the cycle, through lets and nested expressions too', () => {
    expect(
      errors(
        'function f() { let x = [1, {"k": g(1)}]; return x != null; }\nfunction g(n) { return n > 0 ? true : f(); }',
      ),
    ).toEqual([
      'L3:1: Recursive function calls are not allowed: f -> g -> f.',
      'L4:1: Recursive function calls are not allowed: g -> f -> g.',
    ]);
  });
  it('a function declared in a match block, calling itself', () => {
    const r = parseRules(
      "rules_version = '2';\nservice cloud.firestore { match /databases/{database}/documents {\n  function h(n) { return h(n - 1); }\n  match /t/{id} { allow get: if h(1); } } }",
    );
    expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic)).toEqual([
      'L3:3: Recursive function calls are not allowed: h -> h.',
    ]);
  });
  it('non-recursive call graphs load: chains, shared callees, shadowing and access functions', () => {
    expect(errors('function f() { return g() && g(); }\nfunction g() { return true; }')).toEqual([]);
    // The inner f calls the outer g, which calls a top-level f only by name lookup from its own scope.
    const nested = parseRules(
      "rules_version = '2';\nservice cloud.firestore {\n function g() { return true; }\n match /databases/{database}/documents {\n  function f() { return g(); }\n  match /t/{id} { allow get: if f(); } } }",
    );
    expect(nested.ok).toBe(true);
    expect(
      errors(
        'function f() { return get(/databases/x/documents/a/b) != null; }\nfunction get(p) { return f(); }',
      ),
    ).toEqual([]);
  });
});
