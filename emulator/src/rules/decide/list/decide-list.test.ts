import { describe, expect, it } from 'vitest';
import { list } from '../../eval/values.js';
import {
  alice,
  and,
  bob,
  listAs,
  MemoryReader,
  or,
  ref,
  ruleset,
  run,
  user,
  verdict,
  where,
  whereValue,
  type Op,
} from '../testing.js';
import type { ListFilter } from '../types.js';

// rules-language.md §8 at engine level: §11 rows J01–J19, B11, C01–C03, C09 and the §8.5 examples.
// `ruleset()` puts the statements on line 4.
const ownerRule = ruleset('match /stories/{id} { allow list: if request.auth.uid == resource.data.author; }');
const stories = (filter?: ListFilter, auth: Op['auth'] = alice) =>
  run(ownerRule, listAs('stories', auth, filter));
const verdicts = (rules: ReturnType<typeof ruleset>, ops: Op[], reader?: MemoryReader) =>
  ops.map((o) => verdict(run(rules, o, reader)));

describe('J01–J05, J16, J17 and §8.5 rule A: owner equality', () => {
  it('J01 / J16: a filter pinning the owner is allowed', () => {
    expect(verdict(stories(where('author', '==', 'alice')))).toBe('ALLOW');
  });
  it('J02 / J16 / J17: no filter denies with the missing property, whatever is stored', () => {
    const reader = new MemoryReader({ 'stories/s1': { author: 'alice' } });
    const d = run(ownerRule, listAs('stories'), reader);
    expect(d.denial?.message).toBe("\nProperty author is undefined on object. for 'list' @ L4");
    expect(reader.reads).toBe(0);
  });
  it('J03: pinning someone else is false', () => {
    expect(stories(where('author', '==', 'bob')).denial?.message).toBe("\nfalse for 'list' @ L4");
  });
  it('J04: every value of an in must be allowed', () => {
    expect(verdict(stories(where('author', 'in', ['alice', 'bob'])))).toBe('DENY');
    expect(verdict(stories(where('author', 'in', ['bob', 'alice'])))).toBe('DENY');
    expect(verdict(stories(where('author', 'in', ['alice'])))).toBe('ALLOW');
  });
  it('J05: != does not imply equality: a message-less error, placed at the comparison', () => {
    const d = stories(where('author', '!=', 'bob'));
    expect(d.denial?.message).toBe("\nevaluation error at L4:38 for 'list' @ L4");
  });
});

describe('J06, J18, J19 and §8.5 rule B: limit', () => {
  const limit = ruleset('match /s/{id} { allow list: if request.query.limit <= 10; }');
  it('J06: limit 10 allowed, 11 and none denied; limitToLast(5) sends a limit', () => {
    const q = (limitN?: number) =>
      listAs('s', alice, undefined, limitN === undefined ? {} : { limit: limitN });
    expect(verdicts(limit, [q(10), q(11), q(), q(5)])).toEqual(['ALLOW', 'DENY', 'DENY', 'ALLOW']);
    expect(run(limit, q()).denial?.reason).toBe('Property limit is undefined on object.');
  });
  it('J18: limit and owner together', () => {
    const r = ruleset(
      'match /s/{id} { allow list: if request.query.limit <= 10 && resource.data.author == request.auth.uid; }',
    );
    const mine = where('author', '==', 'alice');
    expect(
      verdicts(r, [listAs('s', alice, mine, { limit: 5 }), listAs('s', alice, mine, { limit: 20 })]),
    ).toEqual(['ALLOW', 'DENY']);
  });
  it('J19: an unconditional read allows an unfiltered list', () => {
    expect(verdict(run(ruleset('match /s/{id} { allow read: if true; }'), listAs('s')))).toBe('ALLOW');
  });
});

describe('J07 and §8.5 rule C: public visibility', () => {
  const r = ruleset("match /c/{id} { allow list: if resource.data.visibility == 'public'; }");
  it('only a filter pinning public is allowed', () => {
    const q = (f?: ListFilter) => listAs('c', alice, f);
    expect(
      verdicts(r, [
        q(where('visibility', '==', 'public')),
        q(),
        q(where('visibility', 'in', ['public', 'private'])),
        q(where('visibility', '!=', 'private')),
      ]),
    ).toEqual(['ALLOW', 'DENY', 'DENY', 'DENY']);
  });
});

