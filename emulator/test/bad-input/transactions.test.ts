/**
 * Transaction ids that are unknown, finished or expired. Cloud Firestore answers all of them with
 * INVALID_ARGUMENT "The referenced transaction has expired or is no longer valid."; the writes
 * sent with them are not applied, and their locks do not outlive them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FirestoreEmulator } from '../../src/emulator.js';
import { adminFirestore, describeEmbeddedOnly, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { expectStatus, status } from './expect-status.js';
import { dbName, docName, RawFirestore } from './raw-firestore.js';
import { Sentinel } from './sentinel.js';

const EXPIRED = /^The referenced transaction has expired or is no longer valid\.$/;

/** Fixed pseudo-random ids (a seeded generator, so every run sends the same bytes). */
function fakeIds(seed: number, count: number): Buffer[] {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s & 0xff);
  return Array.from({ length: count }, (_, i) => Buffer.from(Array.from({ length: [16, 1, 64, 7][i % 4]! }, next)));
}

async function begin(raw: RawFirestore, database: string, options?: object): Promise<Buffer> {
  const outcome = await raw.call('BeginTransaction', { database, ...(options ? { options } : {}) });
  expectStatus(outcome, status.OK);
  return (outcome.responses[0] as { transaction: Buffer }).transaction;
}

describe('invalid transactions', () => {
  let target: EmulatorTarget;
  let raw: RawFirestore;
  let admin: Awaited<ReturnType<typeof adminFirestore>>;
  let sentinel: Sentinel;
  const projectId = uniqueProjectId('tx');
  const database = dbName(projectId);
  const write = (path: string) => ({ update: { name: docName(projectId, path), fields: { by: { stringValue: 'tx' } } } });
  const absent = async (path: string) => expectStatus(await raw.call('GetDocument', { name: docName(projectId, path) }), status.NOT_FOUND);

  beforeAll(async () => {
    target = await startTarget();
    raw = new RawFirestore(target.hostAndPort);
    admin = await adminFirestore(projectId);
    sentinel = await Sentinel.plant(admin.db, raw, projectId);
  });
  // Every case, not just the suite, must leave the server serving and the planted data untouched.
  afterEach(() => sentinel.assertUnchanged());
  afterAll(async () => {
    raw?.close();
    await admin?.close();
    await target?.stop();
  });

  const SEED = 20240611;
  it.each(fakeIds(SEED, 4).map((id) => ({ id, hex: id.toString('hex').slice(0, 16) })))(
    `Commit with a made-up transaction id ($hex…, seed ${SEED}) → INVALID_ARGUMENT, write not applied`,
    async ({ id }) => {
      expectStatus(await raw.call('Commit', { database, transaction: id, writes: [write('tx/made-up')] }), status.INVALID_ARGUMENT, EXPIRED);
      await absent('tx/made-up');
    },
  );

  it('reads with a made-up transaction id → INVALID_ARGUMENT', async () => {
    const [id] = fakeIds(SEED + 1, 1);
    const name = docName(projectId, 'sentinel/a');
    expectStatus(await raw.call('BatchGetDocuments', { database, documents: [name], transaction: id }), status.INVALID_ARGUMENT, EXPIRED);
    expectStatus(await raw.call('GetDocument', { name, transaction: id }), status.INVALID_ARGUMENT, EXPIRED);
    expectStatus(await raw.call('RunQuery', { parent: docName(projectId), structuredQuery: { from: [{ collectionId: 'sentinel' }] }, transaction: id }), status.INVALID_ARGUMENT, EXPIRED);
  });

  it('Rollback with no transaction id → INVALID_ARGUMENT', async () => {
    expectStatus(await raw.call('Rollback', { database }), status.INVALID_ARGUMENT, EXPIRED);
  });

  it('Commit after Rollback → INVALID_ARGUMENT, write not applied', async () => {
    const tx = await begin(raw, database);
    expectStatus(await raw.call('Rollback', { database, transaction: tx }), status.OK);
    expectStatus(await raw.call('Commit', { database, transaction: tx, writes: [write('tx/after-rollback')] }), status.INVALID_ARGUMENT, EXPIRED);
    await absent('tx/after-rollback');
  });

  it('Rollback twice → the second is INVALID_ARGUMENT', async () => {
    const tx = await begin(raw, database);
    expectStatus(await raw.call('Rollback', { database, transaction: tx }), status.OK);
    expectStatus(await raw.call('Rollback', { database, transaction: tx }), status.INVALID_ARGUMENT, EXPIRED);
  });

  it('Commit twice → the second is INVALID_ARGUMENT and its write is not applied', async () => {
    const tx = await begin(raw, database);
    expectStatus(await raw.call('Commit', { database, transaction: tx, writes: [] }), status.OK);
    expectStatus(await raw.call('Commit', { database, transaction: tx, writes: [write('tx/second-commit')] }), status.INVALID_ARGUMENT, EXPIRED);
    await absent('tx/second-commit');
  });

  it("a transaction id used in another project's database → INVALID_ARGUMENT", async () => {
    const tx = await begin(raw, database);
    const other = dbName(uniqueProjectId('tx-other'));
    expectStatus(await raw.call('Commit', { database: other, transaction: tx, writes: [] }), status.INVALID_ARGUMENT, EXPIRED);
    expectStatus(await raw.call('Rollback', { database, transaction: tx }), status.OK);
  });

  it('a failed commit ends the transaction: the same id cannot commit again', async () => {
    const tx = await begin(raw, database);
    const bad = { update: { name: docName(projectId, 'tx/bad//name'), fields: {} } };
    expectStatus(await raw.call('Commit', { database, transaction: tx, writes: [write('tx/with-bad'), bad] }), status.INVALID_ARGUMENT, /empty path segment/);
    expectStatus(await raw.call('Commit', { database, transaction: tx, writes: [write('tx/with-bad')] }), status.INVALID_ARGUMENT, EXPIRED);
    await absent('tx/with-bad');
  });

  it('a read-only transaction that writes → INVALID_ARGUMENT, write not applied', async () => {
    const tx = await begin(raw, database, { readOnly: {} });
    expectStatus(await raw.call('Commit', { database, transaction: tx, writes: [write('tx/read-only')] }), status.INVALID_ARGUMENT, /read-only transaction/);
    await absent('tx/read-only');
  });

  it('a read-only transaction at a future read time → INVALID_ARGUMENT', async () => {
    const future = { seconds: String(Math.floor(Date.now() / 1000) + 3600) };
    expectStatus(await raw.call('BeginTransaction', { database, options: { readOnly: { readTime: future } } }), status.INVALID_ARGUMENT, /in the future/);
  });

  it('afterwards an Admin SDK transaction works and the stored data is unchanged', async () => {
    const ref = admin.db.doc('ok-tx/counter');
    await admin.db.runTransaction(async (t) => {
      const snap = await t.get(ref);
      t.set(ref, { n: (snap.get('n') ?? 0) + 1 });
    });
    expect((await ref.get()).get('n')).toBe(1);
    await sentinel.assertIntact();
  });
});

