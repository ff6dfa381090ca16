/**
 * Firestore#recursiveDelete: kind-less allDescendants queries on `__name__` ranges plus BulkWriter
 * deletes. Everything below the target goes, including documents under "missing" parents; nothing
 * beside it (siblings, look-alike ids, same-named collections elsewhere) is touched.
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

async function existing(db: Firestore, paths: readonly string[]): Promise<string[]> {
  const snaps = await db.getAll(...paths.map((p) => db.doc(p)));
  return snaps.filter((s) => s.exists).map((s) => s.ref.path);
}

describeAdmin('recursiveDelete', (suite) => {
  it('deletes a collection with nested subcollections and documents under missing parents', async () => {
    const { db } = suite();
    const c = freshId('rd');
    const doomed = [
      `${c}/a`,
      `${c}/b`,
      `${c}/a/sub/x`,
      `${c}/a/sub/x/deeper/y`,
      `${c}/missing/sub/z`,
      `${c}/missing/sub/z/more/w`,
      `${c}/a/other/ghost/leaf/l`,
    ];
    const kept = [`${c}-sibling/keep`, `${c}x/keep`, `other-${c}/o/${c}/keep`, `${c}0/keep`];
    await seed(db, [...doomed, ...kept]);
    await db.recursiveDelete(db.collection(c));
    expect(await existing(db, doomed)).toEqual([]);
    expect(await existing(db, kept)).toEqual(kept);
    // Missing parents are gone too: nothing is listed under the collection any more.
    expect(await db.collection(c).listDocuments()).toEqual([]);
    expect(
      (await db.collectionGroup('sub').get()).docs
        .map((d) => d.ref.path)
        .filter((p) => p.startsWith(`${c}/`)),
    ).toEqual([]);
  });

  it('deletes a document and everything below it, leaving look-alike siblings', async () => {
    const { db } = suite();
    const c = freshId('rd');
    const doomed = [
      `${c}/a`,
      `${c}/a/sub/x`,
      `${c}/a/sub/x/deeper/y`,
      `${c}/a/sub/missing/deep/q`,
      `${c}/a/other/o`,
    ];
    const kept = [`${c}/b`, `${c}/ab`, `${c}/a0/sub/x`, `${c}/a-b/sub/x`, `${c}/b/sub/a`];
    await seed(db, [...doomed, ...kept]);
    await db.recursiveDelete(db.doc(`${c}/a`));
    expect(await existing(db, doomed)).toEqual([]);
    expect(await existing(db, kept)).toEqual(kept);
    expect(await db.doc(`${c}/a`).listCollections()).toEqual([]);
  });

  it('deletes the subcollections of a document that does not exist itself', async () => {
    const { db } = suite();
    const c = freshId('rd');
    const doomed = [`${c}/ghost/sub/1`, `${c}/ghost/sub/2`, `${c}/ghost/sub/2/deeper/3`];
    await seed(db, [...doomed, `${c}/real`]);
    expect((await db.collection(c).listDocuments()).map((r) => r.id)).toEqual(['ghost', 'real']);
    await db.recursiveDelete(db.doc(`${c}/ghost`));
    expect(await existing(db, doomed)).toEqual([]);
    expect((await db.collection(c).listDocuments()).map((r) => r.id)).toEqual(['real']);
  });

  it('deletes hundreds of documents through a caller-supplied BulkWriter', async () => {
    const { db } = suite();
    const c = freshId('rd');
    const paths = Array.from({ length: 400 }, (_, i) =>
      i % 2 ? `${c}/d${i}` : `${c}/d${i - (i % 4)}/sub/s${i}`,
    );
    for (let i = 0; i < paths.length; i += 200) await seed(db, paths.slice(i, i + 200));
    const bw = db.bulkWriter();
    let deleted = 0;
    bw.onWriteResult(() => deleted++);
    await db.recursiveDelete(db.collection(c), bw);
    // Exactly the seeded documents: the parents d0, d4, … of the subcollections are missing, so
    // there is nothing to delete for them.
    expect(deleted).toBe(paths.length);
    expect(await existing(db, paths)).toEqual([]);
    expect((await db.collection(c).count().get()).data().count).toBe(0);
    await bw.close();
  });

  it('deleting an empty collection or a missing document is a no-op', async () => {
    const { db } = suite();
    const c = freshId('rd');
    await seed(db, [`${c}-other/x`]);
    await db.recursiveDelete(db.collection(c));
    await db.recursiveDelete(db.doc(`${c}/nothing`));
    expect(await existing(db, [`${c}-other/x`])).toEqual([`${c}-other/x`]);
  });
});