describe('J08, J09 and §8.5 rule D: range', () => {
  const r = ruleset('match /m/{id} { allow list: if resource.data.x > 5; }');
  const q = (f: ListFilter) => listAs('m', alice, f);
  it('J08: or branches and in values are ways', () => {
    expect(
      verdicts(r, [
        q(or(where('x', '==', 7), where('x', '==', 40))),
        q(or(where('x', '==', 2), where('x', '==', 7))),
        q(where('x', 'in', [7, 40, 100])),
        q(where('x', 'in', [2, 4, 7])),
      ]),
    ).toEqual(['ALLOW', 'DENY', 'ALLOW', 'DENY']);
  });
  it('J09: range filters must imply the rule', () => {
    expect(
      verdicts(r, [
        q(where('x', '>', 5)),
        q(where('x', '>=', 5)),
        q(where('x', '>', 10)),
        q(where('x', '>=', 6)),
      ]),
    ).toEqual(['ALLOW', 'DENY', 'ALLOW', 'ALLOW']);
  });
  it('the first denied way is the denial', () => {
    expect(run(r, q(where('x', 'in', [7, 2, 3]))).denial?.message).toBe("\nfalse for 'list' @ L4");
    expect(run(r, q(or(where('x', '>', 6), where('x', '>=', 1)))).denial?.reason).toMatch(
      /^evaluation error at L4:/,
    );
  });
});

describe('J10 and §8.5 rule E: published or author', () => {
  const r = ruleset(
    'match /stories/{id} { allow list: if resource.data.published == true || request.auth.uid == resource.data.author; }',
  );
  it('either operand may grant; no filter denies', () => {
    expect(
      verdicts(r, [
        listAs('stories', null, where('published', '==', true)),
        listAs('stories', alice, where('author', '==', 'alice')),
        listAs('stories', null),
      ]),
    ).toEqual(['ALLOW', 'ALLOW', 'DENY']);
  });
});

describe('J11 and §8.5 rule F: membership', () => {
  const r = ruleset('match /g/{id} { allow list: if request.auth.uid in resource.data.members; }');
  it('array-contains the caller is allowed; no filter or someone else is denied', () => {
    expect(
      verdicts(r, [
        listAs('g', alice, where('members', 'array-contains', 'alice')),
        listAs('g', alice),
        listAs('g', bob, where('members', 'array-contains', 'alice')),
        listAs('g', alice, where('members', 'array-contains-any', ['alice', 'bob'])),
      ]),
    ).toEqual(['ALLOW', 'DENY', 'DENY', 'DENY']);
  });
});

describe('J12, J13: which captures are bound', () => {
  it('J12: parent captures are bound', () => {
    const r = ruleset('match /users/{userId}/todos/{t} { allow read: if request.auth.uid == userId; }');
    expect(verdicts(r, [listAs('users/alice/todos'), listAs('users/bob/todos')])).toEqual(['ALLOW', 'DENY']);
  });
  it('J13: the document-id capture is unbound, with or without filters', () => {
    const r = ruleset('match /users/{userId} { allow list: if request.auth.uid == userId; }');
    const reader = new MemoryReader({ 'users/alice': { name: 'A' } });
    const outcomes = [listAs('users'), listAs('users', alice, where('name', '==', 'A'))].map((o) =>
      run(r, o, reader),
    );
    expect(outcomes.map(verdict)).toEqual(['DENY', 'DENY']);
    expect(outcomes[0]?.denial?.reason).toBe(
      'evaluation error: the wildcard is not bound for a list request.',
    );
  });
  it('a recursive capture that covers the unknown id is unbound too; one that does not is bound', () => {
    const r = ruleset(
      "match /a/{rest=**} { allow list: if rest != null; }\nmatch /{pre=**}/todos/{t} { allow list: if pre == path('users/alice'); }",
    );
    const d = run(r, listAs('users/alice/todos'));
    expect(d.allowed).toBe(true);
    expect(verdict(run(r, listAs('a')))).toBe('DENY');
  });
});

