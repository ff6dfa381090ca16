/**
 * Conformance rows K01–K08 (rules-language.md §11, §9): batches are all or nothing, field transforms
 * are applied before the rules see `request.resource`, transactions, deletes, and the access-call
 * budget of a batch.
 */
import {
  arrayUnion,
  deleteDoc,
  deleteField,
  doc,
  increment,
  runTransaction,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
  writeBatch,
  type Firestore,
} from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import { onT, rules, rulesSuite, verdict } from './rules-suite.js';

const suite = rulesSuite('rules-writes');

/** runTransaction(get t/x; update t/x {n}). */
const bumpTo = (db: Firestore, n: number) =>
  runTransaction(db, async (tx) => {
    const ref = doc(db, 't/x');
    await tx.get(ref);
    tx.update(ref, { n });
  });

describe('K: writes, batches and transactions', () => {
  it('K01 one denied write fails the whole batch: DENY, and ok/a does not exist', async () => {
    const env = await suite.load(rules('match /ok/{id} { allow write: if true; }\n    match /no/{id} { allow write: if false; }'));
    const db = env.db('A');
    const batch = writeBatch(db);
    batch.set(doc(db, 'ok/a'), { a: 1 });
    batch.set(doc(db, 'no/b'), { b: 1 });
    await verdict('K01 A batch[ok/a, no/b]', batch.commit(), 'DENY');
    expect(await env.readAsOwner('ok/a')).toBeUndefined();
  });

  // Two creates, so each goes to a document of its own.
  it('K02 serverTimestamp() equals request.time: ALLOW; a fixed timestamp DENY', async () => {
    const env = await suite.load(onT('allow create: if request.resource.data.createdAt == request.time;'));
    const db = env.db('A');
    await verdict('K02 A setDoc {createdAt: serverTimestamp()}', setDoc(doc(db, 't/k1'), { createdAt: serverTimestamp() }), 'ALLOW');
    await verdict('K02 A setDoc {createdAt: fromMillis(0)}', setDoc(doc(db, 't/k2'), { createdAt: Timestamp.fromMillis(0) }), 'DENY');
  });

  it('K03 increment is applied before the rules: increment(1) ALLOW; increment(2) DENY', async () => {
    const env = await suite.load(onT('allow update: if request.resource.data.count == resource.data.count + 1;'));
    await env.seed({ 't/x': { count: 1 } });
    await verdict('K03 A updateDoc increment(1)', updateDoc(doc(env.db('A'), 't/x'), { count: increment(1) }), 'ALLOW');
    await verdict('K03 A updateDoc increment(2)', updateDoc(doc(env.db('A'), 't/x'), { count: increment(2) }), 'DENY');
  });

  it("K04 arrayUnion is applied before the rules → ALLOW", async () => {
    const env = await suite.load(onT("allow update: if request.resource.data.tags == ['a','b'];"));
    await env.seed({ 't/x': { tags: ['a'] } });
    await verdict("K04 A updateDoc arrayUnion('b')", updateDoc(doc(env.db('A'), 't/x'), { tags: arrayUnion('b') }), 'ALLOW');
  });

  it('K05 deleteField() removes the key before the rules → ALLOW', async () => {
    const env = await suite.load(onT("allow update: if !('b' in request.resource.data);"));
    await env.seed({ 't/x': { a: 1, b: 2 } });
    await verdict('K05 A updateDoc {b: deleteField()}', updateDoc(doc(env.db('A'), 't/x'), { b: deleteField() }), 'ALLOW');
  });

  // t/x is seeded {n:1} before each transaction, as the row states.
  it('K06 transactions: get + update n:2 ALLOW; n:3 DENY', async () => {
    const env = await suite.load(onT('allow read: if true; allow update: if request.resource.data.n == resource.data.n + 1;'));
    await env.seed({ 't/x': { n: 1 } });
    await verdict('K06 A transaction n:2', bumpTo(env.db('A'), 2), 'ALLOW');
    await env.seed({ 't/x': { n: 1 } });
    await verdict('K06 A transaction n:3', bumpTo(env.db('A'), 3), 'DENY');
  });

  it('K07 delete if resource == null: missing ALLOW; existing DENY', async () => {
    const env = await suite.load(onT('allow delete: if resource == null;'));
    await env.seed({ 't/e': { a: 1 } });
    await verdict('K07 A deleteDoc t/missing', deleteDoc(doc(env.db('A'), 't/missing')), 'ALLOW');
    await verdict('K07 A deleteDoc t/e', deleteDoc(doc(env.db('A'), 't/e')), 'DENY');
  });

  it('K08 a batch of 3 writes, each rule with 2 exists() (6 ≤ 20, 2 ≤ 10 per write) → ALLOW', async () => {
    const look = (suffix: string) => `exists(/databases/$(database)/documents/look/$(id + '-${suffix}'))`;
    const env = await suite.load(rules(`match /w/{id} { allow write: if ${look('1')} && ${look('2')}; }`));
    await env.seed(Object.fromEntries(['a', 'b', 'c'].flatMap((id) => [[`look/${id}-1`, { on: true }], [`look/${id}-2`, { on: true }]])));
    const db = env.db('A');
    const batch = writeBatch(db);
    for (const id of ['a', 'b', 'c']) batch.set(doc(db, `w/${id}`), { id });
    await verdict('K08 A batch[w/a, w/b, w/c]', batch.commit(), 'ALLOW');
  });
});
