import { describe, expect, it } from 'vitest';
import { MemoryReader, exprRules as E, getAs as get, ruleset, run, verdict, type Op } from './testing.js';

// Rows of rules-language.md §11 on matching, methods, statements, functions and denial details.
describe('A: loading-adjacent rows that reach a decision', () => {
  it('A01 / A09 / A10', () => {
    expect(verdict(run(ruleset('match /t/{id} { allow get: if true; }'), get('t/x')))).toBe('ALLOW');
    const commented = ruleset('// c1\n/* c2 */\nmatch /t/{id} { allow get: if true; }');
    expect(verdict(run(commented, get('t/x')))).toBe('ALLOW');
    expect(verdict(run(ruleset('match /t/{id} { allow get; }'), get('t/x', null)))).toBe('ALLOW');
  });
});

describe('B: path matching', () => {
  it('B01 / B02: one segment only', () => {
    const r = ruleset('match /cities/{city} { allow read: if true; }');
    expect(verdict(run(r, get('cities/SF')))).toBe('ALLOW');
    const d = run(r, get('cities/SF/landmarks/L1'));
    expect(d.denial?.message).toBe('No matching allow statements');
  });
  it('B03: a captured {x} is a string', () => {
    const r = ruleset("match /cities/{city} { allow read: if city == 'SF'; }");
    expect([run(r, get('cities/SF')), run(r, get('cities/LA'))].map(verdict)).toEqual(['ALLOW', 'DENY']);
  });
  it('B04 / B05 / B06: recursive wildcards (zero segments only in v2)', () => {
    expect(
      verdict(run(ruleset('match /cities/{d=**} { allow read: if true; }'), get('cities/SF/landmarks/L1'))),
    ).toBe('ALLOW');
    const v2 = ruleset('match /cities/{c}/{rest=**} { allow read: if true; }');
    expect(verdict(run(v2, get('cities/SF')))).toBe('ALLOW');
    const v1 = ruleset(
      'service cloud.firestore { match /databases/{database}/documents { match /cities/{c}/{rest=**} { allow read: if true; } } }',
      true,
    );
    expect([run(v1, get('cities/SF')), run(v1, get('cities/SF/l/L1'))].map(verdict)).toEqual([
      'DENY',
      'ALLOW',
    ]);
  });
  it('B07: any matching block may grant', () => {
    const r = ruleset(
      'match /cities/{c} { allow read: if false; }\nmatch /cities/{d=**} { allow read: if true; }',
    );
    expect(verdict(run(r, get('cities/SF')))).toBe('ALLOW');
  });
  it('B08: outer captures are visible in nested blocks', () => {
    const r = ruleset(
      'match /users/{uid} { match /posts/{pid} { allow read: if uid == request.auth.uid; } }',
    );
    expect([run(r, get('users/alice/posts/p')), run(r, get('users/bob/posts/p'))].map(verdict)).toEqual([
      'ALLOW',
      'DENY',
    ]);
  });
  it('B09: no /databases prefix never matches', () => {
    const r = ruleset(
      "rules_version = '2'; service cloud.firestore { match /cities/{c} { allow read: if true; } }",
      true,
    );
    expect(run(r, get('cities/SF')).denial?.message).toBe('No matching allow statements');
  });
  it('B10: database is bound by the outer pattern', () => {
    expect(
      verdict(run(ruleset("match /t/{id} { allow read: if database == '(default)'; }"), get('t/x'))),
    ).toBe('ALLOW');
  });
  it('B11: literal segments, and list never matches a literal document id', () => {
    const r = ruleset('match /config/public { allow read: if true; }');
    const outcomes = [get('config/public'), get('config/other'), { method: 'list', path: 'config' } as Op];
    expect(outcomes.map((o) => verdict(run(r, o)))).toEqual(['ALLOW', 'DENY', 'DENY']);
  });
  it('B12: {p=**} binds a path, {x} a string', () => {
    const r = ruleset(
      'match /f/{p=**} { allow read: if p is path; }\nmatch /g/{x} { allow read: if x is string; }',
    );
    expect([run(r, get('f/a/b/c')), run(r, get('g/a'))].map(verdict)).toEqual(['ALLOW', 'ALLOW']);
  });
  it('mid-path recursive wildcard (v2) binds the path between', () => {
    const r = ruleset("match /{pre=**}/posts/{p} { allow get: if pre == path('a/b') || pre == path(''); }");
    expect(verdict(run(r, get('a/b/posts/1')))).toBe('ALLOW');
    expect(verdict(run(r, get('a/c/posts/1')))).toBe('DENY');
  });
});