describe('J14, J15: collection-group queries', () => {
  const group = (id: string, filter?: ListFilter, parent = '') =>
    listAs(parent ? `${parent}/${id}` : id, alice, filter, { collectionGroup: true });
  it('J14: a /{path=**}/G/{doc} block applies, with the symbolic resource', () => {
    const r = ruleset('match /{path=**}/posts/{p} { allow list: if resource.data.published == true; }');
    expect(verdicts(r, [group('posts', where('published', '==', true)), group('posts')])).toEqual([
      'ALLOW',
      'DENY',
    ]);
  });
  it('J15: a rule for one parent does not authorise the group, but does the collection', () => {
    const r = ruleset('match /forums/{f}/posts/{p} { allow read: if true; }');
    expect(run(r, group('posts')).denial?.message).toBe('No matching allow statements');
    expect(verdict(run(r, listAs('forums/x/posts')))).toBe('ALLOW');
    expect(run(r, group('posts', undefined, 'forums/x')).denial?.message).toBe(
      'No matching allow statements',
    );
    const oneLevel = ruleset('match /{forum}/posts/{p} { allow read: if true; }');
    expect(run(oneLevel, group('posts')).denial?.message).toBe('No matching allow statements');
  });
  it('a catch-all applies; the group under a parent needs a recursive wildcard below that parent', () => {
    expect(verdict(run(ruleset('match /{document=**} { allow read: if true; }'), group('posts')))).toBe(
      'ALLOW',
    );
    const under = ruleset("match /forums/{f}/{rest=**} { allow list: if f == 'x'; }");
    expect(
      verdicts(under, [group('posts', undefined, 'forums/x'), group('posts', undefined, 'forums/y')]),
    ).toEqual(['ALLOW', 'DENY']);
    expect(run(under, group('posts')).denial?.message).toBe('No matching allow statements');
  });
  it('the depth-spanning capture is unbound; request.path is the parent plus the group id', () => {
    const r = ruleset(
      "match /{path=**}/posts/{p} { allow list: if path == path(''); allow list: if request.path == /databases/(default)/documents/forums/x/posts; }",
    );
    const d = run(r, group('posts', undefined, 'forums/x'));
    expect(d.allowed).toBe(true);
    expect(run(r, group('posts')).denial?.entries.map((e) => e.reason)).toEqual([
      'evaluation error: the wildcard is not bound for a list request.',
      'false',
    ]);
  });
});

describe('B11, C01–C03, C09: list parts', () => {
  it('B11: a literal document id never matches a list', () => {
    const r = ruleset('match /config/public { allow read: if true; }');
    expect(run(r, listAs('config')).denial?.message).toBe('No matching allow statements');
  });
  it('C01 / C03 / C09: read, list and request.method grant lists', () => {
    expect(verdict(run(ruleset('match /t/{id} { allow read; }'), listAs('t')))).toBe('ALLOW');
    expect(verdict(run(ruleset('match /t/{id} { allow list: if true; }'), listAs('t')))).toBe('ALLOW');
    const c09 = ruleset("match /t/{id} { allow read: if request.method == 'list'; }");
    expect(verdict(run(c09, listAs('t')))).toBe('ALLOW');
  });
  it('C02: get does not grant list', () => {
    expect(run(ruleset('match /t/{id} { allow get: if true; }'), listAs('t')).denial?.message).toBe(
      'No matching allow statements',
    );
  });
});