describeEmbeddedOnly('idle transaction expiry', () => {
  const IDLE_MS = 200;
  let emulator: FirestoreEmulator;
  let raw: RawFirestore;
  const projectId = uniqueProjectId('tx-idle');
  const database = dbName(projectId);
  const name = docName(projectId, 'c/locked');

  beforeAll(async () => {
    // A lock timeout far below the test timeout: if the expired transaction kept its lock, the
    // second transaction below would be ABORTED after waiting, not committed.
    emulator = new FirestoreEmulator({ database: { idleTimeoutMs: IDLE_MS, lockTimeoutMs: 3000 } });
    await emulator.start();
    raw = new RawFirestore(emulator.hostAndPort);
  });
  afterAll(async () => {
    raw?.close();
    await emulator?.stop();
  });

  it(`a transaction idle for longer than ${IDLE_MS} ms cannot commit, and its lock is released`, async () => {
    expectStatus(await raw.call('Commit', { database, writes: [{ update: { name, fields: { v: { integerValue: '1' } } } }] }), status.OK);
    const stale = await begin(raw, database);
    expectStatus(await raw.call('BatchGetDocuments', { database, documents: [name], transaction: stale }), status.OK);
    await new Promise((r) => setTimeout(r, IDLE_MS * 2));

    const commit = await raw.call('Commit', { database, transaction: stale, writes: [{ update: { name, fields: { v: { integerValue: '2' } } } }] });
    expectStatus(commit, status.INVALID_ARGUMENT, EXPIRED);

    const fresh = await begin(raw, database);
    const started = Date.now();
    expectStatus(await raw.call('BatchGetDocuments', { database, documents: [name], transaction: fresh }), status.OK);
    expectStatus(await raw.call('Commit', { database, transaction: fresh, writes: [{ update: { name, fields: { v: { integerValue: '3' } } } }] }), status.OK);
    expect(Date.now() - started, 'the fresh transaction waited for a lock').toBeLessThan(1000);

    const got = await raw.call('GetDocument', { name });
    expect((got.responses[0] as { fields: unknown }).fields).toEqual({ v: { integerValue: '3', valueType: 'integerValue' } });
  });

  it('an idle transaction is expired even if nothing else touches the database (sweep on use)', async () => {
    const tx = await begin(raw, database);
    await new Promise((r) => setTimeout(r, IDLE_MS * 2));
    expectStatus(await raw.call('Rollback', { database, transaction: tx }), status.INVALID_ARGUMENT, EXPIRED);
  });
});
