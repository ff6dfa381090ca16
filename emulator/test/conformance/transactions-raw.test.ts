/**
 * Transaction semantics on the wire, through a plain gRPC client (the SDKs hide ids, retries and
 * lock waits): error codes of finished and read-only transactions, how the transaction id comes
 * back from a read with `newTransaction`, read-only snapshots, and (embedded only) this emulator's
 * lock schedule: reads lock, a second reader waits, a deadlock dooms the requester, a
 * non-transactional write waits for a transaction's lock (and, past the lock timeout, dooms it).
 */
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirestoreEmulator } from '../../src/emulator.js';
import { loadFirestoreService } from '../../src/protocol/grpc/service.js';
import {
  describeEmbeddedOnly,
  startTarget,
  uniqueProjectId,
  waitFor,
  type EmulatorTarget,
} from '../harness.js';

const EXPIRED = 'The referenced transaction has expired or is no longer valid.';

type Msg = Record<string, unknown>;
interface Timestamp {
  seconds: string;
  nanos?: number;
}

interface RpcError {
  code: number;
  details: string;
}

/** A minimal google.firestore.v1.Firestore client authenticated as `owner`, as the Admin SDK is. */
class Raw {
  private readonly client: grpc.Client & Record<string, (...args: unknown[]) => unknown>;
  private readonly md = new grpc.Metadata();

  constructor(hostAndPort: string) {
    const Firestore = grpc.makeGenericClientConstructor(loadFirestoreService(), 'Firestore');
    this.client = new Firestore(
      hostAndPort,
      grpc.credentials.createInsecure(),
    ) as typeof this.client;
    this.md.set('authorization', 'Bearer owner');
  }

  unary(method: string, req: Msg): Promise<Msg> {
    return new Promise((resolve, reject) => {
      this.client[method]!(req, this.md, (e: grpc.ServiceError | null, res: Msg) =>
        e ? reject(e) : resolve(res),
      );
    });
  }

  stream(method: string, req: Msg): Promise<Msg[]> {
    return new Promise((resolve, reject) => {
      const out: Msg[] = [];
      const call = this.client[method]!(req, this.md) as grpc.ClientReadableStream<Msg>;
      call.on('data', (m: Msg) => out.push(m));
      call.on('error', reject);
      call.on('end', () => resolve(out));
    });
  }

  close(): void {
    this.client.close();
  }
}

/** Resolves with the gRPC error a call fails with; fails the test if it succeeds. */
async function failure(p: Promise<unknown>): Promise<RpcError> {
  try {
    await p;
  } catch (e) {
    const { code, details } = e as RpcError;
    return { code, details };
  }
  throw new Error('expected the call to fail');
}

let target: EmulatorTarget;
let raw: Raw;
beforeAll(async () => {
  target = await startTarget();
  raw = new Raw(target.hostAndPort);
});
afterAll(async () => {
  raw.close();
  await target.stop();
});

/** Names and request builders for one fresh project. */
/** A fresh project on the suite's emulator, or on `at` (an embedded emulator of the test's own). */
function project(label: string, at?: { raw: Raw; emulator: FirestoreEmulator }) {
  const client = at?.raw ?? raw;
  const projectId = uniqueProjectId(label);
  const database = `projects/${projectId}/databases/(default)`;
  const name = (path: string) => `${database}/documents/${path}`;
  const set = (path: string, v: number) => ({
    update: { name: name(path), fields: { v: { integerValue: String(v) } } },
  });
  const commit = (writes: Msg[], transaction?: Buffer) =>
    client.unary('Commit', { database, writes, ...(transaction ? { transaction } : {}) });
  const begin = async (options?: Msg) =>
    (await client.unary('BeginTransaction', { database, ...(options ? { options } : {}) }))[
      'transaction'
    ] as Buffer;
  const rollback = (transaction: Buffer) => client.unary('Rollback', { database, transaction });
  const get = (paths: string[], selector: Msg = {}) =>
    client.stream('BatchGetDocuments', { database, documents: paths.map(name), ...selector });
  /** The integer `v` of each requested document (null when missing), in request order. */
  const values = async (paths: string[], selector: Msg = {}) => {
    const res = await get(paths, selector);
    return paths.map((p) => {
      const r = res.find(
        (m) => (m['found'] as Msg | undefined)?.['name'] === name(p) || m['missing'] === name(p),
      );
      const fields = (r?.['found'] as { fields?: { v?: { integerValue?: string } } } | undefined)?.fields;
      return fields?.v?.integerValue === undefined ? null : Number(fields.v.integerValue);
    });
  };
  const stats = () => (at?.emulator ?? target.embedded)?.registry.get(projectId).transactions.stats();
  return { projectId, database, name, set, commit, begin, rollback, get, values, stats };
}

