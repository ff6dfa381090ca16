/**
 * Conformance rows H01–H18 (rules-language.md §11, §7): `request.auth` and its token, `request.method`
 * and `request.path`, `resource` and `request.resource` for reads and writes.
 */
import { deleteDoc, doc, getDoc, setDoc, updateDoc } from 'firebase/firestore';
import { describe, it } from 'vitest';
import { exprRules, onT, rulesSuite, verdict } from './rules-suite.js';

const suite = rulesSuite('rules-context');

describe('H: request and resource', () => {
  it("H01 token.email: A{email} ALLOW; A DENY (claim absent)", async () => {
    const env = await suite.load(exprRules("request.auth.token.email == 'a@x.com'"));
    await verdict('H01 A{email} get t/x', getDoc(doc(env.db({ alice: { email: 'a@x.com' } }), 't/x')), 'ALLOW');
    await verdict('H01 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'DENY');
  });

  it('H02 token.email_verified: A{email_verified} ALLOW; A DENY', async () => {
    const env = await suite.load(exprRules('request.auth.token.email_verified == true'));
    await verdict('H02 A{email_verified} get t/x', getDoc(doc(env.db({ alice: { email_verified: true } }), 't/x')), 'ALLOW');
    await verdict('H02 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'DENY');
  });

  it("H03 the mock token's sign_in_provider is 'custom' → ALLOW", async () => {
    const env = await suite.load(exprRules("request.auth.token.firebase.sign_in_provider == 'custom'"));
    await verdict('H03 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });

  it('H04 a custom claim: A{admin} ALLOW; A DENY', async () => {
    const env = await suite.load(exprRules('request.auth.token.admin == true'));
    await verdict('H04 A{admin} get t/x', getDoc(doc(env.db({ alice: { admin: true } }), 't/x')), 'ALLOW');
    await verdict('H04 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'DENY');
  });

  it('H05 request.method and request.path of a get → ALLOW', async () => {
    const env = await suite.load(exprRules("request.method == 'get' && request.path == /databases/$(database)/documents/t/$(id)"));
    await verdict('H05 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });

  it('H06 resource is null for a missing document: t/missing ALLOW; t/e DENY', async () => {
    const env = await suite.load(onT('allow get: if resource == null;'));
    await env.seed({ 't/e': { a: 1 } });
    await verdict('H06 A get t/missing', getDoc(doc(env.db('A'), 't/missing')), 'ALLOW');
    await verdict('H06 A get t/e', getDoc(doc(env.db('A'), 't/e')), 'DENY');
  });

  it('H07 resource.data of the stored document: public ALLOW; private DENY; missing DENY', async () => {
    const env = await suite.load(onT("allow get: if resource.data.visibility == 'public';"));
    await env.seed({ 't/p': { visibility: 'public' }, 't/q': { visibility: 'private' } });
    await verdict('H07 A get t/p', getDoc(doc(env.db('A'), 't/p')), 'ALLOW');
    await verdict('H07 A get t/q', getDoc(doc(env.db('A'), 't/q')), 'DENY');
    await verdict('H07 A get t/missing', getDoc(doc(env.db('A'), 't/missing')), 'DENY');
  });

  it('H08 request.resource is absent on reads → DENY', async () => {
    const env = await suite.load(onT('allow get: if request.resource == null;'));
    await verdict('H08 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'DENY');
  });

  // Each create goes to a document of its own, so every request is a create (as the row means).
  it("H09 request.resource.data.owner: {owner:'alice'} ALLOW; {owner:'bob'} DENY; {} DENY", async () => {
    const env = await suite.load(onT('allow create: if request.resource.data.owner == request.auth.uid;'));
    await verdict("H09 A setDoc {owner:'alice'}", setDoc(doc(env.db('A'), 't/x1'), { owner: 'alice' }), 'ALLOW');
    await verdict("H09 A setDoc {owner:'bob'}", setDoc(doc(env.db('A'), 't/x2'), { owner: 'bob' }), 'DENY');
    await verdict('H09 A setDoc {}', setDoc(doc(env.db('A'), 't/x3'), {}), 'DENY');
  });

  it('H10 resource is null on create → ALLOW', async () => {
    const env = await suite.load(onT('allow create: if resource == null;'));
    await verdict('H10 A setDoc t/new', setDoc(doc(env.db('A'), 't/new'), { a: 1 }), 'ALLOW');
  });

  it("H11 diff().affectedKeys().hasOnly(['name']): {name} ALLOW; {role} DENY", async () => {
    const env = await suite.load(
      onT("allow read; allow update: if request.resource.data.diff(resource.data).affectedKeys().hasOnly(['name']);"),
    );
    await env.seed({ 't/x': { name: 'a', role: 'user' } });
    await verdict("H11 A updateDoc {name:'b'}", updateDoc(doc(env.db('A'), 't/x'), { name: 'b' }), 'ALLOW');
    await verdict("H11 A updateDoc {role:'admin'}", updateDoc(doc(env.db('A'), 't/x'), { role: 'admin' }), 'DENY');
  });

  it('H12 keys().hasAll / hasOnly: {a,b} ALLOW; {a,b,c} ALLOW; {a} DENY; {a,b,d} DENY', async () => {
    const env = await suite.load(
      onT("allow create: if request.resource.data.keys().hasAll(['a','b']) && request.resource.data.keys().hasOnly(['a','b','c']);"),
    );
    const db = env.db('A');
    await verdict('H12 A setDoc {a,b}', setDoc(doc(db, 't/h1'), { a: 1, b: 1 }), 'ALLOW');
    await verdict('H12 A setDoc {a,b,c}', setDoc(doc(db, 't/h2'), { a: 1, b: 1, c: 1 }), 'ALLOW');
    await verdict('H12 A setDoc {a}', setDoc(doc(db, 't/h3'), { a: 1 }), 'DENY');
    await verdict('H12 A setDoc {a,b,d}', setDoc(doc(db, 't/h4'), { a: 1, b: 1, d: 1 }), 'DENY');
  });

  it("H13 score is int: 5 ALLOW; 5.5 DENY; '5' DENY", async () => {
    const env = await suite.load(onT('allow create: if request.resource.data.score is int;'));
    const db = env.db('A');
    await verdict('H13 A setDoc {score:5}', setDoc(doc(db, 't/s1'), { score: 5 }), 'ALLOW');
    await verdict('H13 A setDoc {score:5.5}', setDoc(doc(db, 't/s2'), { score: 5.5 }), 'DENY');
    await verdict("H13 A setDoc {score:'5'}", setDoc(doc(db, 't/s3'), { score: '5' }), 'DENY');
  });

  it("H14 data.get('tags', []) is list: {} ALLOW; {tags:'x'} DENY", async () => {
    const env = await suite.load(onT("allow create: if request.resource.data.get('tags', []) is list;"));
    const db = env.db('A');
    await verdict('H14 A setDoc {}', setDoc(doc(db, 't/g1'), {}), 'ALLOW');
    await verdict("H14 A setDoc {tags:'x'}", setDoc(doc(db, 't/g2'), { tags: 'x' }), 'DENY');
  });

  it('H15 request.resource is null on delete → ALLOW', async () => {
    const env = await suite.load(onT('allow delete: if request.resource == null;'));
    await env.seed({ 't/x': { a: 1 } });
    await verdict('H15 A deleteDoc t/x', deleteDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });

  it('H16 request.resource on update is the merged document → ALLOW', async () => {
    const env = await suite.load(onT('allow update: if request.resource.data.a == 1 && request.resource.data.b == 3;'));
    await env.seed({ 't/x': { a: 1, b: 2 } });
    await verdict('H16 A updateDoc {b:3}', updateDoc(doc(env.db('A'), 't/x'), { b: 3 }), 'ALLOW');
  });

  // The document is seeded {a:1, b:2} before each request, as the row states.
  it('H17 set replaces, set with merge keeps: set ALLOW; set merge DENY', async () => {
    const env = await suite.load(onT("allow update: if !('a' in request.resource.data);"));
    await env.seed({ 't/x': { a: 1, b: 2 } });
    await verdict('H17 A setDoc {b:3}', setDoc(doc(env.db('A'), 't/x'), { b: 3 }), 'ALLOW');
    await env.seed({ 't/x': { a: 1, b: 2 } });
    await verdict('H17 A setDoc {b:3} merge', setDoc(doc(env.db('A'), 't/x'), { b: 3 }, { merge: true }), 'DENY');
  });

  it('H18 request.query on a get → DENY', async () => {
    const env = await suite.load(onT('allow get: if request.query.limit <= 10;'));
    await verdict('H18 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'DENY');
  });
});
