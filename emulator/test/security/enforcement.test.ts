/**
 * Security rules on every path a client can take (issue 5): the web SDK over gRPC (gets, queries,
 * aggregations, listeners, writes, transactions), REST with Auth-emulator tokens, BatchWrite per
 * write, and the identities that bypass rules. Runs unchanged against the official emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminFirestore,
  startTarget,
  uniqueProjectId,
  waitFor,
  webFirestore,
  type EmulatorTarget,
} from '../harness.js';
import { loadRules, rest, unsignedIdToken, wrapRules } from './security-support.js';

const RULES = wrapRules(`
    match /open/{id} { allow read, write: if true; }
    match /mine/{id} {
      allow get: if request.auth != null && resource.data.owner == request.auth.uid;
      allow list: if request.auth != null && resource.data.owner == request.auth.uid && request.query.limit <= 10;
      allow create: if request.auth != null && request.resource.data.owner == request.auth.uid;
      allow update, delete: if false;
    }
    match /staff/{id} { allow read: if request.auth.token.role == 'staff'; }`);

let target: EmulatorTarget;
const projectId = uniqueProjectId('rules-enforce');
let admin: Awaited<ReturnType<typeof adminFirestore>>;

beforeAll(async () => {
  target = await startTarget();
  admin = await adminFirestore(projectId);
  await loadRules(target, projectId, RULES);
  await admin.db.doc('mine/a1').set({ owner: 'alice', n: 1 });
  await admin.db.doc('mine/b1').set({ owner: 'bob', n: 2 });
  await admin.db.doc('staff/s1').set({ note: 'internal' });
});
afterAll(async () => {
  await admin.close();
  await target.stop();
});

const code = (e: unknown) => (e as { code?: string }).code;

async function rejection(p: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: code(e), message: (e as Error).message };
  }
  throw new Error('expected the request to be denied, but it succeeded');
}

describe('web SDK (Node, gRPC) under rules', () => {
  it('gets: the owner reads, another user and an anonymous caller are denied with the failing line', async () => {
    const { doc, getDoc } = await import('firebase/firestore');
    const alice = await webFirestore(target, projectId, { sub: 'alice' });
    const bob = await webFirestore(target, projectId, { sub: 'bob' });
    const anon = await webFirestore(target, projectId);
    try {
      expect((await getDoc(doc(alice.db, 'mine/a1'))).data()).toEqual({ owner: 'alice', n: 1 });
      const denied = await rejection(getDoc(doc(bob.db, 'mine/a1')));
      expect(denied.code).toBe('permission-denied');
      expect(denied.message).toMatch(/false for 'get' @ L\d+/);
      expect((await rejection(getDoc(doc(anon.db, 'mine/a1')))).code).toBe('permission-denied');
    } finally {
      await Promise.all([alice.close(), bob.close(), anon.close()]);
    }
  });

  it('queries are authorised from their constraints, not their results', async () => {
    const { collection, getDocs, getCountFromServer, query, where, limit } =
      await import('firebase/firestore');
    const alice = await webFirestore(target, projectId, { sub: 'alice' });
    try {
      const mine = query(collection(alice.db, 'mine'), where('owner', '==', 'alice'), limit(10));
      expect((await getDocs(mine)).docs.map((d) => d.id)).toEqual(['a1']);
      expect((await getCountFromServer(mine)).data().count).toBe(1);
      // Every stored document alice could see is hers, yet without the filter the query is denied.
      const unfiltered = await rejection(getDocs(query(collection(alice.db, 'mine'), limit(10))));
      expect(unfiltered.code).toBe('permission-denied');
      expect(unfiltered.message).toContain("for 'list'");
      const overLimit = query(collection(alice.db, 'mine'), where('owner', '==', 'alice'), limit(11));
      expect((await rejection(getDocs(overLimit))).code).toBe('permission-denied');
      expect((await rejection(getCountFromServer(query(collection(alice.db, 'mine'))))).code).toBe(
        'permission-denied',
      );
    } finally {
      await alice.close();
    }
  });

  it('listeners: a denied document or query target reaches the error callback', async () => {
    const { collection, doc, onSnapshot } = await import('firebase/firestore');
    const bob = await webFirestore(target, projectId, { sub: 'bob' });
    try {
      const docError = await new Promise<unknown>((resolve) => {
        const stop: () => void = onSnapshot(
          doc(bob.db, 'mine/a1'),
          () => {},
          (e) => (stop(), resolve(e)),
        );
      });
      expect(code(docError)).toBe('permission-denied');
      const queryError = await new Promise<unknown>((resolve) => {
        const stop: () => void = onSnapshot(
          collection(bob.db, 'mine'),
          () => {},
          (e) => (stop(), resolve(e)),
        );
      });
      expect(code(queryError)).toBe('permission-denied');
      const seen = await new Promise<string[]>((resolve, reject) => {
        const stop: () => void = onSnapshot(
          doc(bob.db, 'mine/b1'),
          (s) => (stop(), resolve([s.id, String(s.get('owner'))])),
          reject,
        );
      });
      expect(seen).toEqual(['b1', 'bob']);
    } finally {
      await bob.close();
    }
  });

  it('a document listener is decided again on every change: it ends when the document stops being readable', async () => {
    const { collection, doc, onSnapshot, query, where, limit } = await import('firebase/firestore');
    await admin.db.doc('mine/moving').set({ owner: 'alice', n: 1 });
    const alice = await webFirestore(target, projectId, { sub: 'alice' });
    const docEvents: string[] = [];
    /** Per query snapshot: whether it holds the moving document (-1 for an error). */
    const queryEvents: (boolean | -1)[] = [];
    try {
      const stopDoc = onSnapshot(
        doc(alice.db, 'mine/moving'),
        (s) => docEvents.push(`n=${String(s.get('n'))}`),
        (e) => docEvents.push(`error ${e.code}`),
      );
      const stopQuery = onSnapshot(
        query(collection(alice.db, 'mine'), where('owner', '==', 'alice'), limit(10)),
        (s) => queryEvents.push(s.docs.some((d) => d.id === 'moving')),
        () => queryEvents.push(-1),
      );
      await waitFor(() => docEvents.length > 0 && queryEvents.at(-1) === true, 'the first snapshots');
      await admin.db.doc('mine/moving').update({ owner: 'bob', n: 2 });
      await waitFor(() => docEvents.includes('error permission-denied'), 'the document listener to be ended');
      await waitFor(() => queryEvents.at(-1) === false, 'the query to lose the document');
      // The document listener never sees bob's version; the query just loses the document.
      expect(docEvents).toEqual(['n=1', 'error permission-denied']);
      expect(queryEvents).not.toContain(-1);
      stopDoc();
      stopQuery();
    } finally {
      await alice.close();
    }
  });

  it('writes: create is judged on request.resource; a denied batch writes nothing', async () => {
    const { doc, setDoc, updateDoc, writeBatch } = await import('firebase/firestore');
    const alice = await webFirestore(target, projectId, { sub: 'alice' });
    try {
      await setDoc(doc(alice.db, 'mine/a2'), { owner: 'alice', n: 3 });
      expect((await admin.db.doc('mine/a2').get()).get('n')).toBe(3);
      expect((await rejection(setDoc(doc(alice.db, 'mine/a3'), { owner: 'bob' }))).code).toBe(
        'permission-denied',
      );
      // An existing document makes setDoc an update, which no rule allows.
      expect((await rejection(setDoc(doc(alice.db, 'mine/a2'), { owner: 'alice', n: 4 }))).code).toBe(
        'permission-denied',
      );
      const batch = writeBatch(alice.db);
      batch.set(doc(alice.db, 'open/from-batch'), { ok: true });
      batch.set(doc(alice.db, 'mine/a4'), { owner: 'mallory' });
      expect((await rejection(batch.commit())).code).toBe('permission-denied');
      expect((await admin.db.doc('open/from-batch').get()).exists).toBe(false);
      // A failed precondition is not a permission problem: updateDoc on a missing document is NOT_FOUND.
      expect((await rejection(updateDoc(doc(alice.db, 'open/missing'), { a: 1 }))).code).toBe('not-found');
    } finally {
      await alice.close();
    }
  });

  it('transactions: reads are gets under rules, and a denied commit aborts the whole transaction', async () => {
    const { doc, runTransaction } = await import('firebase/firestore');
    const alice = await webFirestore(target, projectId, { sub: 'alice' });
    try {
      await admin.db.doc('open/counter').set({ n: 1 });
      const denied = await rejection(
        runTransaction(alice.db, async (tx) => {
          const c = await tx.get(doc(alice.db, 'open/counter'));
          tx.update(doc(alice.db, 'open/counter'), { n: (c.get('n') as number) + 1 });
          tx.update(doc(alice.db, 'mine/a1'), { n: 99 });
        }),
      );
      expect(denied.code).toBe('permission-denied');
      expect((await admin.db.doc('open/counter').get()).get('n')).toBe(1);
      expect((await rejection(runTransaction(alice.db, (tx) => tx.get(doc(alice.db, 'mine/b1'))))).code).toBe(
        'permission-denied',
      );
    } finally {
      await alice.close();
    }
  });

  it('the Admin SDK bypasses rules', async () => {
    await admin.db.doc('mine/by-admin').set({ owner: 'nobody' });
    expect((await admin.db.doc('mine/by-admin').get()).get('owner')).toBe('nobody');
    expect((await admin.db.collection('mine').get()).size).toBeGreaterThanOrEqual(3);
  });
});

