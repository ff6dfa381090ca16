/**
 * Production limits at their edges: 1 MiB documents (by Cloud Firestore's storage-size formula),
 * 500 writes per request, and nesting depth. Exactly at a limit is accepted; one past it is
 * INVALID_ARGUMENT, and then nothing of the request is stored.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { expectStatus, status } from './expect-status.js';
import { commitWithField, nestedMapValue } from './proto-bytes.js';
import { dbName, docName, RawFirestore } from './raw-firestore.js';
import { Sentinel } from './sentinel.js';

const MAX_DOCUMENT_BYTES = 1_048_576;
const TOO_BIG = /cannot be written because its size \([\d,]+ bytes\) exceeds the maximum allowed size of 1,048,576 bytes/;

/**
 * The size of a document `{[field]: <string of n bytes>}` at `path`, per "Storage size calculations":
 * name = Σ(segment bytes + 1) + 16; field = name bytes + 1; string = bytes + 1; document = + 32.
 */
const sizeOf = (path: string, field: string, n: number): number =>
  path.split('/').reduce((s, seg) => s + Buffer.byteLength(seg) + 1, 16) + (Buffer.byteLength(field) + 1) + (n + 1) + 32;

/** The string length that makes `{[field]: string}` at `path` exactly `size` bytes. */
const stringLengthFor = (path: string, field: string, size: number): number => size - sizeOf(path, field, 0);

