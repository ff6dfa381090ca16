import { describe, expect, it } from 'vitest';
import { commitBudget } from './types.js';
import {
  MemoryReader,
  NOW_NS,
  alice,
  bob,
  exprRules as E,
  getAs as get,
  ruleset,
  run,
  user,
  verdict,
  type Op,
} from './testing.js';

// Rows of rules-language.md §11 on request, resource and document access (get, exists, getAfter, ...).
describe('G / H: request and resource', () => {
  it('G07 / G15 / H05: time, paths and method', () => {
    expect(
      verdict(run(E('request.time is timestamp && request.time > timestamp.date(2020, 1, 1)'), get('t/x'))),
    ).toBe('ALLOW');
    const g15 = E(
      '/databases/$(database)/documents/users/$(request.auth.uid) == /databases/(default)/documents/users/alice',
    );
    expect([run(g15, get('t/x')), run(g15, get('t/x', bob))].map(verdict)).toEqual(['ALLOW', 'DENY']);
    const h05 = E("request.method == 'get' && request.path == /databases/$(database)/documents/t/$(id)");
    expect(verdict(run(h05, get('t/x')))).toBe('ALLOW');
  });
  it('G17: resource.__name__ and resource.id', () => {
    const r = ruleset(
      'match /t/{id} { allow get: if resource.__name__ == /databases/$(database)/documents/t/$(id) && resource.id == id; }',
    );
    expect(verdict(run(r, get('t/x'), new MemoryReader({ 't/x': { a: 1 } })))).toBe('ALLOW');
  });
  it('H01–H04: token claims', () => {
    const email = E("request.auth.token.email == 'a@x.com'");
    expect(verdict(run(email, get('t/x', user('alice', { email: 'a@x.com' }))))).toBe('ALLOW');
    expect(run(email, get('t/x')).denial?.reason).toBe('Property email is undefined on object.');
    const verified = E('request.auth.token.email_verified == true');
    expect(verdict(run(verified, get('t/x', user('alice', { email_verified: true }))))).toBe('ALLOW');
    expect(verdict(run(verified, get('t/x')))).toBe('DENY');
    expect(verdict(run(E("request.auth.token.firebase.sign_in_provider == 'custom'"), get('t/x')))).toBe(
      'ALLOW',
    );
    const admin = E('request.auth.token.admin == true');
    expect(
      [run(admin, get('t/x', user('alice', { admin: true }))), run(admin, get('t/x'))].map(verdict),
    ).toEqual(['ALLOW', 'DENY']);
  });
  it('H06 / H07: resource of existing and missing documents', () => {
    const reader = new MemoryReader({
      't/e': {},
      't/p': { visibility: 'public' },
      't/q': { visibility: 'private' },
    });
    const isNull = ruleset('match /t/{id} { allow get: if resource == null; }');
    expect([run(isNull, get('t/missing'), reader), run(isNull, get('t/e'), reader)].map(verdict)).toEqual([
      'ALLOW',
      'DENY',
    ]);
    const vis = ruleset("match /t/{id} { allow get: if resource.data.visibility == 'public'; }");
    expect(verdict(run(vis, get('t/p'), reader))).toBe('ALLOW');
    expect(verdict(run(vis, get('t/q'), reader))).toBe('DENY');
    expect(run(vis, get('t/missing'), reader).denial?.reason).toBe('Null value error.');
  });
  it('H08 / H18: request.resource and request.query are absent on a get', () => {
    expect(
      run(ruleset('match /t/{id} { allow get: if request.resource == null; }'), get('t/x')).denial?.reason,
    ).toBe('Property resource is undefined on object.');
    expect(
      run(ruleset('match /t/{id} { allow get: if request.query.limit <= 10; }'), get('t/x')).denial?.reason,
    ).toBe('Property query is undefined on object.');
  });
  it('H09 / H10 / H12–H14: create validation', () => {
    const owner = ruleset(
      'match /t/{id} { allow create: if request.resource.data.owner == request.auth.uid; }',
    );
    const c = (data: Record<string, never> | Record<string, string | number | string[]>) =>
      ({ method: 'create', path: 't/x', auth: alice, data }) as Op;
    expect([c({ owner: 'alice' }), c({ owner: 'bob' }), c({})].map((o) => verdict(run(owner, o)))).toEqual([
      'ALLOW',
      'DENY',
      'DENY',
    ]);
    expect(verdict(run(ruleset('match /t/{id} { allow create: if resource == null; }'), c({ a: 1 })))).toBe(
      'ALLOW',
    );
    const keys = ruleset(
      "match /t/{id} { allow create: if request.resource.data.keys().hasAll(['a','b']) && request.resource.data.keys().hasOnly(['a','b','c']); }",
    );
    expect(
      [c({ a: 1, b: 1 }), c({ a: 1, b: 1, c: 1 }), c({ a: 1 }), c({ a: 1, b: 1, d: 1 })].map((o) =>
        verdict(run(keys, o)),
      ),
    ).toEqual(['ALLOW', 'ALLOW', 'DENY', 'DENY']);
    const score = ruleset('match /t/{id} { allow create: if request.resource.data.score is int; }');
    expect(
      [c({ score: 5 }), c({ score: 5.5 }), c({ score: '5' })].map((o) => verdict(run(score, o))),
    ).toEqual(['ALLOW', 'DENY', 'DENY']);
    const tags = ruleset("match /t/{id} { allow create: if request.resource.data.get('tags', []) is list; }");
    expect([c({}), c({ tags: 'x' })].map((o) => verdict(run(tags, o)))).toEqual(['ALLOW', 'DENY']);
  });
  it('H11 / H16 / H17: update sees the merged document and the stored one', () => {
    const reader = () => new MemoryReader({ 't/x': { name: 'a', role: 'user', a: 1, b: 2 } });
    const diff = ruleset(
      "match /t/{id} { allow read; allow update: if request.resource.data.diff(resource.data).affectedKeys().hasOnly(['name']); }",
    );
    const u = (data: Record<string, string | number>) => ({ method: 'update', path: 't/x', data }) as Op;
    expect(verdict(run(diff, u({ name: 'b', role: 'user', a: 1, b: 2 }), reader()))).toBe('ALLOW');
    expect(verdict(run(diff, u({ name: 'a', role: 'admin', a: 1, b: 2 }), reader()))).toBe('DENY');
    const merged = ruleset(
      'match /t/{id} { allow update: if request.resource.data.a == 1 && request.resource.data.b == 3; }',
    );
    expect(verdict(run(merged, u({ name: 'a', role: 'user', a: 1, b: 3 }), reader()))).toBe('ALLOW');
    const noA = ruleset("match /t/{id} { allow update: if !('a' in request.resource.data); }");
    expect([run(noA, u({ b: 3 }), reader()), run(noA, u({ a: 1, b: 3 }), reader())].map(verdict)).toEqual([
      'ALLOW',
      'DENY',
    ]);
  });
  it('H15 / K07: deletes', () => {
    const reader = new MemoryReader({ 't/x': { a: 1 }, 't/e': { a: 1 } });
    const r = ruleset('match /t/{id} { allow delete: if request.resource == null; }');
    expect(verdict(run(r, { method: 'delete', path: 't/x' }, reader))).toBe('ALLOW');
    const k07 = ruleset('match /t/{id} { allow delete: if resource == null; }');
    const del = (path: string) => run(k07, { method: 'delete', path }, reader);
    expect([del('t/missing'), del('t/e')].map(verdict)).toEqual(['ALLOW', 'DENY']);
  });
  it('K02: request.time is what a server timestamp writes', () => {
    const r = ruleset('match /t/{id} { allow create: if request.resource.data.createdAt == request.time; }');
    const c = (ns: bigint) => run(r, { method: 'create', path: 't/x', data: { createdAt: { ns } } });
    expect([c(NOW_NS), c(0n)].map(verdict)).toEqual(['ALLOW', 'DENY']);
  });
  it('request.query holds only the properties the query has', () => {
    const r = ruleset(
      "match /s/{id} { allow list: if request.query.offset == 5 && request.query.orderBy[0].field == 'n' && !('limit' in request.query); }",
    );
    const query = { offset: 5, orderBy: [{ field: 'n', direction: 'ASCENDING' as const }] };
    expect(verdict(run(r, { method: 'list', path: 's', query }))).toBe('ALLOW');
    expect(verdict(run(r, { method: 'list', path: 's', query: { ...query, limit: 1 } }))).toBe('DENY');
  });
});

