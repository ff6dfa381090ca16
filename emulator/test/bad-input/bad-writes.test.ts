/**
 * Writes that must not apply: failed preconditions (each with its own canonical code) and
 * malformed writes (INVALID_ARGUMENT). Commit is atomic, so a bad write anywhere in a request
 * leaves every document of that request as it was.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { expectStatus, status } from './expect-status.js';
import { dbName, docName, RawFirestore } from './raw-firestore.js';
import { Sentinel } from './sentinel.js';

const projectId = uniqueProjectId('writes');
const database = dbName(projectId);
const name = (path: string) => docName(projectId, path);
const fields = { v: { integerValue: '1' } };
const update = (path: string, f: object = fields) => ({ update: { name: name(path), fields: f } });

/** Writes that fail a precondition against the sentinel data (sentinel/a exists, missing/x does not). */
const PRECONDITION_FAILURES: { label: string; write: object; code: status; words: RegExp }[] = [
  { label: 'update of a missing document (exists: true)', write: { ...update('missing/x'), currentDocument: { exists: true } }, code: status.NOT_FOUND, words: /^No document to update: .*missing\/x$/ },
  { label: 'create of an existing document (exists: false)', write: { ...update('sentinel/a'), currentDocument: { exists: false } }, code: status.ALREADY_EXISTS, words: /^Document already exists: .*sentinel\/a$/ },
  { label: 'update at a stale update time', write: { ...update('sentinel/a'), currentDocument: { updateTime: { seconds: '1000', nanos: 5 } } }, code: status.FAILED_PRECONDITION, words: /does not match the required base version/ },
  { label: 'delete of a missing document (exists: true)', write: { delete: name('missing/x'), currentDocument: { exists: true } }, code: status.NOT_FOUND, words: /No document to update/ },
  { label: 'verify of a missing document (exists: true)', write: { verify: name('missing/x'), currentDocument: { exists: true } }, code: status.NOT_FOUND, words: /No document to update/ },
  { label: 'transform of an existing document (exists: false)', write: { transform: { document: name('sentinel/b'), fieldTransforms: [{ fieldPath: 'n', increment: { integerValue: '1' } }] }, currentDocument: { exists: false } }, code: status.ALREADY_EXISTS, words: /Document already exists/ },
];

const MALFORMED_WRITES: { label: string; write: object; words: RegExp }[] = [
  { label: 'no operation', write: {}, words: /Write must have an operation/ },
  { label: 'an update without a name', write: { update: { fields } }, words: /Missing document name/ },
  { label: 'an invalid update-mask path', write: { ...update('w/mask2'), updateMask: { fieldPaths: ['v..x'] } }, words: /Invalid property path/ },
  { label: 'server value number 99', write: { ...update('w/sv'), updateTransforms: [{ fieldPath: 't', setToServerValue: 99 }] }, words: /Unsupported server value/ },
  { label: 'increment by a string', write: { ...update('w/inc'), updateTransforms: [{ fieldPath: 't', increment: { stringValue: '1' } }] }, words: /requires a numeric operand/ },
  { label: 'a transform with no type', write: { ...update('w/none'), updateTransforms: [{ fieldPath: 't' }] }, words: /must set a transform type/ },
  { label: 'a transform without a field path', write: { ...update('w/nofp'), updateTransforms: [{ increment: { integerValue: '1' } }] }, words: /Field path must not be empty/ },
  { label: 'one field transformed twice', write: { ...update('w/twice'), updateTransforms: [{ fieldPath: 't', increment: { integerValue: '1' } }, { fieldPath: 't', maximum: { integerValue: '1' } }] }, words: /specified multiple times/ },
  { label: 'a field both updated and transformed', write: { ...update('w/both'), updateMask: { fieldPaths: ['v'] }, updateTransforms: [{ fieldPath: 'v', increment: { integerValue: '1' } }] }, words: /both updated and transformed/ },
  { label: 'a delete with transforms', write: { delete: name('sentinel/a'), updateTransforms: [{ fieldPath: 't', increment: { integerValue: '1' } }] }, words: /cannot have transforms/ },
  { label: 'an empty field name', write: update('w/empty-key', { '': fields.v }), words: /Field names must not be empty/ },
  { label: 'a value with no type', write: update('w/untyped', { v: {} }), words: /Value must have a value type set/ },
  { label: 'latitude 91', write: update('w/geo', { g: { geoPointValue: { latitude: 91, longitude: 0 } } }), words: /Latitude must be in the range/ },
  { label: 'longitude -181', write: update('w/geo2', { g: { geoPointValue: { latitude: 0, longitude: -181 } } }), words: /Longitude must be in the range/ },
  { label: 'timestamp nanos of 1e9', write: update('w/ts', { t: { timestampValue: { seconds: '1', nanos: 1_000_000_000 } } }), words: /nanos must be between/ },
  { label: 'a timestamp after year 9999', write: update('w/ts2', { t: { timestampValue: { seconds: '253402300800' } } }), words: /out of range/ },
  { label: 'a reference to an invalid name', write: update('w/ref', { r: { referenceValue: 'projects/p/databases/(default)/documents/c' } }), words: /not a valid document path/ },
  { label: 'a precondition update time with nanos of -1', write: { ...update('sentinel/a'), currentDocument: { updateTime: { seconds: '1', nanos: -1 } } }, words: /nanos must be between/ },
  { label: 'an array inside an array inside a map', write: update('w/arr', { m: { mapValue: { fields: { a: { arrayValue: { values: [{ arrayValue: {} }] } } } } } }), words: /array value in an array value/ },
];

