/**
 * Transactions through both Node SDKs. firebase-admin runs server-side transactions (reads lock,
 * BeginTransaction lazily through the first read, Commit with the id, retry with
 * `retryTransaction`); the web SDK runs client-side optimistic ones (plain BatchGetDocuments, then
 * a Commit whose writes carry `updateTime`/`exists` preconditions and `verify` writes for documents
 * read but not written). Both must give serializable results under contention.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  adminFirestore,
  startTarget,
  uniqueProjectId,
  waitFor,
  webFirestore,
  type EmulatorTarget,
} from '../harness.js';
import { SDKS, type SdkName } from './listen-clients.js';

let target: EmulatorTarget;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target.stop();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Data = Record<string, unknown>;

/** The part of a transaction both SDKs share. */
interface TxOps {
  get(path: string): Promise<{ exists: boolean; data: Data | undefined }>;
  set(path: string, data: Data): void;
  update(path: string, data: Data): void;
  delete(path: string): void;
}

interface TxClient {
  readonly name: SdkName;
  run<T>(fn: (tx: TxOps) => Promise<T>): Promise<T>;
  read(path: string): Promise<Data | undefined>;
  write(path: string, data: Data): Promise<void>;
  remove(path: string): Promise<void>;
}

async function txClient(name: SdkName, projectId: string): Promise<TxClient> {
  if (name === 'admin') {
    const { db, close } = await adminFirestore(projectId);
    cleanups.push(close);
    return {
      name,
      run: (fn) =>
        db.runTransaction((t) =>
          fn({
            get: async (p) => {
              const s = await t.get(db.doc(p));
              return { exists: s.exists, data: s.data() };
            },
            set: (p, d) => void t.set(db.doc(p), d),
            update: (p, d) => void t.update(db.doc(p), d),
            delete: (p) => void t.delete(db.doc(p)),
          }),
        ),
      read: async (p) => (await db.doc(p).get()).data(),
      write: async (p, d) => void (await db.doc(p).set(d)),
      remove: async (p) => void (await db.doc(p).delete()),
    };
  }
  const { db, close } = await webFirestore(target, projectId);
  cleanups.push(close);
  const fs = await import('firebase/firestore');
  return {
    name,
    run: (fn) =>
      fs.runTransaction(db, (t) =>
        fn({
          get: async (p) => {
            const s = await t.get(fs.doc(db, p));
            return { exists: s.exists(), data: s.data() };
          },
          set: (p, d) => void t.set(fs.doc(db, p), d),
          update: (p, d) => void t.update(fs.doc(db, p), d),
          delete: (p) => void t.delete(fs.doc(db, p)),
        }),
      ),
    read: async (p) => (await fs.getDoc(fs.doc(db, p))).data(),
    write: (p, d) => fs.setDoc(fs.doc(db, p), d),
    remove: (p) => fs.deleteDoc(fs.doc(db, p)),
  };
}

/** A fresh project, the SDK under test, and an admin client for setup and checks. */
async function setup(sdk: SdkName) {
  const projectId = uniqueProjectId(`tx-${sdk}`);
  const client = await txClient(sdk, projectId);
  const other = await txClient('admin', projectId);
  /** Server-side transaction bookkeeping (embedded emulator only). */
  const stats = () => target.embedded?.registry.get(projectId).transactions.stats();
  return { projectId, client, other, stats };
}

const num = (d: Data | undefined, f: string): number => {
  const v = d?.[f];
  if (typeof v !== 'number') throw new Error(`expected a number in ${f}, got ${JSON.stringify(d)}`);
  return v;
};

