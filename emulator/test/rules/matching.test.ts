/**
 * Conformance rows B01–B12 (path matching, §4) and C01–C10 (methods, §4.3 and §9.1) of
 * rules-language.md §11.
 */
import { addDoc, collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from 'firebase/firestore';
import { assertFails } from '@firebase/rules-unit-testing';
import { describe, expect, it } from 'vitest';
import { onT, rules, rulesSuite, rulesV1, verdict } from './rules-suite.js';

const suite = rulesSuite('rules-match');

describe('B: matching a request to allow statements', () => {
  it('B01 get of an absent document under an allowing rule → ALLOW, not exists', async () => {
    const env = await suite.load(rules('match /cities/{city} { allow read: if true; }'));
    const snap = getDoc(doc(env.db('A'), 'cities/SF'));
    await verdict('B01 A get cities/SF', snap, 'ALLOW');
    expect((await snap).exists()).toBe(false);
  });

  it('B02 a rule for cities/{city} does not reach a subcollection → DENY', async () => {
    const env = await suite.load(rules('match /cities/{city} { allow read: if true; }'));
    await verdict('B02 A get cities/SF/landmarks/L1', getDoc(doc(env.db('A'), 'cities/SF/landmarks/L1')), 'DENY');
  });

  it('B03 the wildcard binds the segment: cities/SF ALLOW; cities/LA DENY', async () => {
    const env = await suite.load(rules("match /cities/{city} { allow read: if city == 'SF'; }"));
    await verdict('B03 A get cities/SF', getDoc(doc(env.db('A'), 'cities/SF')), 'ALLOW');
    await verdict('B03 A get cities/LA', getDoc(doc(env.db('A'), 'cities/LA')), 'DENY');
  });

  it('B04 a recursive wildcard reaches subcollections → ALLOW', async () => {
    const env = await suite.load(rules('match /cities/{d=**} { allow read: if true; }'));
    await verdict('B04 A get cities/SF/landmarks/L1', getDoc(doc(env.db('A'), 'cities/SF/landmarks/L1')), 'ALLOW');
  });

  it('B05 v2: {rest=**} matches zero segments → ALLOW', async () => {
    const env = await suite.load(rules('match /cities/{c}/{rest=**} { allow read: if true; }'));
    await verdict('B05 A get cities/SF', getDoc(doc(env.db('A'), 'cities/SF')), 'ALLOW');
  });

  it('B06 v1: {rest=**} needs at least one segment: cities/SF DENY; cities/SF/l/L1 ALLOW', async () => {
    const env = await suite.load(rulesV1('match /cities/{c}/{rest=**} { allow read: if true; }'));
    await verdict('B06 A get cities/SF', getDoc(doc(env.db('A'), 'cities/SF')), 'DENY');
    await verdict('B06 A get cities/SF/l/L1', getDoc(doc(env.db('A'), 'cities/SF/l/L1')), 'ALLOW');
  });

  it('B07 overlapping matches are ORed → ALLOW', async () => {
    const env = await suite.load(rules('match /cities/{c} { allow read: if false; }\n    match /cities/{d=**} { allow read: if true; }'));
    await verdict('B07 A get cities/SF', getDoc(doc(env.db('A'), 'cities/SF')), 'ALLOW');
  });

  it('B08 nested matches see outer wildcards: users/alice/posts/p ALLOW; users/bob/posts/p DENY', async () => {
    const env = await suite.load(rules('match /users/{uid} { match /posts/{pid} { allow read: if uid == request.auth.uid; } }'));
    await verdict('B08 A get users/alice/posts/p', getDoc(doc(env.db('A'), 'users/alice/posts/p')), 'ALLOW');
    await verdict('B08 A get users/bob/posts/p', getDoc(doc(env.db('A'), 'users/bob/posts/p')), 'DENY');
  });

  it('B09 a match outside /databases/{database}/documents never matches → DENY', async () => {
    const env = await suite.load('service cloud.firestore {\n  match /cities/{c} { allow read: if true; }\n}\n');
    await verdict('B09 A get cities/SF', getDoc(doc(env.db('A'), 'cities/SF')), 'DENY');
  });

  it("B10 database is '(default)' → ALLOW", async () => {
    const env = await suite.load(onT("allow read: if database == '(default)';"));
    await verdict('B10 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
  });

  it('B11 a literal match: config/public ALLOW; config/other DENY; list config DENY', async () => {
    const env = await suite.load(rules('match /config/public { allow read: if true; }'));
    await verdict('B11 A get config/public', getDoc(doc(env.db('A'), 'config/public')), 'ALLOW');
    await verdict('B11 A get config/other', getDoc(doc(env.db('A'), 'config/other')), 'DENY');
    await verdict('B11 A list config', getDocs(collection(env.db('A'), 'config')), 'DENY');
  });

  it('B12 {p=**} binds a path, {x} a string: f/a/b/c ALLOW; g/a ALLOW', async () => {
    const env = await suite.load(rules('match /f/{p=**} { allow read: if p is path; }\n    match /g/{x} { allow read: if x is string; }'));
    await verdict('B12 A get f/a/b/c', getDoc(doc(env.db('A'), 'f/a/b/c')), 'ALLOW');
    await verdict('B12 A get g/a', getDoc(doc(env.db('A'), 'g/a')), 'ALLOW');
  });
});

describe('C: request methods', () => {
  it('C01 allow read: get ALLOW; list ALLOW; set DENY', async () => {
    const env = await suite.load(onT('allow read;'));
    await verdict('C01 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
    await verdict('C01 A getDocs(t)', getDocs(collection(env.db('A'), 't')), 'ALLOW');
    await verdict('C01 A setDoc t/x', setDoc(doc(env.db('A'), 't/x'), { a: 1 }), 'DENY');
  });

  it('C02 allow get: get ALLOW; list DENY', async () => {
    const env = await suite.load(onT('allow get: if true;'));
    await verdict('C02 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'ALLOW');
    await verdict('C02 A getDocs(t)', getDocs(collection(env.db('A'), 't')), 'DENY');
  });

  it('C03 allow list: list ALLOW; get DENY', async () => {
    const env = await suite.load(onT('allow list: if true;'));
    await verdict('C03 A getDocs(t)', getDocs(collection(env.db('A'), 't')), 'ALLOW');
    await verdict('C03 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'DENY');
  });

  it('C04 allow create: set new ALLOW; set existing DENY (update); delete DENY', async () => {
    const env = await suite.load(onT('allow create: if true;'));
    await env.seed({ 't/e': { a: 0 } });
    await verdict('C04 A setDoc t/n', setDoc(doc(env.db('A'), 't/n'), { a: 1 }), 'ALLOW');
    await verdict('C04 A setDoc t/e', setDoc(doc(env.db('A'), 't/e'), { a: 1 }), 'DENY');
    await verdict('C04 A deleteDoc t/e', deleteDoc(doc(env.db('A'), 't/e')), 'DENY');
  });

  it('C05 allow update: update existing ALLOW; set new DENY (create)', async () => {
    const env = await suite.load(onT('allow update: if true;'));
    await env.seed({ 't/e': { a: 0 } });
    await verdict('C05 A updateDoc t/e', updateDoc(doc(env.db('A'), 't/e'), { a: 2 }), 'ALLOW');
    await verdict('C05 A setDoc t/n', setDoc(doc(env.db('A'), 't/n'), { a: 1 }), 'DENY');
  });

  it('C06 allow delete: delete existing ALLOW; delete missing ALLOW', async () => {
    const env = await suite.load(onT('allow delete: if true;'));
    await env.seed({ 't/e': { a: 0 } });
    await verdict('C06 A deleteDoc t/e', deleteDoc(doc(env.db('A'), 't/e')), 'ALLOW');
    await verdict('C06 A deleteDoc t/missing', deleteDoc(doc(env.db('A'), 't/missing')), 'ALLOW');
  });

  it("C07 allow write if method == 'create': addDoc ALLOW; updateDoc DENY", async () => {
    const env = await suite.load(onT("allow write: if request.method == 'create';"));
    await env.seed({ 't/e': { a: 0 } });
    await verdict('C07 A addDoc(t)', addDoc(collection(env.db('A'), 't'), { a: 1 }), 'ALLOW');
    await verdict('C07 A updateDoc t/e', updateDoc(doc(env.db('A'), 't/e'), { a: 2 }), 'DENY');
  });

  it('C08 updateDoc of a missing document fails not-found, which assertFails does not accept', async () => {
    const env = await suite.load(onT('allow write: if true;'));
    const err: unknown = await updateDoc(doc(env.db('A'), 't/missing'), { a: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as { code?: string } | undefined)?.code, String(err)).toBe('not-found');
    await expect(assertFails(Promise.reject(err))).rejects.toThrow(/Expected PERMISSION_DENIED but got unexpected error/);
  });

  it("C09 allow read if method == 'list': list ALLOW; get DENY", async () => {
    const env = await suite.load(onT("allow read: if request.method == 'list';"));
    await verdict('C09 A getDocs(t)', getDocs(collection(env.db('A'), 't')), 'ALLOW');
    await verdict('C09 A get t/x', getDoc(doc(env.db('A'), 't/x')), 'DENY');
  });

  it('C10 set with merge on a missing document is a create → ALLOW', async () => {
    const env = await suite.load(onT('allow create: if true;'));
    await verdict('C10 A setDoc t/n merge', setDoc(doc(env.db('A'), 't/n'), { a: 1 }, { merge: true }), 'ALLOW');
  });
});