describe('C: method mapping', () => {
  const seeded = () => new MemoryReader({ 't/e': { a: 1 } });
  it('C01: read = get + list, not writes', () => {
    const r = ruleset('match /t/{id} { allow read; }');
    const ops: Op[] = [
      get('t/x'),
      { method: 'list', path: 't' },
      { method: 'create', path: 't/x', data: { a: 1 } },
    ];
    expect(ops.map((o) => verdict(run(r, o)))).toEqual(['ALLOW', 'ALLOW', 'DENY']);
  });
  it('C02 / C03: get and list are separate', () => {
    const g = ruleset('match /t/{id} { allow get: if true; }');
    const l = ruleset('match /t/{id} { allow list: if true; }');
    const list: Op = { method: 'list', path: 't' };
    expect([run(g, get('t/x')), run(g, list), run(l, list), run(l, get('t/x'))].map(verdict)).toEqual([
      'ALLOW',
      'DENY',
      'ALLOW',
      'DENY',
    ]);
  });
  it('C04 / C05 / C06: create, update, delete', () => {
    const c = ruleset('match /t/{id} { allow create: if true; }');
    const u = ruleset('match /t/{id} { allow update: if true; }');
    const d = ruleset('match /t/{id} { allow delete: if true; }');
    const create: Op = { method: 'create', path: 't/n', data: { a: 1 } };
    const update: Op = { method: 'update', path: 't/e', data: { a: 2 } };
    const del: Op = { method: 'delete', path: 't/e' };
    expect([create, update, del].map((o) => verdict(run(c, o, seeded())))).toEqual(['ALLOW', 'DENY', 'DENY']);
    expect([update, create].map((o) => verdict(run(u, o, seeded())))).toEqual(['ALLOW', 'DENY']);
    expect(
      [del, { method: 'delete', path: 't/missing' } as Op].map((o) => verdict(run(d, o, seeded()))),
    ).toEqual(['ALLOW', 'ALLOW']);
  });
  it('C07 / C09 / C10: request.method inside write and read', () => {
    const w = ruleset("match /t/{id} { allow write: if request.method == 'create'; }");
    expect(verdict(run(w, { method: 'create', path: 't/n', data: { a: 1 } }))).toBe('ALLOW');
    expect(verdict(run(w, { method: 'update', path: 't/e', data: { a: 2 } }, seeded()))).toBe('DENY');
    const r = ruleset("match /t/{id} { allow read: if request.method == 'list'; }");
    expect([run(r, { method: 'list', path: 't' }), run(r, get('t/x'))].map(verdict)).toEqual([
      'ALLOW',
      'DENY',
    ]);
  });
});

describe('D: statements and functions', () => {
  it('D18 / D19 / L03: auth', () => {
    const uid = E("request.auth.uid == 'alice'");
    const anon = run(uid, get('t/x', null));
    expect(anon.denial?.reason).toBe('Null value error.');
    expect(anon.denial?.message).toBe("\nNull value error. for 'get' @ L4");
    expect(verdict(run(uid, get('t/x')))).toBe('ALLOW');
    const isNull = E('request.auth == null');
    expect([run(isNull, get('t/x', null)), run(isNull, get('t/x'))].map(verdict)).toEqual(['ALLOW', 'DENY']);
  });
  it('D20: an error in one statement does not stop the next', () => {
    expect(
      verdict(run(ruleset('match /t/{id} { allow get: if 1/0 == 1; allow get: if true; }'), get('t/x'))),
    ).toBe('ALLOW');
  });
  it('D21: parameters and let bindings', () => {
    const r = ruleset(
      'function twice(x) { let y = x * 2; return y; }\nmatch /t/{id} { allow get: if twice(2) == 4; }',
    );
    expect(verdict(run(r, get('t/x')))).toBe('ALLOW');
  });
  it('D22: a function declared in a match sees its wildcards', () => {
    const r = ruleset(
      'match /t/{id} { function isSelf() { return id == request.auth.uid; } allow get: if isSelf(); }',
    );
    expect([run(r, get('t/alice')), run(r, get('t/bob'))].map(verdict)).toEqual(['ALLOW', 'DENY']);
  });
  it('D23: use before declaration, service-level function', () => {
    const r = ruleset(
      "rules_version = '2'; service cloud.firestore { match /databases/{database}/documents { match /t/{id} { allow get: if ok(); } } function ok() { return true; } }",
      true,
    );
    expect(verdict(run(r, get('t/x')))).toBe('ALLOW');
  });
});

describe('L: denial details', () => {
  it('L01 / L02', () => {
    const d = run(ruleset('match /t/{id} { allow get: if false; }'), get('t/x'));
    expect(d.denial?.message).toMatch(/false for 'get' @ L\d+/);
    expect(d.denial).toMatchObject({ line: 4, reason: 'false' });
    const none = run(ruleset('match /other/{id} { allow read: if true; }'), get('t/x'));
    expect(none.denial?.message).toContain('No matching allow statements');
  });
  it('lists every evaluated statement with the line its condition starts on', () => {
    const r = ruleset('match /t/{id} {\n  allow get: if false;\n  allow read: if\n    1/0 == 1;\n}');
    expect(run(r, get('t/x')).denial?.message).toBe(
      "\nfalse for 'get' @ L5, Division by zero. for 'get' @ L7",
    );
  });
  it('a non-boolean condition is an evaluation error at the condition', () => {
    const d = run(ruleset("match /t/{id} { allow get: if 'yes'; }"), get('t/x'));
    expect(d.denial).toMatchObject({ line: 4, column: 31, reason: 'evaluation error at L4:31' });
  });
  it('no applicable statement has no position', () => {
    const d = run(ruleset('match /t/{id} { allow write: if true; }'), get('t/x'));
    expect(d.denial).toMatchObject({ line: 0, column: 0, entries: [] });
    expect(d.denial?.message).toBe('No matching allow statements');
  });
});
