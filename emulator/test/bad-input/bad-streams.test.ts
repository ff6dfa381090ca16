/**
 * Bad input on the two bidi streams (firestore-protocol.md §6, §7). A stream-fatal problem ends
 * the stream with a status; a bad Listen *target* is answered with REMOVE + cause and the stream
 * stays usable; nothing a stream rejects is stored.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { expectStatus, status } from './expect-status.js';
import { dbName, docName, RawFirestore, type BidiStream } from './raw-firestore.js';
import { Sentinel } from './sentinel.js';

interface TargetChange {
  targetChangeType?: string;
  targetIds?: number[];
  cause?: { code: number; message: string };
}
const targetChanges = (rs: Record<string, unknown>[]): TargetChange[] => rs.map((r) => r['targetChange'] as TargetChange | undefined).filter((t) => t !== undefined);
const hasChange = (type: string, id: number) => (rs: Record<string, unknown>[]) => targetChanges(rs).some((t) => t.targetChangeType === type && t.targetIds?.includes(id));

describe('bad input on Listen and Write streams', () => {
  let target: EmulatorTarget;
  let raw: RawFirestore;
  let admin: Awaited<ReturnType<typeof adminFirestore>>;
  let sentinel: Sentinel;
  const projectId = uniqueProjectId('streams');
  const database = dbName(projectId);
  const root = docName(projectId);
  const validQuery = { parent: root, structuredQuery: { from: [{ collectionId: 'sentinel' }] } };

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

  describe('Listen', () => {
    it.each([
      { label: 'an invalid database name', request: { database: 'projects//databases/(default)', addTarget: { targetId: 1, query: validQuery } }, words: /Invalid database name/ },
      { label: 'no database', request: { addTarget: { targetId: 1, query: validQuery } }, words: /Missing database name/ },
      { label: 'neither addTarget nor removeTarget', request: { database }, words: /must add or remove a target/ },
    ])('a first request with $label ends the stream with INVALID_ARGUMENT', async ({ request, words }) => {
      expectStatus(await raw.bidiOnce('Listen', [request]), status.INVALID_ARGUMENT, words);
    });

    it('switching database mid-stream ends the stream with INVALID_ARGUMENT', async () => {
      const stream = raw.bidi('Listen');
      stream.write({ database, addTarget: { targetId: 1, query: validQuery } });
      await stream.waitFor(hasChange('CURRENT', 1), 'target 1 current');
      stream.write({ database: dbName(uniqueProjectId('elsewhere')), addTarget: { targetId: 2, query: validQuery } });
      expectStatus(await stream.ended, status.INVALID_ARGUMENT, /serves one database/);
    });

    it.each([
      { label: 'an invalid query (negative limit)', target: { query: { ...validQuery, structuredQuery: { ...validQuery.structuredQuery, limit: { value: -1 } } } }, words: /Limit is negative/ },
      { label: '`in` with 31 values', target: { query: { ...validQuery, structuredQuery: { ...validQuery.structuredQuery, where: { fieldFilter: { field: { fieldPath: 'n' }, op: 'IN', value: { arrayValue: { values: Array.from({ length: 31 }, (_, i) => ({ integerValue: String(i) })) } } } } } } }, words: /up to 30/ },
      { label: 'a query whose parent is a collection', target: { query: { ...validQuery, parent: `${root}/sentinel` } }, words: /not a document or the root/ },
      { label: 'a query in another database', target: { query: { ...validQuery, parent: docName(uniqueProjectId('elsewhere')) } }, words: /not in database/ },
      { label: 'no query and no documents', target: {}, words: /must be a query or a documents target/ },
      { label: 'a documents target with a collection path', target: { documents: { documents: [`${root}/sentinel`] } }, words: /not a valid document path/ },
    ])('addTarget with $label → REMOVE with cause code 3; the next valid target on the same stream works', async ({ target: bad, words }) => {
      const stream = raw.bidi('Listen');
      stream.write({ database, addTarget: { targetId: 5, ...bad } });
      await stream.waitFor(hasChange('REMOVE', 5), 'the REMOVE of target 5');
      expect(targetChanges(stream.responses)[0]).toMatchObject({
        targetChangeType: 'REMOVE',
        targetIds: [5],
        cause: { code: status.INVALID_ARGUMENT, message: expect.stringMatching(words) },
      });
      await followWithValidTarget(stream, 6);
    });

    it('a duplicate target id → REMOVE with cause; the original target keeps receiving changes', async () => {
      const stream = raw.bidi('Listen');
      stream.write({ database, addTarget: { targetId: 9, query: validQuery } });
      await stream.waitFor(hasChange('CURRENT', 9), 'target 9 current');
      stream.write({ database, addTarget: { targetId: 9, documents: { documents: [docName(projectId, 'sentinel/a')] } } });
      await stream.waitFor(hasChange('REMOVE', 9), 'the REMOVE of the duplicate');
      expect(targetChanges(stream.responses).find((t) => t.targetChangeType === 'REMOVE')).toMatchObject({ cause: { code: status.INVALID_ARGUMENT, message: expect.stringMatching(/already exists/) } });
      // The duplicate was refused, not the original: a new sentinel document is still delivered.
      const before = stream.responses.length;
      await admin.db.doc('sentinel/listen-dup').set({ n: 9 });
      await stream.waitFor((rs) => rs.slice(before).some((r) => (r['documentChange'] as { document?: { name: string } } | undefined)?.document?.name === docName(projectId, 'sentinel/listen-dup')), 'the change on target 9');
      await admin.db.doc('sentinel/listen-dup').delete();
      stream.end();
      expectStatus(await stream.ended, status.OK);
    });

    it('a garbage resume token does not break the stream', async () => {
      const stream = raw.bidi('Listen');
      stream.write({ database, addTarget: { targetId: 11, query: validQuery, resumeToken: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]) } });
      await stream.waitFor((rs) => hasChange('CURRENT', 11)(rs) || hasChange('REMOVE', 11)(rs), 'target 11 answered');
      await followWithValidTarget(stream, 12);
    });

    it('removing an unknown target id is harmless', async () => {
      const stream = raw.bidi('Listen');
      stream.write({ database, removeTarget: 404 });
      await stream.waitFor((rs) => rs.length > 0, 'an answer to the removal');
      await followWithValidTarget(stream, 13);
    });

    /** Adds a valid target and checks it reaches CURRENT with the sentinel documents, then ends the stream cleanly. */
    async function followWithValidTarget(stream: BidiStream, id: number): Promise<void> {
      const from = stream.responses.length;
      stream.write({ database, addTarget: { targetId: id, query: validQuery } });
      await stream.waitFor(hasChange('CURRENT', id), `target ${id} current`);
      const names = stream.responses
        .slice(from)
        .map((r) => (r['documentChange'] as { document: { name: string }; targetIds: number[] } | undefined))
        .filter((c) => c?.targetIds.includes(id))
        .map((c) => c!.document.name);
      expect(names).toEqual(expect.arrayContaining([docName(projectId, 'sentinel/a'), docName(projectId, 'sentinel/b')]));
      expect(stream.isOpen).toBe(true);
      stream.end();
      expectStatus(await stream.ended, status.OK);
    }
  });

  describe('Write', () => {
    const write = (path: string) => ({ update: { name: docName(projectId, path), fields: { w: { booleanValue: true } } } });
    const absent = async (path: string) => expectStatus(await raw.call('GetDocument', { name: docName(projectId, path) }), status.NOT_FOUND);

    it('writes before the handshake → INVALID_ARGUMENT, nothing stored', async () => {
      expectStatus(await raw.bidiOnce('Write', [{ database, writes: [write('ws/early')] }]), status.INVALID_ARGUMENT, /first Write request must be a handshake/);
      await absent('ws/early');
    });

    it('a bad handshake database → INVALID_ARGUMENT', async () => {
      expectStatus(await raw.bidiOnce('Write', [{ database: `projects/${projectId}/databases/a/b` }]), status.INVALID_ARGUMENT, /Invalid database name/);
    });

    it('a bad batch after a good one: the good one stays applied, the bad one ends the stream and is not applied', async () => {
      const stream = raw.bidi('Write');
      stream.write({ database });
      await stream.waitFor((rs) => rs.length === 1, 'the handshake');
      stream.write({ streamToken: stream.responses[0]!['streamToken'], writes: [write('ok-ws/good')] });
      await stream.waitFor((rs) => rs.length === 2, 'the first ack');
      expect(stream.responses[1]).toMatchObject({ writeResults: [expect.anything()] });
      stream.write({ streamToken: stream.responses[1]!['streamToken'], writes: [write('ws/also-in-bad-batch'), { update: { name: `${root}/ws//bad`, fields: {} } }] });
      expectStatus(await stream.ended, status.INVALID_ARGUMENT, /empty path segment/);
      expectStatus(await raw.call('GetDocument', { name: docName(projectId, 'ok-ws/good') }), status.OK);
      await absent('ws/also-in-bad-batch');
    });

    it('pipelined batches: the first bad one ends the stream; later ones in flight are not applied', async () => {
      const stream = raw.bidi('Write');
      stream.write({ database });
      await stream.waitFor((rs) => rs.length === 1, 'the handshake');
      const token = stream.responses[0]!['streamToken'];
      stream.write({ streamToken: token, writes: [{ ...write('ws/pipelined-bad'), currentDocument: { exists: true } }] });
      stream.write({ streamToken: token, writes: [write('ws/pipelined-after')] });
      expectStatus(await stream.ended, status.NOT_FOUND, /No document to update/);
      await absent('ws/pipelined-bad');
      await absent('ws/pipelined-after');
    });

    it('switching database mid-stream → INVALID_ARGUMENT, nothing stored', async () => {
      const stream = raw.bidi('Write');
      stream.write({ database });
      await stream.waitFor((rs) => rs.length === 1, 'the handshake');
      const other = dbName(uniqueProjectId('elsewhere'));
      stream.write({ database: other, streamToken: stream.responses[0]!['streamToken'], writes: [write('ws/other-db')] });
      expectStatus(await stream.ended, status.INVALID_ARGUMENT, /serves one database/);
      await absent('ws/other-db');
    });

    it('a client that vanishes mid-stream (cancel) leaves the server serving', async () => {
      const stream = raw.bidi('Write');
      stream.write({ database });
      await stream.waitFor((rs) => rs.length === 1, 'the handshake');
      stream.write({ streamToken: stream.responses[0]!['streamToken'], writes: [write('ok-ws/cancelled')] });
      stream.cancel();
      expectStatus(await stream.ended, status.CANCELLED);
      const get = await raw.call('GetDocument', { name: docName(projectId, 'sentinel/a') });
      expectStatus(get, status.OK);
    });
  });

  it('afterwards the stored data is unchanged and the Admin SDK still works', async () => {
    await sentinel.assertIntact();
  });
});