describe('limits', () => {
  let target: EmulatorTarget;
  let raw: RawFirestore;
  let admin: Awaited<ReturnType<typeof adminFirestore>>;
  let sentinel: Sentinel;
  const projectId = uniqueProjectId('limits');
  const database = dbName(projectId);
  const update = (path: string, fields: object) => ({ update: { name: docName(projectId, path), fields } });
  const stringField = (n: number) => ({ s: { stringValue: 'x'.repeat(n) } });
  const exists = async (path: string) => (await raw.call('GetDocument', { name: docName(projectId, path) })).code === status.OK;

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

  describe('document size', () => {
    it('a document of exactly 1,048,576 bytes is accepted', async () => {
      const n = stringLengthFor('ok-big/exact', 's', MAX_DOCUMENT_BYTES);
      expect(sizeOf('ok-big/exact', 's', n)).toBe(MAX_DOCUMENT_BYTES);
      expectStatus(await raw.call('Commit', { database, writes: [update('ok-big/exact', stringField(n))] }), status.OK);
      const snap = await admin.db.doc('ok-big/exact').get();
      expect((snap.get('s') as string).length).toBe(n);
    });

    it('one byte more → INVALID_ARGUMENT "exceeds the maximum allowed size", and the other write of the commit is not applied', async () => {
      const n = stringLengthFor('big/over', 's', MAX_DOCUMENT_BYTES + 1);
      const outcome = await raw.call('Commit', { database, writes: [update('big/small', { a: { booleanValue: true } }), update('big/over', stringField(n))] });
      expectStatus(outcome, status.INVALID_ARGUMENT, TOO_BIG);
      expect(outcome.details).toContain('(1,048,577 bytes)');
      expect(await exists('big/over')).toBe(false);
      expect(await exists('big/small')).toBe(false);
    });

    it('multi-byte characters count in UTF-8 bytes: 2-byte "é" pushes a document over', async () => {
      const n = stringLengthFor('big/utf8', 's', MAX_DOCUMENT_BYTES);
      // Same number of UTF-16 code units as an accepted ASCII string, but twice the bytes.
      const outcome = await raw.call('Commit', { database, writes: [update('big/utf8', { s: { stringValue: 'é'.repeat(Math.ceil(n / 2) + 1) } })] });
      expectStatus(outcome, status.INVALID_ARGUMENT, TOO_BIG);
      expect(await exists('big/utf8')).toBe(false);
    });

    it('the Admin SDK gets the same INVALID_ARGUMENT, and the stored version is untouched', async () => {
      const ref = admin.db.doc('ok-big/grow');
      await ref.set({ s: 'small' });
      const before = await ref.get();
      const n = stringLengthFor('ok-big/grow', 's', MAX_DOCUMENT_BYTES + 1);
      await expect(ref.set({ s: 'x'.repeat(n) })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringMatching(TOO_BIG) });
      const after = await ref.get();
      expect(after.data()).toEqual({ s: 'small' });
      expect(after.updateTime?.isEqual(before.updateTime!)).toBe(true);
    });

    it('a patch (update mask) that makes an existing document too big is rejected; the old version stays', async () => {
      const n = stringLengthFor('ok-big/patch', 's', MAX_DOCUMENT_BYTES);
      await admin.db.doc('ok-big/patch').set({ s: 'x'.repeat(n) });
      const before = await admin.db.doc('ok-big/patch').get();
      const outcome = await raw.call('Commit', {
        database,
        writes: [{ ...update('ok-big/patch', { t: { booleanValue: true } }), updateMask: { fieldPaths: ['t'] } }],
      });
      expectStatus(outcome, status.INVALID_ARGUMENT, TOO_BIG);
      const after = await admin.db.doc('ok-big/patch').get();
      expect(after.get('t')).toBeUndefined();
      expect(after.updateTime?.isEqual(before.updateTime!)).toBe(true);
    });

    it('a transform (arrayUnion) that makes a document too big is rejected', async () => {
      const n = stringLengthFor('ok-big/transform', 's', MAX_DOCUMENT_BYTES - 2);
      await admin.db.doc('ok-big/transform').set({ s: 'x'.repeat(n) });
      const outcome = await raw.call('Commit', {
        database,
        writes: [{ update: { name: docName(projectId, 'ok-big/transform'), fields: {} }, updateMask: { fieldPaths: [] }, updateTransforms: [{ fieldPath: 'arr', appendMissingElements: { values: [{ stringValue: 'too long for the room left' }] } }] }],
      });
      expectStatus(outcome, status.INVALID_ARGUMENT, TOO_BIG);
      expect((await admin.db.doc('ok-big/transform').get()).get('arr')).toBeUndefined();
    });

    it('BatchWrite: the oversized write fails alone with INVALID_ARGUMENT, the others apply', async () => {
      const n = stringLengthFor('big/bw-over', 's', MAX_DOCUMENT_BYTES + 1);
      const outcome = await raw.call('BatchWrite', { database, writes: [update('ok-big/bw-ok', { a: { booleanValue: true } }), update('big/bw-over', stringField(n))] });
      expectStatus(outcome, status.OK);
      const res = outcome.responses[0] as { status: { code?: number; message?: string }[] };
      expect(res.status[0]!.code ?? 0).toBe(status.OK);
      expect(res.status[1]).toMatchObject({ code: status.INVALID_ARGUMENT, message: expect.stringMatching(TOO_BIG) });
      expect(await exists('ok-big/bw-ok')).toBe(true);
      expect(await exists('big/bw-over')).toBe(false);
    });

    it('the Write stream: an oversized write ends the stream with INVALID_ARGUMENT, nothing stored', async () => {
      const n = stringLengthFor('big/stream', 's', MAX_DOCUMENT_BYTES + 1);
      const stream = raw.bidi('Write');
      stream.write({ database });
      await stream.waitFor((rs) => rs.length === 1, 'the handshake');
      stream.write({ streamToken: (stream.responses[0] as { streamToken: Buffer }).streamToken, writes: [update('big/stream', stringField(n))] });
      expectStatus(await stream.ended, status.INVALID_ARGUMENT, TOO_BIG);
      expect(await exists('big/stream')).toBe(false);
    });
  });

  describe('writes per request', () => {
    const writes = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => update(`${prefix}/d${i}`, { i: { integerValue: String(i) } }));
    const countIn = async (collection: string) => (await admin.db.collection(collection).get()).size;

    it('Commit with exactly 500 writes is accepted', async () => {
      const outcome = await raw.call('Commit', { database, writes: writes('ok-w500', 500) });
      expectStatus(outcome, status.OK);
      expect((outcome.responses[0] as { writeResults: unknown[] }).writeResults).toHaveLength(500);
      expect(await countIn('ok-w500')).toBe(500);
    });

    it('Commit with 501 writes → INVALID_ARGUMENT, none stored', async () => {
      expectStatus(await raw.call('Commit', { database, writes: writes('w501', 501) }), status.INVALID_ARGUMENT, /maximum 500 writes allowed per request/);
      expect(await countIn('w501')).toBe(0);
    });

    it('BatchWrite with 501 writes → INVALID_ARGUMENT, none stored; 500 accepted', async () => {
      expectStatus(await raw.call('BatchWrite', { database, writes: writes('bw501', 501) }), status.INVALID_ARGUMENT, /maximum 500 writes/);
      expect(await countIn('bw501')).toBe(0);
      expectStatus(await raw.call('BatchWrite', { database, writes: writes('ok-bw500', 500) }), status.OK);
      expect(await countIn('ok-bw500')).toBe(500);
    });

    it('a Write stream batch of 501 writes ends the stream with INVALID_ARGUMENT, none stored', async () => {
      const stream = raw.bidi('Write');
      stream.write({ database });
      await stream.waitFor((rs) => rs.length === 1, 'the handshake');
      stream.write({ streamToken: (stream.responses[0] as { streamToken: Buffer }).streamToken, writes: writes('ws501', 501) });
      expectStatus(await stream.ended, status.INVALID_ARGUMENT, /maximum 500 writes/);
      expect(await countIn('ws501')).toBe(0);
    });

    it('a transaction commit with 501 writes → INVALID_ARGUMENT, and the transaction is over', async () => {
      const begin = await raw.call('BeginTransaction', { database });
      const transaction = (begin.responses[0] as { transaction: Buffer }).transaction;
      expectStatus(await raw.call('Commit', { database, transaction, writes: writes('tx501', 501) }), status.INVALID_ARGUMENT, /maximum 500 writes/);
      expect(await countIn('tx501')).toBe(0);
      expectStatus(await raw.call('Commit', { database, transaction, writes: [] }), status.INVALID_ARGUMENT, /expired or is no longer valid/);
    });
  });

  describe('nesting depth', () => {
    it('maps nested 15 deep are accepted; 25 deep → INVALID_ARGUMENT "maximum allowed depth", nothing stored', async () => {
      const shallow = docName(projectId, 'ok-deep/ok');
      expectStatus(await raw.call('Commit', commitWithField(database, shallow, 'f', nestedMapValue(15))), status.OK);
      const deep = docName(projectId, 'deep/no');
      expectStatus(await raw.call('Commit', commitWithField(database, deep, 'f', nestedMapValue(25))), status.INVALID_ARGUMENT, /maximum allowed depth/);
      expectStatus(await raw.call('GetDocument', { name: deep }), status.NOT_FOUND);
    });

    it('an array directly inside an array → INVALID_ARGUMENT', async () => {
      const fields = { a: { arrayValue: { values: [{ arrayValue: { values: [] } }] } } };
      expectStatus(await raw.call('Commit', { database, writes: [update('deep/arr', fields)] }), status.INVALID_ARGUMENT, /array value in an array value/);
      expect(await exists('deep/arr')).toBe(false);
    });
  });

  it('afterwards the sentinel data is unchanged and the Admin SDK still works', async () => {
    await sentinel.assertIntact();
  });
});
