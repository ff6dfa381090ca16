/**
 * Conformance rows I01–I07 (rules-language.md §11, §7.3): get / exists / getAfter / existsAfter and
 * the access-call limits.
 */
import { doc, getDoc, serverTimestamp, setDoc, writeBatch } from 'firebase/firestore';
import { describe, it } from 'vitest';
import { exprRules, onT, rules, rulesSuite, verdict } from './rules-suite.js';

const suite = rulesSuite('rules-access');

const p = (i: number): string => `exists(/databases/$(database)/documents/e/d${i})`;
const existsChain = (n: number): string => Array.from({ length: n }, (_, i) => p(i + 1)).join(' && ');
const ELEVEN = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`e/d${i + 1}`, { n: i + 1 }]));

describe('I: document access calls', () => {
  it('I01 exists(admins/$(uid)): A ALLOW; B DENY', async () => {
    const env = await suite.load(onT('allow get: if exists(/databases/$(database)/documents/admins/$(request.auth.uid));'));
    await env.seed({ 'admins/alice': { on: true } });
    await verdict('I01 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
    await verdict('I01 B get t/x', getDoc(doc(env.db('B'), 't/x')), 'DENY');
  });

  it("I02 get(users/$(uid)).data.role: A ALLOW; B DENY; carol DENY (no document)", async () => {
    const env = await suite.load(
      onT("allow get: if get(/databases/$(database)/documents/users/$(request.auth.uid)).data.role == 'admin';"),
    );
    await env.seed({ 'users/alice': { role: 'admin' }, 'users/bob': { role: 'user' } });
    await verdict('I02 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
    await verdict('I02 B get t/x', getDoc(doc(env.db('B'), 't/x')), 'DENY');
    await verdict('I02 carol get t/x', getDoc(doc(env.db('carol'), 't/x')), 'DENY');
  });

  // The official emulator (1.19.9) errors instead ("Service call error. Function: [get], …"), so it
  // denies; the row is [D] (rules.firestore.get returns null), so the test keeps the table's verdict.
  it('I03 get() of a missing document is null → ALLOW', async () => {
    const env = await suite.load(exprRules('get(/databases/$(database)/documents/users/nobody) == null'));
    await verdict('I03 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });

  it('I04 10 distinct exists() calls ALLOW; 11 DENY', async () => {
    const ten = await suite.load(onT(`allow get: if ${existsChain(10)};`));
    await ten.seed(ELEVEN);
    await verdict('I04 N=10 A get t/x', getDoc(doc(ten.db('A'), 't/x')), 'ALLOW');
    const eleven = await suite.load(onT(`allow get: if ${existsChain(11)};`));
    await eleven.seed(ELEVEN);
    await verdict('I04 N=11 A get t/x', getDoc(doc(eleven.db('A'), 't/x')), 'DENY');
  });

  it('I05 a short-circuited 11th call is not counted → ALLOW', async () => {
    const env = await suite.load(onT(`allow get: if ${existsChain(10)} && (true || ${p(11)});`));
    await env.seed(ELEVEN);
    await verdict('I05 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });

  it('I06 getAfter sees the batch: batch ALLOW; the post alone DENY', async () => {
    const env = await suite.load(
      rules(
        'match /posts/{p} { allow write: if request.auth != null && getAfter(/databases/$(database)/documents/threads/$(request.resource.data.thread)).data.lastPost == request.time; }\n' +
          '    match /threads/{t} { allow write: if request.auth != null; }',
      ),
    );
    const db = env.db('A');
    const batch = writeBatch(db);
    batch.set(doc(db, 'posts/p1'), { thread: 't1' });
    batch.set(doc(db, 'threads/t1'), { lastPost: serverTimestamp() });
    await verdict('I06 A batch[posts/p1, threads/t1]', batch.commit(), 'ALLOW');
    await env.env.clearFirestore();
    await verdict('I06 A setDoc posts/p1 alone', setDoc(doc(db, 'posts/p1'), { thread: 't1' }), 'DENY');
  });

  it('I07 existsAfter sees the batch: batch ALLOW; alone DENY; the batch under exists() DENY', async () => {
    const rulesWith = (fn: string) =>
      rules(`match /t/{id} { allow create: if ${fn}(/databases/$(database)/documents/idx/$(id)); }\n    match /idx/{id} { allow create: if true; }`);
    const env = await suite.load(rulesWith('existsAfter'));
    const db = env.db('A');
    const batch = writeBatch(db);
    batch.set(doc(db, 't/x'), { a: 1 });
    batch.set(doc(db, 'idx/x'), { a: 1 });
    await verdict('I07 A batch[t/x, idx/x] (existsAfter)', batch.commit(), 'ALLOW');
    await env.env.clearFirestore();
    await verdict('I07 A setDoc t/x alone (existsAfter)', setDoc(doc(db, 't/x'), { a: 1 }), 'DENY');

    const before = await suite.load(rulesWith('exists'));
    const db2 = before.db('A');
    const batch2 = writeBatch(db2);
    batch2.set(doc(db2, 't/x'), { a: 1 });
    batch2.set(doc(db2, 'idx/x'), { a: 1 });
    await verdict('I07 A batch[t/x, idx/x] (exists)', batch2.commit(), 'DENY');
  });
});
