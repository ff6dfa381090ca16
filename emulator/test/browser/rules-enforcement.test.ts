/**
 * Security rules over the browser's transports (issue 5): WebChannel Listen targets and Write
 * streams, and REST, from the browser build of the full SDK in streaming and long-polling mode and
 * the lite SDK. The page is signed out, so rules see `request.auth == null`.
 */
import { describe, expect, it } from 'vitest';
import { loadRules, wrapRules } from '../security/security-support.js';
import { browserSuite } from './browser-suite.js';

const suite = browserSuite();

const RULES = wrapRules(`
    match /public/{id} { allow read, write: if true; }
    match /private/{id} { allow read, write: if request.auth != null; }`);

describe.each(['streaming', 'long-polling'] as const)('full SDK, %s', (mode) => {
  it('a denied listener gets permission-denied, an allowed one its snapshot; a denied write is refused', async () => {
    const { db, admin, projectId } = await suite.setup(mode);
    await loadRules(suite.target, projectId, RULES);
    await admin.doc('private/p').set({ secret: 1 });
    await admin.doc('public/p').set({ open: 1 });

    const denied = await db.listenDoc('private/p');
    await expect(denied.rec.next('the denial')).rejects.toMatchObject({
      code: 'permission-denied',
      message: expect.stringMatching(/false for 'get' @ L\d+/),
    });
    const deniedQuery = await db.listenQuery({ collection: 'private' });
    await expect(deniedQuery.rec.next('the denial')).rejects.toMatchObject({
      code: 'permission-denied',
      message: expect.stringMatching(/false for 'list' @ L\d+/),
    });
    const allowed = await db.listenDoc('public/p');
    expect((await allowed.rec.next('the snapshot')).data).toEqual({ open: 1 });
    await allowed.stop();

    await expect(db.set('private/q', { a: 1 })).rejects.toThrow(/FirebaseError: \nfalse for 'create' @ L6/);
    expect((await admin.doc('private/q').get()).exists).toBe(false);
    await db.set('public/q', { a: 1 });
    expect((await admin.doc('public/q').get()).data()).toEqual({ a: 1 });
  });
});

it('lite SDK (REST): a denied read and a denied query are refused, allowed ones answer', async () => {
  const { db, admin, projectId } = await suite.setup('lite');
  await loadRules(suite.target, projectId, RULES);
  await admin.doc('private/p').set({ secret: 1 });
  await admin.doc('public/p').set({ open: 1 });
  await expect(db.get('private/p')).rejects.toThrow(/FirebaseError: .*\nfalse for 'get' @ L6/);
  await expect(db.query({ collection: 'private' })).rejects.toThrow(
    /FirebaseError: .*\nfalse for 'list' @ L6/,
  );
  expect(await db.get('public/p')).toEqual({ open: 1 });
  expect((await db.query({ collection: 'public' })).map((d) => d.id)).toEqual(['p']);
});