describeEmbeddedOnly('a write waiting longer than the lock timeout', () => {
  const LOCK_TIMEOUT_MS = 300;
  let emulator: FirestoreEmulator;
  let own: Raw;
  beforeAll(async () => {
    emulator = new FirestoreEmulator({ database: { lockTimeoutMs: LOCK_TIMEOUT_MS } });
    await emulator.start();
    own = new Raw(emulator.hostAndPort);
  });
  afterAll(async () => {
    own?.close();
    await emulator?.stop();
  });

  it('dooms the transaction in its way (a client awaiting that write inside its transaction is not stuck for good)', async () => {
    const p = project('raw-wound', { raw: own, emulator });
    await p.commit([p.set('t/a', 1)]);
    const tx = await p.begin();
    await p.values(['t/a'], { transaction: tx });
    const started = Date.now();
    await p.commit([p.set('t/a', 5)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LOCK_TIMEOUT_MS - 20);
    expect(await failure(p.commit([p.set('t/a', 2)], tx))).toMatchObject({ code: 10 });
    expect(await p.values(['t/a'])).toEqual([5]);
    expect(p.stats()).toMatchObject({ locks: 0, waiting: 0 });
  });
});

describe('transaction errors on the wire', () => {
  it('Commit with a rolled-back transaction id → INVALID_ARGUMENT "expired", nothing written', async () => {
    const p = project('raw-tx');
    const tx = await p.begin();
    await p.rollback(tx);
    expect(await failure(p.commit([p.set('t/a', 1)], tx))).toEqual({ code: 3, details: EXPIRED });
    expect(await p.values(['t/a'])).toEqual([null]);
  });

  it('Rollback twice → the second fails with INVALID_ARGUMENT', async () => {
    const p = project('raw-tx');
    const tx = await p.begin();
    await p.rollback(tx);
    expect(await failure(p.rollback(tx))).toEqual({ code: 3, details: EXPIRED });
  });

  it('Commit twice, and Commit with an unknown id → INVALID_ARGUMENT "expired"', async () => {
    const p = project('raw-tx');
    const tx = await p.begin();
    await p.commit([p.set('t/a', 1)], tx);
    expect(await failure(p.commit([p.set('t/a', 2)], tx))).toEqual({ code: 3, details: EXPIRED });
    expect(await failure(p.commit([p.set('t/a', 3)], Buffer.from('not-a-transaction')))).toEqual({
      code: 3,
      details: EXPIRED,
    });
    expect(await p.values(['t/a'])).toEqual([1]);
  });

  it('reads in a read-only transaction, then Commit with writes → INVALID_ARGUMENT, nothing written; without writes it commits', async () => {
    const p = project('raw-tx');
    await p.commit([p.set('t/a', 1)]);
    const tx = await p.begin({ readOnly: {} });
    expect(await p.values(['t/a'], { transaction: tx })).toEqual([1]);
    const err = await failure(p.commit([p.set('t/a', 2)], tx));
    expect(err.code).toBe(3);
    expect(await p.values(['t/a'])).toEqual([1]);

    const tx2 = await p.begin({ readOnly: {} });
    await p.values(['t/a'], { transaction: tx2 });
    const ok = await p.commit([], tx2);
    expect(ok['commitTime']).toBeDefined();
  });

  it('a read with newTransaction returns the transaction id on its first response; Commit with it applies the writes at commitTime', async () => {
    const p = project('raw-tx');
    const res = await p.get(['t/a', 't/b'], { newTransaction: { readWrite: {} } });
    expect(res).toHaveLength(2);
    const tx = res[0]!['transaction'] as Buffer;
    expect(Buffer.isBuffer(tx) && tx.length > 0).toBe(true);
    expect(res.every((m) => m['missing'] !== undefined)).toBe(true);

    const q = await raw.stream('RunQuery', {
      parent: `${p.database}/documents`,
      structuredQuery: { from: [{ collectionId: 't' }] },
      newTransaction: { readOnly: {} },
    });
    expect((q[0]!['transaction'] as Buffer).length).toBeGreaterThan(0);

    const out = await p.commit([p.set('t/a', 1), p.set('t/b', 2)], tx);
    const commitTime = out['commitTime'] as Timestamp;
    const results = out['writeResults'] as { updateTime: Timestamp }[];
    expect(results.map((r) => r.updateTime)).toEqual([commitTime, commitTime]);
    const after = await p.get(['t/a']);
    expect((after[0]!['found'] as { updateTime: Timestamp }).updateTime).toEqual(commitTime);
  });

  it('a read-only transaction reads one snapshot: at its start, or at the readTime it was given', async () => {
    const p = project('raw-tx');
    const first = (await p.commit([p.set('t/a', 1), p.set('t/b', 1)]))['commitTime'] as Timestamp;
    const ro = await p.begin({ readOnly: {} });
    await p.commit([p.set('t/a', 2), { delete: p.name('t/b') }, p.set('t/c', 2)]);
    expect(await p.values(['t/a', 't/b', 't/c'], { transaction: ro })).toEqual([1, 1, null]);
    expect(await p.values(['t/a', 't/b', 't/c'])).toEqual([2, null, 2]);

    const past = await p.begin({ readOnly: { readTime: first } });
    expect(await p.values(['t/a', 't/b', 't/c'], { transaction: past })).toEqual([1, 1, null]);
    const q = await raw.stream('RunQuery', {
      parent: `${p.database}/documents`,
      structuredQuery: { from: [{ collectionId: 't' }] },
      transaction: past,
    });
    expect(q.map((m) => (m['document'] as Msg | undefined)?.['name'])).toEqual([
      p.name('t/a'),
      p.name('t/b'),
    ]);
    // Every response of a read at a read time carries that read time.
    expect(q.every((m) => JSON.stringify(m['readTime']) === JSON.stringify(first))).toBe(true);
  });

  it('a read-only transaction takes no locks: a read-write transaction on the same document commits at once', async () => {
    const p = project('raw-tx');
    await p.commit([p.set('t/a', 1)]);
    const ro = await p.begin({ readOnly: {} });
    expect(await p.values(['t/a'], { transaction: ro })).toEqual([1]);
    const rw = await p.begin();
    expect(await p.values(['t/a'], { transaction: rw })).toEqual([1]);
    await p.commit([p.set('t/a', 2)], rw);
    expect(await p.values(['t/a'], { transaction: ro })).toEqual([1]);
    expect(await p.values(['t/a'])).toEqual([2]);
  });
});

describeEmbeddedOnly("this emulator's lock schedule", () => {
  it("a read-write read locks the document: a second transaction reading it waits, then sees the first one's write", async () => {
    const p = project('raw-lock');
    await p.commit([p.set('t/a', 1)]);
    const t1 = await p.begin();
    expect(await p.values(['t/a'], { transaction: t1 })).toEqual([1]);
    const t2 = await p.begin();
    const waiting = p.values(['t/a'], { transaction: t2 });
    await waitFor(() => p.stats()!.waiting === 1, 't2 to queue for the lock');
    await p.commit([p.set('t/a', 2)], t1);
    expect(await waiting).toEqual([2]);
    await p.commit([p.set('t/a', 3)], t2);
    expect(await p.values(['t/a'])).toEqual([3]);
    expect(p.stats()).toMatchObject({ locks: 0, waiting: 0 });
  });

  it('a deadlock dooms the transaction that would close it: it reads on, unlocked, and its commit is ABORTED', async () => {
    const p = project('raw-lock');
    await p.commit([p.set('t/a', 1), p.set('t/b', 1)]);
    const t1 = await p.begin();
    const t2 = await p.begin();
    expect(await p.values(['t/a'], { transaction: t1 })).toEqual([1]);
    expect(await p.values(['t/b'], { transaction: t2 })).toEqual([1]);
    const t1ReadsB = p.values(['t/b'], { transaction: t1 });
    await waitFor(() => p.stats()!.waiting === 1, 't1 to queue for t/b');
    // t2 now wants t/a, held by t1, which waits for t2: t2 gives way instead of waiting.
    expect(await p.values(['t/a'], { transaction: t2 })).toEqual([1]);
    expect(await t1ReadsB).toEqual([1]);
    await p.commit([p.set('t/a', 2), p.set('t/b', 2)], t1);
    expect(await failure(p.commit([p.set('t/a', 9), p.set('t/b', 9)], t2))).toMatchObject({ code: 10 });
    expect(await p.values(['t/a', 't/b'])).toEqual([2, 2]);
    expect(p.stats()).toMatchObject({ locks: 0, waiting: 0 });
  });

  it('a doomed transaction keeps reading the snapshot of the moment it gave way', async () => {
    const p = project('raw-lock');
    await p.commit([p.set('t/a', 1), p.set('t/b', 1), p.set('t/c', 1)]);
    const t1 = await p.begin();
    const t2 = await p.begin();
    await p.values(['t/a'], { transaction: t1 });
    await p.values(['t/b'], { transaction: t2 });
    const t1ReadsB = p.values(['t/b'], { transaction: t1 });
    await waitFor(() => p.stats()!.waiting === 1, 't1 to queue for t/b');
    await p.values(['t/a'], { transaction: t2 }); // doomed here
    await t1ReadsB;
    await p.commit([p.set('t/b', 2), p.set('t/c', 2)], t1);
    expect(await p.values(['t/b', 't/c'], { transaction: t2 })).toEqual([1, 1]);
    await p.rollback(t2);
  });

  it('a non-transactional write waits for the lock of a transaction that read the document, and applies after its commit', async () => {
    const p = project('raw-lock');
    await p.commit([p.set('t/a', 1)]);
    const tx = await p.begin();
    expect(await p.values(['t/a'], { transaction: tx })).toEqual([1]);
    let applied = false;
    const write = p.commit([p.set('t/a', 5)]).then(() => (applied = true));
    await waitFor(() => p.stats()!.waiting === 1, 'the write to queue for t/a');
    expect(applied).toBe(false);
    await p.commit([p.set('t/a', 2)], tx);
    await write;
    expect(await p.values(['t/a'])).toEqual([5]);
    expect(p.stats()).toMatchObject({ locks: 0, waiting: 0 });
  });

  it('a transaction that would close a cycle with a waiting write gives way: the write applies, the commit is ABORTED', async () => {
    const p = project('raw-lock');
    await p.commit([p.set('t/a', 1), p.set('t/b', 1)]);
    const tx = await p.begin();
    expect(await p.values(['t/b'], { transaction: tx })).toEqual([1]);
    // The write locks t/a, then queues for t/b (held by tx); tx reading t/a would wait for the write.
    const write = p.commit([p.set('t/a', 7), p.set('t/b', 7)]);
    await waitFor(() => p.stats()!.waiting === 1, 'the write to queue for t/b');
    expect(await p.values(['t/a'], { transaction: tx })).toEqual([1]);
    await write;
    expect(await failure(p.commit([p.set('t/a', 9)], tx))).toMatchObject({ code: 10 });
    expect(await p.values(['t/a', 't/b'])).toEqual([7, 7]);
    expect(p.stats()).toMatchObject({ locks: 0, waiting: 0 });
  });

  it('BeginTransaction with retryTransaction ends the previous attempt and releases its locks', async () => {
    const p = project('raw-lock');
    await p.commit([p.set('t/a', 1)]);
    const first = await p.begin();
    await p.values(['t/a'], { transaction: first });
    expect(p.stats()).toMatchObject({ locks: 1 });
    const retry = await p.begin({ readWrite: { retryTransaction: first } });
    expect(p.stats()).toMatchObject({ locks: 0 });
    expect(await failure(p.commit([p.set('t/a', 2)], first))).toEqual({ code: 3, details: EXPIRED });
    expect(await p.values(['t/a'], { transaction: retry })).toEqual([1]);
    await p.commit([p.set('t/a', 3)], retry);
    expect(await p.values(['t/a'])).toEqual([3]);
  });

  it('a transaction that reads nothing locks only what it writes, at commit', async () => {
    const p = project('raw-lock');
    const t1 = await p.begin();
    const t2 = await p.begin();
    await p.values(['t/x'], { transaction: t2 });
    // t1 writes t/x, locked by t2's read: its commit waits until t2 ends.
    const committing = p.commit([p.set('t/x', 1)], t1);
    await waitFor(() => p.stats()!.waiting === 1, 't1 commit to queue for t/x');
    await p.rollback(t2);
    await committing;
    expect(await p.values(['t/x'])).toEqual([1]);
  });
});
