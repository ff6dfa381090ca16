/**
 * Single-document reads and writes through both SDKs (admin: Commit/BatchGetDocuments; web:
 * Write stream/Listen), plus the admin-only create() and getAll().
 */
import { expect, it } from 'vitest';
import type * as A from 'firebase-admin/firestore';
import { MESSAGES, Ts, describeEachSdk, type Driver } from './sdk-driver.js';

const adminDb = (d: Driver) => (d as Driver & { db: A.Firestore }).db;

describeEachSdk('documents', (suite, sdk) => {
  it('set then get returns exactly the data', async () => {
    const { d, col } = suite();
    const path = `${col('crud')}/doc`;
    await d.set(path, { name: 'Depot', open: true, count: 3n, tags: ['a'], where: { city: 'Oslo' } });
    expect(await d.get(path)).toEqual(
      d.expected({ name: 'Depot', open: true, count: 3n, tags: ['a'], where: { city: 'Oslo' } }),
    );
  });

  it('a missing document reads as absent', async () => {
    const { d, col } = suite();
    expect(await d.get(`${col('crud')}/nope`)).toBeUndefined();
  });

  it('set replaces the whole document', async () => {
    const { d, col } = suite();
    const path = `${col('crud')}/doc`;
    await d.set(path, { a: 1n, b: { c: 2n, d: 3n } });
    await d.set(path, { b: { c: 5n } });
    expect(await d.get(path)).toEqual(d.expected({ b: { c: 5n } }));
  });

  it('add() creates a document under a 20-character auto id', async () => {
    const { d, col } = suite();
    const c = col('crud');
    const path = await d.add(c, { made: 'by add' });
    expect(path).toMatch(new RegExp(`^${c}/[A-Za-z0-9]{20}$`));
    expect(await d.get(path)).toEqual({ made: 'by add' });
  });

  it('update changes only the named fields; dotted paths reach into maps', async () => {
    const { d, col } = suite();
    const path = `${col('crud')}/doc`;
    await d.set(path, { a: 1n, m: { x: 1n, y: 2n }, keep: 'me' });
    await d.update(path, { a: 2n, 'm.y': 3n, 'm.z': 4n, 'n.deep.er': true });
    expect(await d.get(path)).toEqual(
      d.expected({ a: 2n, m: { x: 1n, y: 3n, z: 4n }, keep: 'me', n: { deep: { er: true } } }),
    );
  });

  it('update with a map value replaces that map', async () => {
    const { d, col } = suite();
    const path = `${col('crud')}/doc`;
    await d.set(path, { m: { x: 1n, y: 2n } });
    await d.update(path, { m: { z: 3n } });
    expect(await d.get(path)).toEqual(d.expected({ m: { z: 3n } }));
  });

  it('update with field paths whose names hold dots, spaces and backticks', async () => {
    const { d, col } = suite();
    const path = `${col('crud')}/doc`;
    await d.set(path, { 'a.b': { 'c d': 1n }, a: { b: 'untouched' } });
    await d.updatePaths(path, [
      [['a.b', 'c d'], 2n],
      [['`tick`'], 'x'],
      [['ü', '🔥'], null],
    ]);
    expect(await d.get(path)).toEqual(
      d.expected({ 'a.b': { 'c d': 2n }, a: { b: 'untouched' }, '`tick`': 'x', ü: { '🔥': null } }),
    );
  });

  it('update on a missing document fails with NOT_FOUND "No document to update" and creates nothing', async () => {
    const { d, col } = suite();
    const path = `${col('crud')}/missing`;
    await expect(d.update(path, { a: 1n })).rejects.toMatchObject({
      code: d.code(5),
      message: expect.stringContaining(MESSAGES.noDocumentToUpdate),
    });
    expect(await d.get(path)).toBeUndefined();
  });

  it('delete removes the document; deleting a missing document succeeds', async () => {
    const { d, col } = suite();
    const path = `${col('crud')}/doc`;
    await d.set(path, { a: 1n });
    await d.delete(path);
    expect(await d.get(path)).toBeUndefined();
    await d.delete(path);
    await d.delete(`${col('crud')}/never`);
    expect(await d.get(path)).toBeUndefined();
  });

  it('a subcollection document does not create its parent, and deleting the parent leaves it', async () => {
    const { d, col } = suite();
    const c = col('crud');
    await d.set(`${c}/parent/sub/child`, { v: 1n });
    expect(await d.get(`${c}/parent`)).toBeUndefined();
    await d.set(`${c}/parent`, { p: true });
    await d.delete(`${c}/parent`);
    expect(await d.get(`${c}/parent/sub/child`)).toEqual(d.expected({ v: 1n }));
  });

  it('document ids may hold unicode, spaces and punctuation', async () => {
    const { d, col } = suite();
    const c = col('crud');
    for (const id of [
      'with space',
      'ü-ñ',
      '🔥',
      'a.b',
      'quote\'"',
      '__not_reserved',
      '-',
      String.fromCodePoint(0x10ffff),
    ]) {
      await d.set(`${c}/${id}`, { id });
      expect(await d.get(`${c}/${id}`)).toEqual({ id });
    }
  });

  it('write then read sees the write (read-your-writes across the RPCs)', async () => {
    const { d, col } = suite();
    const path = `${col('crud')}/doc`;
    for (let i = 0n; i < 5n; i++) {
      await d.set(path, { i, when: new Ts(Number(i), 0) });
      expect(await d.get(path)).toEqual(d.expected({ i, when: new Ts(Number(i), 0) }));
    }
  });

  it('rejects reserved ids and field names, over-long ids and over-large documents with INVALID_ARGUMENT', async () => {
    const { d, col } = suite();
    const c = col('crud');
    const invalid = { code: d.code(3) };
    await expect(d.set(`${c}/__reserved__`, { a: 1n })).rejects.toMatchObject(invalid);
    await expect(d.set(`${c}/${'i'.repeat(1501)}`, { a: 1n })).rejects.toMatchObject(invalid);
    await expect(d.set(`${c}/big`, { s: 'x'.repeat(1_100_000) })).rejects.toMatchObject(invalid);
    // Field names of the form __x__ are reserved at any depth (the web SDK also checks this itself).
    await expect(d.set(`${c}/doc`, { __reserved__: 1n })).rejects.toMatchObject(invalid);
    await expect(d.set(`${c}/doc`, { m: { __reserved__: 1n } })).rejects.toMatchObject(invalid);
    await expect(d.set(`${c}/doc`, { list: [{ __reserved__: 1n }] })).rejects.toMatchObject(invalid);
    // Just inside the limits.
    await d.set(`${c}/${'i'.repeat(1500)}`, { __almost: 1n });
    await d.set(`${c}/big`, { s: 'x'.repeat(1_000_000) });
    expect(await d.get(`${c}/${'i'.repeat(1500)}`)).toEqual(d.expected({ __almost: 1n }));
    expect(((await d.get(`${c}/big`))!['s'] as string).length).toBe(1_000_000);
  });

  if (sdk === 'admin') {
    it('create() writes a new document and fails with ALREADY_EXISTS on an existing one', async () => {
      const { d, col } = suite();
      const db = adminDb(d);
      const path = `${col('crud')}/doc`;
      await db.doc(path).create({ v: 1 });
      await expect(db.doc(path).create({ v: 2 })).rejects.toMatchObject({
        code: 6,
        details: expect.stringContaining(MESSAGES.alreadyExists),
      });
      expect(await d.get(path)).toEqual({ v: 1n });
    });

    it('getAll() returns every requested document in request order, missing ones included', async () => {
      const { d, col } = suite();
      const db = adminDb(d);
      const c = col('crud');
      await d.set(`${c}/b`, { v: 'b' });
      await d.set(`${c}/a`, { v: 'a' });
      const snaps = await db.getAll(db.doc(`${c}/b`), db.doc(`${c}/zzz`), db.doc(`${c}/a`), db.doc(`${c}/b`));
      expect(snaps.map((s) => [s.id, s.exists, s.exists ? s.data() : undefined])).toEqual([
        ['b', true, { v: 'b' }],
        ['zzz', false, undefined],
        ['a', true, { v: 'a' }],
        ['b', true, { v: 'b' }],
      ]);
    });

    it('getAll() with a field mask returns only those fields', async () => {
      const { d, col } = suite();
      const db = adminDb(d);
      const path = `${col('crud')}/doc`;
      await d.set(path, { a: 1n, b: { c: 2n, d: 3n }, e: 4n });
      const [snap] = await db.getAll(db.doc(path), { fieldMask: ['a', 'b.c'] });
      expect(snap!.data()).toEqual({ a: 1n, b: { c: 2n } });
    });

    it('update with a stale lastUpdateTime fails with FAILED_PRECONDITION; the exact one succeeds', async () => {
      const { d, col } = suite();
      const db = adminDb(d);
      const path = `${col('crud')}/doc`;
      const first = await db.doc(path).set({ v: 1 });
      const second = await db.doc(path).update({ v: 2 });
      await expect(db.doc(path).update({ v: 3 }, { lastUpdateTime: first.writeTime })).rejects.toMatchObject({
        code: 9,
      });
      await db.doc(path).update({ v: 4 }, { lastUpdateTime: second.writeTime });
      expect(await d.get(path)).toEqual({ v: 4n });
    });

    it('delete with preconditions: exists on a missing document is NOT_FOUND, a stale time is FAILED_PRECONDITION', async () => {
      const { d, col } = suite();
      const db = adminDb(d);
      const c = col('crud');
      await expect(db.doc(`${c}/missing`).delete({ exists: true })).rejects.toMatchObject({ code: 5 });
      const first = await db.doc(`${c}/doc`).set({ v: 1 });
      await db.doc(`${c}/doc`).set({ v: 2 });
      await expect(db.doc(`${c}/doc`).delete({ lastUpdateTime: first.writeTime })).rejects.toMatchObject({
        code: 9,
      });
      expect(await d.get(`${c}/doc`)).toEqual({ v: 2n });
      await db.doc(`${c}/doc`).delete({ exists: true });
      expect(await d.get(`${c}/doc`)).toBeUndefined();
    });
  }
});