describe('request for a list', () => {
  it('request.path is the collection; request.query has no filters', () => {
    const r = ruleset(
      "match /users/{u}/todos/{t} { allow list: if request.path == /databases/$(database)/documents/users/$(u)/todos && !('filter' in request.query) && !('author' in request.query); }",
    );
    expect(verdict(run(r, listAs('users/alice/todos', alice, where('author', '==', 'alice'))))).toBe('ALLOW');
  });
  it('every evaluated statement is listed in the denial', () => {
    const r = ruleset(
      'match /s/{id} { allow list: if resource.data.a == 1;\n allow read: if resource.data.b > 2; allow list: if false; }',
    );
    const d = run(r, listAs('s', alice, and(where('a', '==', 2), where('b', '>=', 2))));
    expect(d.denial?.message).toMatch(
      /^\nfalse for 'list' @ L4, evaluation error at L5:\d+ for 'list' @ L5, false for 'list' @ L5$/,
    );
  });
  it('nested field paths reach the rule as nested maps', () => {
    const r = ruleset('match /s/{id} { allow list: if resource.data.meta.owner == request.auth.uid; }');
    expect(
      verdicts(r, [
        listAs('s', alice, where('meta.owner', '==', 'alice')),
        listAs('s', alice, where('meta.x', '==', 'alice')),
      ]),
    ).toEqual(['ALLOW', 'DENY']);
  });
  it(`more than 30 ways is denied with its own reason`, () => {
    const r = ruleset('match /s/{id} { allow list: if true; }');
    const many = where(
      'x',
      'in',
      Array.from({ length: 31 }, (_, i) => i),
    );
    expect(run(r, listAs('s', alice, many)).denial?.message).toMatch(/more than 30 ways/);
    expect(
      verdict(
        run(
          r,
          listAs(
            's',
            alice,
            where(
              'x',
              'in',
              Array.from({ length: 30 }, (_, i) => i),
            ),
          ),
        ),
      ),
    ).toBe('ALLOW');
  });
  it('get() calls of all ways share one 10-call budget', () => {
    const r = ruleset(
      'match /s/{id} { allow list: if exists(/databases/$(database)/documents/p/$(resource.data.x)); }',
    );
    const reader = new MemoryReader(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p/${i}`, {}])));
    const ids = (n: number) =>
      where(
        'x',
        'in',
        Array.from({ length: n }, (_, i) => String(i)),
      );
    expect(verdict(run(r, listAs('s', alice, ids(10)), reader))).toBe('ALLOW');
    expect(run(r, listAs('s', alice, ids(11)), reader).denial?.reason).toMatch(
      /maximum of 10 document access calls/,
    );
  });
});

describe('__name__ ways', () => {
  const r = ruleset(
    'match /s/{id} { allow list: if resource.data.owner == request.auth.uid && request.path == /databases/$(database)/documents/s/$(id); }',
  );
  const reader = () => new MemoryReader({ 's/a': { owner: 'alice' }, 's/b': { owner: 'bob' } });
  const byName = (f: ListFilter, auth = alice) => run(r, listAs('s', auth, f), reader());
  it('__name__ == decides on the stored document, with the document id bound and its path as request.path', () => {
    expect(verdict(byName(whereValue('__name__', '==', ref('s/a'))))).toBe('ALLOW');
    expect(verdict(byName(whereValue('__name__', '==', ref('s/a')), bob))).toBe('DENY');
    expect(verdict(byName(and(whereValue('__name__', '==', ref('s/a')), where('owner', '==', 'bob'))))).toBe(
      'ALLOW',
    );
  });
  it('a missing document is null', () => {
    expect(byName(whereValue('__name__', '==', ref('s/none'))).denial?.reason).toBe('Null value error.');
  });
  it('each value of __name__ in is a way on its document', () => {
    expect(verdict(byName(whereValue('__name__', 'in', list([ref('s/a'), ref('s/b')]))))).toBe('DENY');
    expect(verdict(byName(whereValue('__name__', 'in', list([ref('s/a')]))))).toBe('ALLOW');
  });
  it('other __name__ comparisons constrain nothing', () => {
    const d = byName(and(whereValue('__name__', '>=', ref('s/a')), whereValue('__name__', '<', ref('s/b'))));
    expect(d.denial?.reason).toBe('Property owner is undefined on object.');
  });
  it('the stored document is read only for __name__ ways', () => {
    const rd = reader();
    run(r, listAs('s', alice, where('owner', '==', 'alice')), rd);
    expect(rd.reads).toBe(0);
    run(r, listAs('s', alice, whereValue('__name__', '==', ref('s/a'))), rd);
    expect(rd.reads).toBe(1);
  });
  it('a user with custom claims is still a plain auth map', () => {
    expect(verdict(byName(whereValue('__name__', '==', ref('s/a')), user('alice', { admin: true })))).toBe(
      'ALLOW',
    );
  });
});