describe('writes that must not apply', () => {
  let target: EmulatorTarget;
  let raw: RawFirestore;
  let admin: Awaited<ReturnType<typeof adminFirestore>>;
  let sentinel: Sentinel;

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

  describe.each(PRECONDITION_FAILURES)('precondition: $label', ({ write, code, words }) => {
    it('Commit → the exact code; a valid write in the same commit is not applied', async () => {
      const outcome = await raw.call('Commit', { database, writes: [update('atomic/first'), write] });
      expectStatus(outcome, code, words);
      expectStatus(await raw.call('GetDocument', { name: name('atomic/first') }), status.NOT_FOUND);
    });

    it('BatchWrite → that write alone fails with the same code', async () => {
      const outcome = await raw.call('BatchWrite', { database, writes: [write, { ...update('ok-batch/x'), currentDocument: { exists: false } }] });
      expectStatus(outcome, status.OK);
      const res = outcome.responses[0] as { status: { code?: number; message?: string }[] };
      expect(res.status[0]).toMatchObject({ code, message: expect.stringMatching(words) });
      expect(res.status[1]!.code ?? 0).toBe(status.OK);
      await raw.call('Commit', { database, writes: [{ delete: name('ok-batch/x') }] });
    });

    it('the Write stream → ends with the same code', async () => {
      const stream = raw.bidi('Write');
      stream.write({ database });
      await stream.waitFor((rs) => rs.length === 1, 'the handshake');
      stream.write({ streamToken: stream.responses[0]!['streamToken'], writes: [write] });
      expectStatus(await stream.ended, code, words);
    });
  });

  it('the Admin SDK sees the same codes: create() of an existing document, update() of a missing one', async () => {
    await expect(admin.db.doc('sentinel/a').create({ x: 1 })).rejects.toMatchObject({ code: status.ALREADY_EXISTS });
    await expect(admin.db.doc('missing/x').update({ x: 1 })).rejects.toMatchObject({ code: status.NOT_FOUND });
    const stale = admin.db.doc('sentinel/b');
    const { Timestamp } = await import('firebase-admin/firestore');
    await expect(stale.update({ x: 1 }, { lastUpdateTime: Timestamp.fromMillis(1000) })).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
  });

  it('UpdateDocument and CreateDocument map preconditions the same way', async () => {
    expectStatus(await raw.call('UpdateDocument', { document: { name: name('missing/y'), fields }, currentDocument: { exists: true } }), status.NOT_FOUND, /No document to update/);
    expectStatus(await raw.call('CreateDocument', { parent: docName(projectId), collectionId: 'sentinel', documentId: 'a', document: { fields } }), status.ALREADY_EXISTS, /Document already exists/);
    expectStatus(await raw.call('DeleteDocument', { name: name('missing/y'), currentDocument: { exists: true } }), status.NOT_FOUND);
  });

  describe.each(MALFORMED_WRITES)('malformed: $label', ({ write, words }) => {
    it('Commit → INVALID_ARGUMENT, nothing of the request applied', async () => {
      expectStatus(await raw.call('Commit', { database, writes: [update('atomic/second'), write] }), status.INVALID_ARGUMENT, words);
      expectStatus(await raw.call('GetDocument', { name: name('atomic/second') }), status.NOT_FOUND);
    });

    it('the Write stream → ends with INVALID_ARGUMENT', async () => {
      const stream = raw.bidi('Write');
      stream.write({ database });
      await stream.waitFor((rs) => rs.length === 1, 'the handshake');
      stream.write({ streamToken: stream.responses[0]!['streamToken'], writes: [write] });
      expectStatus(await stream.ended, status.INVALID_ARGUMENT, words);
    });
  });

  it('afterwards the stored data is unchanged and the Admin SDK still works', async () => {
    await sentinel.assertIntact();
  });
});