describe('REST under rules', () => {
  it('a denial is HTTP 403 with status PERMISSION_DENIED and the details text', async () => {
    const r = await rest(target, projectId, 'GET', '/mine/a1');
    expect(r.status).toBe(403);
    const error = (r.json as { error: { code: number; status: string; message: string } }).error;
    expect(error.code).toBe(403);
    expect(error.status).toBe('PERMISSION_DENIED');
    expect(error.message).toMatch(/for 'get' @ L\d+/);
  });

  it('an unsigned Auth-emulator token becomes request.auth with all its claims', async () => {
    const staff = unsignedIdToken(projectId, 'carol', { role: 'staff' });
    const guest = unsignedIdToken(projectId, 'dave', { role: 'guest' });
    expect((await rest(target, projectId, 'GET', '/staff/s1', { token: staff })).status).toBe(200);
    expect((await rest(target, projectId, 'GET', '/staff/s1', { token: guest })).status).toBe(403);
    expect(
      (await rest(target, projectId, 'GET', '/mine/a1', { token: unsignedIdToken(projectId, 'alice') }))
        .status,
    ).toBe(200);
  });

  it('queries, batch gets and commits are checked too; Bearer owner bypasses', async () => {
    const alice = unsignedIdToken(projectId, 'alice');
    const runQuery = (where?: object) => ({
      structuredQuery: { from: [{ collectionId: 'mine' }], limit: 5, ...(where && { where }) },
    });
    const ownerFilter = {
      fieldFilter: { field: { fieldPath: 'owner' }, op: 'EQUAL', value: { stringValue: 'alice' } },
    };
    expect(
      (await rest(target, projectId, 'POST', ':runQuery', { token: alice, body: runQuery(ownerFilter) }))
        .status,
    ).toBe(200);
    expect(
      (await rest(target, projectId, 'POST', ':runQuery', { token: alice, body: runQuery() })).status,
    ).toBe(403);
    expect(
      (await rest(target, projectId, 'POST', ':runQuery', { token: 'owner', body: runQuery() })).status,
    ).toBe(200);
    // A kind-less query (every collection, as recursiveDelete runs) names no collection rules could match.
    const kindless = { structuredQuery: { from: [{ allDescendants: true }] } };
    expect((await rest(target, projectId, 'POST', ':runQuery', { token: alice, body: kindless })).status).toBe(403);
    expect((await rest(target, projectId, 'POST', ':runQuery', { token: 'owner', body: kindless })).status).toBe(200);
    const name = (p: string) => `projects/${projectId}/databases/(default)/documents/${p}`;
    const batchGet = await rest(target, projectId, 'POST', ':batchGet', {
      token: alice,
      body: { documents: [name('mine/a1'), name('mine/b1')] },
    });
    expect(batchGet.status).toBe(403);
    const commit = await rest(target, projectId, 'POST', ':commit', {
      token: alice,
      body: { writes: [{ update: { name: name('mine/a9'), fields: { owner: { stringValue: 'bob' } } } }] },
    });
    expect(commit.status).toBe(403);
    expect((await rest(target, projectId, 'GET', '/mine/a9', { token: 'owner' })).status).toBe(404);
  });

  it('BatchWrite and ListCollectionIds are for the Admin SDK only, as in the official emulator', async () => {
    const alice = unsignedIdToken(projectId, 'alice');
    const name = (p: string) => `projects/${projectId}/databases/(default)/documents/${p}`;
    const writes = [{ update: { name: name('open/bw'), fields: { a: { integerValue: '1' } } } }];
    for (const token of [alice, undefined]) {
      const bw = await rest(target, projectId, 'POST', ':batchWrite', {
        ...(token && { token }),
        body: { writes },
      });
      expect(bw.status).toBe(403);
      expect((bw.json as { error: { message: string } }).error.message).toBe(
        'Batch writes require admin authentication.',
      );
      const ids = await rest(target, projectId, 'POST', ':listCollectionIds', {
        ...(token && { token }),
        body: {},
      });
      expect(ids.status).toBe(403);
      expect((ids.json as { error: { message: string } }).error.message).toBe(
        'Metadata operations require admin authentication.',
      );
    }
    expect((await admin.db.doc('open/bw').get()).exists).toBe(false);
    expect(
      (await rest(target, projectId, 'POST', ':batchWrite', { token: 'owner', body: { writes } })).status,
    ).toBe(200);
    expect(
      (await rest(target, projectId, 'POST', ':listCollectionIds', { token: 'owner', body: {} })).status,
    ).toBe(200);
  });
});

describe('a project without rules', () => {
  it('allows every request, as the official emulator does before rules are loaded', async () => {
    const { doc, getDoc, setDoc } = await import('firebase/firestore');
    const other = uniqueProjectId('rules-none');
    const anon = await webFirestore(target, other);
    try {
      await setDoc(doc(anon.db, 'anything/x'), { a: 1 });
      expect((await getDoc(doc(anon.db, 'anything/x'))).get('a')).toBe(1);
    } finally {
      await anon.close();
    }
  });
});
