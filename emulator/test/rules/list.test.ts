/**
 * Conformance rows J01–J19 (rules-language.md §11, §8): list queries are authorized against what
 * the query could return, never against the stored documents ("rules are not filters"), for
 * getDocs, getCountFromServer and onSnapshot alike.
 */
import {
  collection,
  collectionGroup,
  getCountFromServer,
  getDocs,
  limit,
  onSnapshot,
  or,
  query,
  where,
  type FirestoreError,
} from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { rules, rulesSuite, verdict } from './rules-suite.js';

const suite = rulesSuite('rules-list');

const OWNER = rules('match /stories/{id} { allow list: if request.auth.uid == resource.data.author; }');
const RANGE = rules('match /m/{id} { allow list: if resource.data.x > 5; }');

describe('J: list queries', () => {
  it("J01 where author == 'alice' → ALLOW", async () => {
    const env = await suite.load(OWNER);
    await env.seed({ 'stories/s1': { author: 'alice' }, 'stories/s2': { author: 'alice' } });
    const q = getDocs(query(collection(env.db('A'), 'stories'), where('author', '==', 'alice')));
    await verdict("J01 A where author == 'alice'", q, 'ALLOW');
  });

  it('J02 no filter → DENY even when every stored story is hers', async () => {
    const env = await suite.load(OWNER);
    await env.seed({ 'stories/s1': { author: 'alice' } });
    await verdict('J02 A getDocs(stories)', getDocs(collection(env.db('A'), 'stories')), 'DENY');
  });

  it("J03 where author == 'bob' → DENY", async () => {
    const env = await suite.load(OWNER);
    await verdict("J03 A where author == 'bob'", getDocs(query(collection(env.db('A'), 'stories'), where('author', '==', 'bob'))), 'DENY');
  });

  it("J04 author in ['alice','bob'] DENY; in ['alice'] ALLOW", async () => {
    const env = await suite.load(OWNER);
    const stories = collection(env.db('A'), 'stories');
    await verdict("J04 A in ['alice','bob']", getDocs(query(stories, where('author', 'in', ['alice', 'bob']))), 'DENY');
    await verdict("J04 A in ['alice']", getDocs(query(stories, where('author', 'in', ['alice']))), 'ALLOW');
  });

  it("J05 author != 'bob' → DENY", async () => {
    const env = await suite.load(OWNER);
    await verdict("J05 A where author != 'bob'", getDocs(query(collection(env.db('A'), 'stories'), where('author', '!=', 'bob'))), 'DENY');
  });

  it('J06 request.query.limit <= 10: limit 10 ALLOW; 11 DENY; none DENY', async () => {
    const env = await suite.load(rules('match /s/{id} { allow list: if request.query.limit <= 10; }'));
    const s = collection(env.db('A'), 's');
    await verdict('J06 A limit(10)', getDocs(query(s, limit(10))), 'ALLOW');
    await verdict('J06 A limit(11)', getDocs(query(s, limit(11))), 'DENY');
    await verdict('J06 A no limit', getDocs(s), 'DENY');
  });

  it("J07 visibility == 'public' ALLOW; no filter DENY; in ['public','private'] DENY", async () => {
    const env = await suite.load(rules("match /c/{id} { allow list: if resource.data.visibility == 'public'; }"));
    const c = collection(env.db('A'), 'c');
    await verdict("J07 A visibility == 'public'", getDocs(query(c, where('visibility', '==', 'public'))), 'ALLOW');
    await verdict('J07 A no filter', getDocs(c), 'DENY');
    await verdict("J07 A visibility in ['public','private']", getDocs(query(c, where('visibility', 'in', ['public', 'private']))), 'DENY');
  });

  it('J08 x > 5 through or / in: or(7,40) ALLOW; or(2,7) DENY; in [7,40,100] ALLOW; in [2,4,7] DENY', async () => {
    const env = await suite.load(RANGE);
    const m = collection(env.db('A'), 'm');
    await verdict('J08 A or(x==7, x==40)', getDocs(query(m, or(where('x', '==', 7), where('x', '==', 40)))), 'ALLOW');
    await verdict('J08 A or(x==2, x==7)', getDocs(query(m, or(where('x', '==', 2), where('x', '==', 7)))), 'DENY');
    await verdict('J08 A x in [7,40,100]', getDocs(query(m, where('x', 'in', [7, 40, 100]))), 'ALLOW');
    await verdict('J08 A x in [2,4,7]', getDocs(query(m, where('x', 'in', [2, 4, 7]))), 'DENY');
  });

  it('J09 x > 5 through ranges: > 5 ALLOW; >= 5 DENY; > 10 ALLOW; >= 6 ALLOW', async () => {
    const env = await suite.load(RANGE);
    const m = collection(env.db('A'), 'm');
    await verdict('J09 A x > 5', getDocs(query(m, where('x', '>', 5))), 'ALLOW');
    await verdict('J09 A x >= 5', getDocs(query(m, where('x', '>=', 5))), 'DENY');
    await verdict('J09 A x > 10', getDocs(query(m, where('x', '>', 10))), 'ALLOW');
    await verdict('J09 A x >= 6', getDocs(query(m, where('x', '>=', 6))), 'ALLOW');
  });

  it("J10 published || author: U published ALLOW; A author == 'alice' ALLOW; U no filter DENY", async () => {
    const env = await suite.load(
      rules('match /stories/{id} { allow list: if resource.data.published == true || request.auth.uid == resource.data.author; }'),
    );
    await verdict('J10 U published == true', getDocs(query(collection(env.db('U'), 'stories'), where('published', '==', true))), 'ALLOW');
    await verdict("J10 A author == 'alice'", getDocs(query(collection(env.db('A'), 'stories'), where('author', '==', 'alice'))), 'ALLOW');
    await verdict('J10 U no filter', getDocs(collection(env.db('U'), 'stories')), 'DENY');
  });

  it("J11 uid in members: array-contains 'alice' ALLOW; no filter DENY", async () => {
    const env = await suite.load(rules('match /g/{id} { allow list: if request.auth.uid in resource.data.members; }'));
    const g = collection(env.db('A'), 'g');
    await verdict("J11 A members array-contains 'alice'", getDocs(query(g, where('members', 'array-contains', 'alice'))), 'ALLOW');
    await verdict('J11 A no filter', getDocs(g), 'DENY');
  });

  it('J12 parent wildcards are bound: users/alice/todos ALLOW; users/bob/todos DENY', async () => {
    const env = await suite.load(rules('match /users/{userId}/todos/{t} { allow read: if request.auth.uid == userId; }'));
    await verdict('J12 A getDocs(users/alice/todos)', getDocs(collection(env.db('A'), 'users/alice/todos')), 'ALLOW');
    await verdict('J12 A getDocs(users/bob/todos)', getDocs(collection(env.db('A'), 'users/bob/todos')), 'DENY');
  });

  it('J13 the document-id wildcard is unbound in a list: with and without filters DENY', async () => {
    const env = await suite.load(rules('match /users/{userId} { allow list: if request.auth.uid == userId; }'));
    await env.seed({ 'users/alice': { name: 'Alice' } });
    const users = collection(env.db('A'), 'users');
    await verdict('J13 A getDocs(users)', getDocs(users), 'DENY');
    await verdict("J13 A where name == 'Alice'", getDocs(query(users, where('name', '==', 'Alice'))), 'DENY');
  });

  it('J14 collection group under {path=**}/posts: published ALLOW; no filter DENY', async () => {
    const env = await suite.load(rules('match /{path=**}/posts/{p} { allow list: if resource.data.published == true; }'));
    const posts = collectionGroup(env.db('A'), 'posts');
    await verdict("J14 A collectionGroup('posts') published == true", getDocs(query(posts, where('published', '==', true))), 'ALLOW');
    await verdict("J14 A collectionGroup('posts')", getDocs(posts), 'DENY');
  });

  it("J15 a rule for forums/{f}/posts: collectionGroup('posts') DENY; forums/x/posts ALLOW", async () => {
    const env = await suite.load(rules('match /forums/{f}/posts/{p} { allow read: if true; }'));
    await verdict("J15 A collectionGroup('posts')", getDocs(collectionGroup(env.db('A'), 'posts')), 'DENY');
    await verdict('J15 A getDocs(forums/x/posts)', getDocs(collection(env.db('A'), 'forums/x/posts')), 'ALLOW');
  });

  it("J16 getCountFromServer: author == 'alice' ALLOW; unfiltered DENY", async () => {
    const env = await suite.load(OWNER);
    await env.seed({ 'stories/s1': { author: 'alice' } });
    const stories = collection(env.db('A'), 'stories');
    const counted = getCountFromServer(query(stories, where('author', '==', 'alice')));
    await verdict("J16 A count author == 'alice'", counted, 'ALLOW');
    expect((await counted).data().count).toBe(1);
    await verdict('J16 A count(stories)', getCountFromServer(stories), 'DENY');
  });

  it('J17 onSnapshot of an unfiltered query gets permission-denied in its error callback', async () => {
    const env = await suite.load(OWNER);
    const error = await new Promise<FirestoreError>((resolve, reject) => {
      const stop = onSnapshot(
        collection(env.db('A'), 'stories'),
        () => {
          stop();
          reject(new Error('J17: the listener got a snapshot instead of an error'));
        },
        (e) => resolve(e),
      );
    });
    if (process.env['RULES_TRACE']) console.log(`[rules] J17 A onSnapshot(stories) → ${error.code}: ${JSON.stringify(error.message)}`);
    expect(error.code, error.message).toBe('permission-denied');
  });

  it("J18 limit and author: author == 'alice' limit 5 ALLOW; limit 20 DENY", async () => {
    const env = await suite.load(rules('match /s/{id} { allow list: if request.query.limit <= 10 && resource.data.author == request.auth.uid; }'));
    const s = collection(env.db('A'), 's');
    await verdict("J18 A author == 'alice' limit 5", getDocs(query(s, where('author', '==', 'alice'), limit(5))), 'ALLOW');
    await verdict("J18 A author == 'alice' limit 20", getDocs(query(s, where('author', '==', 'alice'), limit(20))), 'DENY');
  });

  it('J19 allow read: if true → unfiltered list ALLOW', async () => {
    const env = await suite.load(rules('match /s/{id} { allow read: if true; }'));
    await verdict('J19 A getDocs(s)', getDocs(collection(env.db('A'), 's')), 'ALLOW');
  });
});
