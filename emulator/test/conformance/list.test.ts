/**
 * listCollections (ListCollectionIds) and listDocuments (ListDocuments with showMissing), admin-only
 * APIs: immediate children only, sorted, and "missing" documents that exist only as parents of
 * subcollections are listed.
 */
import { expect, it } from 'vitest';
import type { Firestore } from 'firebase-admin/firestore';
import { describeAdmin } from './admin-suite.js';
import { freshId } from './sdk-driver.js';

async function seed(db: Firestore, paths: readonly string[]): Promise<void> {
  const b = db.batch();
  for (const p of paths) b.set(db.doc(p), { p });
  await b.commit();
}

const ids = (refs: readonly { id: string }[]) => refs.map((r) => r.id);

// The root listing needs a project of its own: every other test adds root collections.
describeAdmin('listCollections at the root', (suite) => {
  it('lists every top-level collection once, sorted, including ones holding only nested documents', async () => {
    const { db } = suite();
    expect(await db.listCollections()).toEqual([]);
    await seed(db, ['b/1', 'a/1', 'a/2', 'c/x/sub/1', 'B/1', 'a/1/inner/1', 'é/1', '_u/1']);
    expect(ids(await db.listCollections())).toEqual(['B', '_u', 'a', 'b', 'c', 'é']);
    await db.doc('b/1').delete();
    expect(ids(await db.listCollections())).toEqual(['B', '_u', 'a', 'c', 'é']);
  });
});

describeAdmin('listCollections and listDocuments', (suite) => {
  it('lists the subcollections directly under a document, existing or missing', async () => {
    const { db } = suite();
    const c = freshId('ls');
    await seed(db, [
      `${c}/doc`,
      `${c}/doc/zeta/1`,
      `${c}/doc/alpha/1`,
      `${c}/doc/alpha/1/deeper/1`,
      `${c}/doc/mid/m/more/1`,
      `${c}/ghost/only/1`,
      `${c}/other/nope/1`,
    ]);
    expect(ids(await db.doc(`${c}/doc`).listCollections())).toEqual(['alpha', 'mid', 'zeta']);
    expect(ids(await db.doc(`${c}/ghost`).listCollections())).toEqual(['only']);
    expect(ids(await db.doc(`${c}/doc/alpha/1`).listCollections())).toEqual(['deeper']);
    expect(await db.doc(`${c}/doc/zeta/1`).listCollections()).toEqual([]);
    expect(await db.doc(`${c}/never`).listCollections()).toEqual([]);
  });

  it('listDocuments includes missing parents and sorts by id', async () => {
    const { db } = suite();
    const c = freshId('ls');
    await seed(db, [
      `${c}/b`,
      `${c}/a`,
      `${c}/ghost/sub/1`,
      `${c}/a/sub/1`,
      `${c}/deep-ghost/x/y/z/1`,
      `${c}/b/sub/1/nested/1`,
    ]);
    const refs = await db.collection(c).listDocuments();
    expect(ids(refs)).toEqual(['a', 'b', 'deep-ghost', 'ghost']);
    const snaps = await db.getAll(...refs);
    expect(snaps.map((s) => [s.id, s.exists])).toEqual([
      ['a', true],
      ['b', true],
      ['deep-ghost', false],
      ['ghost', false],
    ]);
    // A deleted document with surviving subcollections stays listed, as a missing one.
    await db.doc(`${c}/a`).delete();
    expect(ids(await db.collection(c).listDocuments())).toEqual(['a', 'b', 'deep-ghost', 'ghost']);
    await db.doc(`${c}/a/sub/1`).delete();
    expect(ids(await db.collection(c).listDocuments())).toEqual(['b', 'deep-ghost', 'ghost']);
  });

  it('listDocuments of a subcollection and of an empty collection', async () => {
    const { db } = suite();
    const c = freshId('ls');
    await seed(db, [`${c}/p/sub/2`, `${c}/p/sub/10`, `${c}/p/sub/1`, `${c}/q/sub/9`]);
    // Ids sort as strings: "10" < "2".
    expect(ids(await db.collection(`${c}/p/sub`).listDocuments())).toEqual(['1', '10', '2']);
    expect(await db.collection(`${c}/p/none`).listDocuments()).toEqual([]);
  });

  it('listDocuments pages through more documents than one page holds', async () => {
    const { db } = suite();
    const c = freshId('ls');
    const all = Array.from({ length: 650 }, (_, i) => `${c}/d${String(i).padStart(4, '0')}`);
    for (let i = 0; i < all.length; i += 500) await seed(db, all.slice(i, i + 500));
    const refs = await db.collection(c).listDocuments();
    expect(refs.map((r) => r.path)).toEqual(all);
  });
});