describe('I / K: document access', () => {
  const seed = new MemoryReader({
    'admins/alice': {},
    'users/alice': { role: 'admin' },
    'users/bob': { role: 'user' },
  });
  it('I01 / I02 / I03', () => {
    const ex = ruleset(
      'match /t/{id} { allow get: if exists(/databases/$(database)/documents/admins/$(request.auth.uid)); }',
    );
    expect([run(ex, get('t/x'), seed), run(ex, get('t/x', bob), seed)].map(verdict)).toEqual([
      'ALLOW',
      'DENY',
    ]);
    const role = ruleset(
      "match /t/{id} { allow get: if get(/databases/$(database)/documents/users/$(request.auth.uid)).data.role == 'admin'; }",
    );
    expect([run(role, get('t/x'), seed), run(role, get('t/x', bob), seed)].map(verdict)).toEqual([
      'ALLOW',
      'DENY',
    ]);
    expect(run(role, get('t/x', user('carol')), seed).denial?.reason).toBe('Null value error.');
    expect(
      verdict(run(E('get(/databases/$(database)/documents/users/nobody) == null'), get('t/x'), seed)),
    ).toBe('ALLOW');
  });
  const chain = (n: number, tail = '') =>
    ruleset(
      `match /t/{id} { allow get: if ${Array.from({ length: n }, (_, i) => `exists(/databases/$(database)/documents/p/d${i + 1})`).join(' && ')}${tail}; }`,
    );
  const many = new MemoryReader(
    Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p/d${i + 1}`, {}])),
  );
  it('I04 / I05: 10 distinct calls per single-document request; short-circuited calls are free', () => {
    expect(verdict(run(chain(10), get('t/x'), many))).toBe('ALLOW');
    const over = run(chain(11), get('t/x'), many);
    expect(over.denial?.reason).toMatch(/maximum of 10 document access calls/);
    expect(
      verdict(
        run(chain(10, ' && (true || exists(/databases/$(database)/documents/p/d11))'), get('t/x'), many),
      ),
    ).toBe('ALLOW');
    const repeated = ruleset(
      `match /t/{id} { allow get: if ${'exists(/databases/$(database)/documents/p/d1) && '.repeat(15)}true; }`,
    );
    expect(verdict(run(repeated, get('t/x'), many))).toBe('ALLOW');
  });
  it('bad arguments to get() are service call errors', () => {
    expect(run(E("get('users/alice') == null"), get('t/x'), seed).denial?.reason).toBe(
      'Service call error. Function: [get], Argument: [string_value].',
    );
    expect(run(E('exists(/databases/$(database)/documents/users)'), get('t/x'), seed).denial?.reason).toMatch(
      /^Service call error. Function: \[exists\]/,
    );
  });
  it('I06 / I07: getAfter and existsAfter see the batch', () => {
    const r = ruleset(
      'match /posts/{p} { allow write: if request.auth != null && getAfter(/databases/$(database)/documents/threads/$(request.resource.data.thread)).data.lastPost == request.time; }\nmatch /threads/{t} { allow write: if request.auth != null; }',
    );
    const post: Op = { method: 'create', path: 'posts/p1', auth: alice, data: { thread: 't1' } };
    const batch = new MemoryReader()
      .write('threads/t1', { lastPost: { ns: NOW_NS } })
      .write('posts/p1', { thread: 't1' });
    expect(verdict(run(r, post, batch))).toBe('ALLOW');
    expect(verdict(run(r, post, new MemoryReader().write('posts/p1', { thread: 't1' })))).toBe('DENY');
    const idx = (fn: string) =>
      ruleset(`match /t/{id} { allow create: if ${fn}(/databases/$(database)/documents/idx/$(id)); }`);
    const both = new MemoryReader().write('t/x', { a: 1 }).write('idx/x', {});
    const create: Op = { method: 'create', path: 't/x', data: { a: 1 } };
    expect(verdict(run(idx('existsAfter'), create, both))).toBe('ALLOW');
    expect(verdict(run(idx('existsAfter'), create, new MemoryReader().write('t/x', { a: 1 })))).toBe('DENY');
    expect(verdict(run(idx('exists'), create, both))).toBe('DENY');
  });
  it('K08: 20 distinct calls per commit, 10 per write', () => {
    const r = ruleset(
      'match /w/{id} { allow create: if exists(/databases/$(database)/documents/p/$(id + "a")) && exists(/databases/$(database)/documents/p/$(id + "b")); }',
    );
    const reader = new MemoryReader(
      Object.fromEntries(
        Array.from({ length: 11 }, (_, i) => [
          [`p/${i}a`, {}],
          [`p/${i}b`, {}],
        ]).flat(),
      ),
    );
    const budget = commitBudget();
    const write = (i: number) =>
      run(r, { method: 'create', path: `w/${i}`, data: {}, accessBudget: budget }, reader);
    expect([0, 1, 2].map((i) => verdict(write(i)))).toEqual(['ALLOW', 'ALLOW', 'ALLOW']);
    for (let i = 3; i < 10; i++) expect(verdict(write(i))).toBe('ALLOW');
    expect(write(10).denial?.reason).toMatch(/maximum of 20 document access calls/);
  });
});