describe.each(SDKS)('transactions through %s', (sdk) => {
  it('50 concurrent read-modify-write increments of one counter end at exactly 50', async () => {
    const { client, other } = await setup(sdk);
    await other.write('counters/c', { n: 0 });
    let attempts = 0;
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        client.run(async (tx) => {
          attempts++;
          const s = await tx.get('counters/c');
          const n = num(s.data, 'n') + 1;
          tx.update('counters/c', { n });
          return n;
        }),
      ),
    );
    expect(await other.read('counters/c')).toEqual({ n: 50 });
    // Each committed attempt saw a distinct value: no increment was lost or applied twice.
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(attempts).toBeGreaterThanOrEqual(50);
  });

  it('20 concurrent transfers between two accounts, read in opposite orders, conserve the total', async () => {
    const { client, other, stats } = await setup(sdk);
    await other.write('accounts/a', { balance: 1000 });
    await other.write('accounts/b', { balance: 1000 });
    const transfers = Array.from({ length: 20 }, (_, i) => ({
      from: i % 2 ? 'a' : 'b',
      to: i % 2 ? 'b' : 'a',
      amount: i + 1,
    }));
    await Promise.all(
      transfers.map(({ from, to, amount }) =>
        client.run(async (tx) => {
          // Reading `from` first makes half the transactions lock in the other order.
          const f = await tx.get(`accounts/${from}`);
          const t = await tx.get(`accounts/${to}`);
          tx.update(`accounts/${from}`, { balance: num(f.data, 'balance') - amount });
          tx.update(`accounts/${to}`, { balance: num(t.data, 'balance') + amount });
        }),
      ),
    );
    const a = num(await other.read('accounts/a'), 'balance');
    const b = num(await other.read('accounts/b'), 'balance');
    const net = transfers.reduce((s, t) => s + (t.from === 'a' ? -t.amount : t.amount), 0);
    expect({ a, b }).toEqual({ a: 1000 + net, b: 1000 - net });
    expect(a + b).toBe(2000);
    const st = stats();
    if (st) await waitFor(() => stats()!.locks === 0, 'every lock to be released');
  });

  it('a transaction that reads and then throws writes nothing and releases what it read', async () => {
    const { client, other, stats } = await setup(sdk);
    await other.write('docs/a', { v: 1 });
    let attempts = 0;
    await expect(
      client.run(async (tx) => {
        attempts++;
        const s = await tx.get('docs/a');
        tx.update('docs/a', { v: num(s.data, 'v') + 1 });
        tx.set('docs/b', { v: 1 });
        tx.delete('docs/a');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(attempts).toBe(1);
    expect(await other.read('docs/a')).toEqual({ v: 1 });
    expect(await other.read('docs/b')).toBeUndefined();
    if (stats())
      await waitFor(() => stats()!.locks === 0 && stats()!.active === 0, 'the transaction to be rolled back');
    // The document is free: another transaction reads and writes it at once.
    await other.run(async (tx) => {
      const s = await tx.get('docs/a');
      tx.update('docs/a', { v: num(s.data, 'v') + 10 });
    });
    expect(await other.read('docs/a')).toEqual({ v: 11 });
  });

  it('a transaction on a missing document creates it; concurrent create-or-increment transactions count exactly', async () => {
    const { client, other } = await setup(sdk);
    const first = await client.run(async (tx) => {
      const s = await tx.get('docs/new');
      if (!s.exists) tx.set('docs/new', { created: true });
      return s.exists;
    });
    expect(first).toBe(false);
    expect(await other.read('docs/new')).toEqual({ created: true });

    await Promise.all(
      Array.from({ length: 10 }, () =>
        client.run(async (tx) => {
          const s = await tx.get('tallies/t');
          if (s.exists) tx.update('tallies/t', { n: num(s.data, 'n') + 1 });
          else tx.set('tallies/t', { n: 1 });
        }),
      ),
    );
    expect(await other.read('tallies/t')).toEqual({ n: 10 });
  });

  it('a transaction that deletes a document it read; a concurrent reader sees it before or after, never half', async () => {
    const { client, other } = await setup(sdk);
    await other.write('pairs/a', { v: 1 });
    await other.write('pairs/b', { v: 1 });
    const [, observed] = await Promise.all([
      client.run(async (tx) => {
        await tx.get('pairs/a');
        await tx.get('pairs/b');
        tx.delete('pairs/a');
        tx.delete('pairs/b');
      }),
      other.run(async (tx) => {
        const a = await tx.get('pairs/a');
        const b = await tx.get('pairs/b');
        return [a.exists, b.exists];
      }),
    ]);
    expect([
      [true, true],
      [false, false],
    ]).toContainEqual(observed);
    expect(await other.read('pairs/a')).toBeUndefined();
    expect(await other.read('pairs/b')).toBeUndefined();
  });
});

// Optimistic (web SDK): nothing is locked, so another client's write lands between the read and the
// commit, the commit's preconditions fail and the SDK retries. firebase-admin's reads lock instead
// (next block): there the same write would wait for the transaction, which here awaits the write.
describe('web SDK: optimistic transactions', () => {
  it('a transaction whose read document changes underneath it (non-transactional write) is retried and sees the new value', async () => {
    const { client, other } = await setup('web');
    await other.write('docs/x', { v: 1 });
    const seen: number[] = [];
    const result = await client.run(async (tx) => {
      const s = await tx.get('docs/x');
      seen.push(num(s.data, 'v'));
      // First attempt only: another client overwrites the document between our read and commit.
      if (seen.length === 1) await other.write('docs/x', { v: 100 });
      tx.update('docs/x', { v: num(s.data, 'v') + 1 });
      return num(s.data, 'v') + 1;
    });
    expect(seen).toEqual([1, 100]);
    expect(result).toBe(101);
    expect(await other.read('docs/x')).toEqual({ v: 101 });
  });

  // The web SDK checks what it read through preconditions: `verify` for a document read but not
  // written, `exists: false` for one read as missing.
  it.each([
    {
      what: 'a document it only read (not written) is changed',
      before: { a: 1 } as Record<string, number>,
      meddle: (o: TxClient) => o.write('docs/a', { v: 10 }),
      expectSeen: [{ a: 1 }, { a: 10 }],
    },
    {
      what: 'a document it read as missing is created',
      before: {} as Record<string, number>,
      meddle: (o: TxClient) => o.write('docs/a', { v: 5 }),
      expectSeen: [{ a: null }, { a: 5 }],
    },
    {
      what: 'a document it read is deleted',
      before: { a: 3 } as Record<string, number>,
      meddle: (o: TxClient) => o.remove('docs/a'),
      expectSeen: [{ a: 3 }, { a: null }],
    },
  ])(
    'a transaction is retried when $what between its read and its commit',
    async ({ before, meddle, expectSeen }) => {
      const { client, other } = await setup('web');
      for (const [id, v] of Object.entries(before)) await other.write(`docs/${id}`, { v });
      const seen: Record<string, number | null>[] = [];
      await client.run(async (tx) => {
        const a = await tx.get('docs/a');
        const va = a.exists ? num(a.data, 'v') : null;
        seen.push({ a: va });
        if (seen.length === 1) await meddle(other);
        tx.set('docs/sum', { from: va });
      });
      expect(seen).toEqual(expectSeen);
      expect(await other.read('docs/sum')).toEqual({ from: expectSeen[1]!.a });
    },
  );

});

describe('firebase-admin: reads lock, writes wait', () => {
  it('a non-transactional write to a document a transaction read waits until the transaction commits; the transaction is not retried', async () => {
    const { client, other } = await setup('admin');
    await other.write('docs/x', { v: 1 });
    const order: string[] = [];
    let attempts = 0;
    let write: Promise<void> | undefined;
    await client.run(async (tx) => {
      attempts++;
      const s = await tx.get('docs/x');
      if (!write) write = other.write('docs/x', { v: 100 }).then(() => void order.push('write applied'));
      // Long enough for the write to reach the emulator and queue behind our lock.
      await new Promise((r) => setTimeout(r, 300));
      tx.update('docs/x', { v: num(s.data, 'v') + 1 });
      order.push('transaction commits');
    });
    await write;
    expect(attempts).toBe(1);
    // The write was answered only after the transaction's commit was sent, and it landed last.
    expect(order).toEqual(['transaction commits', 'write applied']);
    expect(await other.read('docs/x')).toEqual({ v: 100 });
  });

  it('a batch waits the same way', async () => {
    const { client, other, projectId } = await setup('admin');
    await other.write('docs/y', { v: 1 });
    const { db, close } = await adminFirestore(projectId);
    cleanups.push(close);
    let batch: Promise<unknown> | undefined;
    let applied = false;
    await client.run(async (tx) => {
      const s = await tx.get('docs/y');
      batch ??= db.batch().set(db.doc('docs/y'), { v: 50 }).set(db.doc('docs/z'), { v: 50 }).commit().then(() => (applied = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(applied).toBe(false);
      tx.update('docs/y', { v: num(s.data, 'v') + 1 });
    });
    await batch;
    expect(await other.read('docs/y')).toEqual({ v: 50 });
    expect(await other.read('docs/z')).toEqual({ v: 50 });
  });
});

describe('firebase-admin only', () => {
  it('tx.create on an existing document fails with ALREADY_EXISTS and is not retried', async () => {
    const projectId = uniqueProjectId('tx-admin');
    const { db, close } = await adminFirestore(projectId);
    cleanups.push(close);
    await db.doc('users/u1').set({ name: 'Ada' });
    let attempts = 0;
    const err = await db
      .runTransaction(async (tx) => {
        attempts++;
        await tx.get(db.doc('users/u2'));
        tx.create(db.doc('users/u1'), { name: 'Grace' });
      })
      .then(
        () => undefined,
        (e: unknown) => e as { code?: number; message?: string },
      );
    expect(err?.code).toBe(6);
    expect(err?.message).toContain('Document already exists');
    expect(err?.message).toContain(`projects/${projectId}/databases/(default)/documents/users/u1`);
    expect(attempts).toBe(1);
    expect((await db.doc('users/u1').get()).data()).toEqual({ name: 'Ada' });
  });

  it('read-only transactions read one consistent snapshot', async () => {
    const projectId = uniqueProjectId('tx-ro');
    const { db, close } = await adminFirestore(projectId);
    cleanups.push(close);
    await db.doc('ro/a').set({ v: 1 });
    await db.doc('ro/b').set({ v: 1 });
    const seen = await db.runTransaction(
      async (tx) => {
        const a = await tx.get(db.doc('ro/a'));
        // Both change after the transaction's first read; the second read still sees the snapshot.
        await db.doc('ro/a').set({ v: 2 });
        await db.doc('ro/b').set({ v: 2 });
        const b = await tx.get(db.doc('ro/b'));
        const q = await tx.get(db.collection('ro'));
        return { a: a.data(), b: b.data(), q: q.docs.map((d) => d.data()) };
      },
      { readOnly: true },
    );
    expect(seen).toEqual({ a: { v: 1 }, b: { v: 1 }, q: [{ v: 1 }, { v: 1 }] });
    expect((await db.doc('ro/b').get()).data()).toEqual({ v: 2 });
  });

  it('a read-only transaction at a past readTime returns the versions of that time', async () => {
    const projectId = uniqueProjectId('tx-rt');
    const { db, close } = await adminFirestore(projectId);
    cleanups.push(close);
    const { Timestamp } = await import('firebase-admin/firestore');
    const before = await db.doc('hist/a').set({ v: 1 });
    const t1 = (await db.doc('hist/b').set({ v: 1 })).writeTime;
    await db.doc('hist/a').set({ v: 2 });
    await db.doc('hist/b').delete();
    await db.doc('hist/c').set({ v: 1 });

    const at = await db.runTransaction(
      async (tx) => {
        const [a, b, c] = await tx.getAll(db.doc('hist/a'), db.doc('hist/b'), db.doc('hist/c'));
        const single = await tx.get(db.doc('hist/a'));
        const q = await tx.get(db.collection('hist').orderBy('v'));
        return {
          docs: [a, b, c].map((s) => (s!.exists ? s!.data() : null)),
          single: single.data(),
          readTime: single.readTime,
          query: q.docs.map((d) => d.id),
        };
      },
      { readOnly: true, readTime: t1 },
    );
    expect(at.docs).toEqual([{ v: 1 }, { v: 1 }, null]);
    expect(at.single).toEqual({ v: 1 });
    expect(at.readTime.isEqual(t1)).toBe(true);
    expect(at.query).toEqual(['a', 'b']);

    // Before hist/b existed, only hist/a did.
    const earlier = await db.runTransaction((tx) => tx.getAll(db.doc('hist/a'), db.doc('hist/b')), {
      readOnly: true,
      readTime: before.writeTime,
    });
    expect(earlier.map((s) => s.exists)).toEqual([true, false]);
    // And the present is unchanged by reading the past.
    const now = await db.getAll(db.doc('hist/a'), db.doc('hist/b'), db.doc('hist/c'));
    expect(now.map((s) => (s.exists ? s.data() : null))).toEqual([{ v: 2 }, null, { v: 1 }]);
    // A read time in the future is refused.
    const future = Timestamp.fromMillis(Date.now() + 3_600_000);
    await expect(
      db.runTransaction((tx) => tx.get(db.doc('hist/a')), { readOnly: true, readTime: future }),
    ).rejects.toMatchObject({
      code: 3,
    });
  });
});
