/**
 * Resource names the SDKs would never build: empty segments, odd segment counts, reserved ids,
 * malformed project and database ids. Every RPC that takes a name must answer INVALID_ARGUMENT,
 * store nothing, and leave the server serving.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { expectStatus, status } from './expect-status.js';
import { dbName, docName, RawFirestore } from './raw-firestore.js';
import { Sentinel } from './sentinel.js';

const projectId = uniqueProjectId('names');
const database = dbName(projectId);
const root = docName(projectId);

/** Document names, each with the words its rejection must contain. */
const BAD_DOCUMENT_NAMES: { label: string; name: string; words: RegExp }[] = [
  { label: 'an empty segment', name: `${root}/c//d`, words: /empty path segment/ },
  { label: 'a trailing slash', name: `${root}/c/d/`, words: /empty path segment|trailing/ },
  { label: 'a collection path (one segment)', name: `${root}/c`, words: /not a valid document path/ },
  { label: 'three segments', name: `${root}/c/d/e`, words: /not a valid document path/ },
  { label: 'the documents root', name: root, words: /not a valid document path/ },
  { label: 'a reserved document id', name: `${root}/c/__reserved__`, words: /reserved/ },
  { label: 'a reserved collection id', name: `${root}/__c__/d`, words: /reserved/ },
  { label: 'a "." id', name: `${root}/c/.`, words: /"\." or "\.\."/ },
  { label: 'a ".." id', name: `${root}/c/..`, words: /"\." or "\.\."/ },
  { label: 'an id over 1500 bytes', name: `${root}/c/${'é'.repeat(751)}`, words: /maximum size of 1500 bytes/ },
  { label: 'no /documents part', name: `${database}/c/d`, words: /Invalid document name/ },
  { label: 'an empty project id', name: `projects//databases/(default)/documents/c/d`, words: /Invalid document name/ },
  { label: 'a database id with a slash', name: `projects/${projectId}/databases/a/b/documents/c/d`, words: /Invalid document name/ },
  { label: 'a project id with a space', name: `projects/bad project/databases/(default)/documents/c/d`, words: /Invalid project id/ },
  { label: 'an uppercase database id', name: `projects/${projectId}/databases/Bad_DB/documents/c/d`, words: /Invalid database id/ },
  { label: 'a 101-character project id', name: `projects/${'p'.repeat(101)}/databases/(default)/documents/c/d`, words: /Invalid project id/ },
];

const BAD_DATABASE_NAMES: { label: string; name: string; words: RegExp }[] = [
  { label: 'empty', name: '', words: /Missing database name|Invalid database name/ },
  { label: 'an empty project id', name: 'projects//databases/(default)', words: /Invalid database name/ },
  { label: 'an empty database id', name: `projects/${projectId}/databases/`, words: /Invalid database name/ },
  { label: 'a database id with a slash', name: `projects/${projectId}/databases/a/b`, words: /Invalid database name/ },
  { label: 'no databases part', name: `projects/${projectId}`, words: /Invalid database name/ },
  { label: 'the documents root instead of the database', name: root, words: /Invalid database name/ },
  { label: 'a project id with a space', name: 'projects/bad project/databases/(default)', words: /Invalid project id/ },
  { label: 'an uppercase database id', name: `projects/${projectId}/databases/Bad_DB`, words: /Invalid database id/ },
  { label: 'a project id starting with "-"', name: 'projects/-p/databases/(default)', words: /Invalid project id/ },
];

const BAD_PARENTS: { label: string; parent: string; words: RegExp }[] = [
  { label: 'a collection (odd segment count)', parent: `${root}/c`, words: /not a document or the root/ },
  { label: 'an empty segment', parent: `${root}/c//d`, words: /empty path segment/ },
  { label: 'a trailing slash', parent: `${root}/`, words: /trailing/ },
  { label: 'a reserved id', parent: `${root}/__c__/d`, words: /reserved/ },
  { label: 'the database name (no /documents)', parent: database, words: /Invalid parent/ },
  { label: 'an empty project id', parent: 'projects//databases/(default)/documents', words: /Invalid parent/ },
  { label: 'a database id with a slash', parent: `projects/${projectId}/databases/a/b/documents`, words: /Invalid parent/ },
];

const fields = { a: { integerValue: '1' } };
const structuredQuery = { from: [{ collectionId: 'c' }] };

const PARENT_RPCS = ['RunQuery', 'RunAggregationQuery', 'ListDocuments', 'ListCollectionIds', 'CreateDocument', 'PartitionQuery'] as const;
/** A request that is valid except, perhaps, for its parent. */
function withParent(method: (typeof PARENT_RPCS)[number], parent: string): object {
  switch (method) {
    case 'RunQuery':
      return { parent, structuredQuery };
    case 'RunAggregationQuery':
      return { parent, structuredAggregationQuery: { structuredQuery, aggregations: [{ alias: 'n', count: {} }] } };
    case 'ListDocuments':
      return { parent, collectionId: 'c' };
    case 'ListCollectionIds':
      return { parent };
    case 'CreateDocument':
      return { parent, collectionId: 'c', documentId: 'x', document: { fields } };
    case 'PartitionQuery':
      return { parent, structuredQuery, partitionCount: '2' };
  }
}
const validName = docName(projectId, 'c/valid');

describe('invalid resource names', () => {
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

  describe.each(BAD_DOCUMENT_NAMES)('document name with $label', ({ name, words }) => {
    it('GetDocument / DeleteDocument / UpdateDocument → INVALID_ARGUMENT', async () => {
      expectStatus(await raw.call('GetDocument', { name }), status.INVALID_ARGUMENT, words);
      expectStatus(await raw.call('DeleteDocument', { name }), status.INVALID_ARGUMENT, words);
      expectStatus(await raw.call('UpdateDocument', { document: { name, fields } }), status.INVALID_ARGUMENT, words);
    });

    it('Commit (update, delete, verify) and BatchWrite → INVALID_ARGUMENT, and a valid write beside it is not applied', async () => {
      for (const bad of [{ update: { name, fields } }, { delete: name }, { verify: name }]) {
        const writes = [{ update: { name: validName, fields } }, bad];
        expectStatus(await raw.call('Commit', { database, writes }), status.INVALID_ARGUMENT, words);
        expectStatus(await raw.call('BatchWrite', { database, writes }), status.INVALID_ARGUMENT, words);
      }
      expectStatus(await raw.call('GetDocument', { name: validName }), status.NOT_FOUND);
    });

    it('BatchGetDocuments → INVALID_ARGUMENT', async () => {
      expectStatus(await raw.call('BatchGetDocuments', { database, documents: [validName, name] }), status.INVALID_ARGUMENT, words);
    });

    it('a Listen documents target → REMOVE with an INVALID_ARGUMENT cause, stream still open', async () => {
      const stream = raw.bidi('Listen');
      stream.write({ database, addTarget: { targetId: 3, documents: { documents: [name] } } });
      await stream.waitFor((rs) => rs.length > 0, 'the target change');
      stream.end();
      const outcome = await stream.ended;
      expectStatus(outcome, status.OK);
      expect(outcome.responses[0]).toEqual({
        targetChange: expect.objectContaining({
          targetChangeType: 'REMOVE',
          targetIds: [3],
          cause: expect.objectContaining({ code: status.INVALID_ARGUMENT, message: expect.stringMatching(words) }),
        }),
        responseType: 'targetChange',
      });
    });
  });

  describe.each(BAD_DATABASE_NAMES)('database name that is $label', ({ name, words }) => {
    it('BeginTransaction / Commit / BatchWrite / BatchGetDocuments / Rollback → INVALID_ARGUMENT', async () => {
      expectStatus(await raw.call('BeginTransaction', { database: name }), status.INVALID_ARGUMENT, words);
      const writes = [{ update: { name: validName, fields } }];
      expectStatus(await raw.call('Commit', { database: name, writes }), status.INVALID_ARGUMENT, words);
      expectStatus(await raw.call('BatchWrite', { database: name, writes }), status.INVALID_ARGUMENT, words);
      expectStatus(await raw.call('BatchGetDocuments', { database: name, documents: [validName] }), status.INVALID_ARGUMENT, words);
      expectStatus(await raw.call('Rollback', { database: name, transaction: Buffer.from('x') }), status.INVALID_ARGUMENT, words);
      expectStatus(await raw.call('GetDocument', { name: validName }), status.NOT_FOUND);
    });

    it('the Write handshake and the first Listen request end their stream with INVALID_ARGUMENT', async () => {
      expectStatus(await raw.bidiOnce('Write', [{ database: name }]), status.INVALID_ARGUMENT, words);
      const addTarget = { targetId: 1, documents: { documents: [validName] } };
      expectStatus(await raw.bidiOnce('Listen', [{ database: name, addTarget }]), status.INVALID_ARGUMENT, words);
    });
  });

  describe.each(BAD_PARENTS)('parent that is $label', ({ parent, words }) => {
    it.each(PARENT_RPCS)('%s → INVALID_ARGUMENT', async (method) => {
      expectStatus(await raw.call(method, withParent(method, parent)), status.INVALID_ARGUMENT, words);
    });

    it('a Listen query target → REMOVE with an INVALID_ARGUMENT cause', async () => {
      const outcome = await raw.bidiOnce('Listen', [{ database, addTarget: { targetId: 2, query: { parent, structuredQuery } } }]);
      expectStatus(outcome, status.OK);
      expect(outcome.responses[0]?.['targetChange']).toMatchObject({
        targetChangeType: 'REMOVE',
        targetIds: [2],
        cause: { code: status.INVALID_ARGUMENT, message: expect.stringMatching(words) },
      });
    });
  });

  describe('collection and document ids given separately', () => {
    const COLLECTION_IDS = [
      { label: 'with a slash', id: 'a/b', words: /Invalid collection id|not a valid document path|not a document|slash/ },
      { label: 'reserved', id: '__x__', words: /reserved/ },
      { label: 'empty', id: '', words: /empty path segment|Invalid collection id|without a collection id/ },
    ];
    it.each(COLLECTION_IDS)('ListDocuments with a collection id $label → INVALID_ARGUMENT', async ({ id, words }) => {
      expectStatus(await raw.call('ListDocuments', { parent: root, collectionId: id }), status.INVALID_ARGUMENT, words);
    });
    it.each(COLLECTION_IDS)('CreateDocument with a collection id $label → INVALID_ARGUMENT', async ({ id, words }) => {
      expectStatus(await raw.call('CreateDocument', { parent: root, collectionId: id, documentId: 'x', document: { fields } }), status.INVALID_ARGUMENT, words);
    });
    it.each(COLLECTION_IDS.filter((c) => c.label !== 'reserved'))('RunQuery from a collection id $label → INVALID_ARGUMENT', async ({ id, words }) => {
      expectStatus(await raw.call('RunQuery', { parent: root, structuredQuery: { from: [{ collectionId: id }] } }), status.INVALID_ARGUMENT, words);
    });

    it.each([
      { label: 'with a slash', id: 'a/b', words: /not a valid document path/ },
      { label: 'reserved', id: '__x__', words: /reserved/ },
      { label: '".."', id: '..', words: /"\." or "\.\."/ },
    ])('CreateDocument with a document id $label → INVALID_ARGUMENT', async ({ id, words }) => {
      expectStatus(await raw.call('CreateDocument', { parent: root, collectionId: 'c', documentId: id, document: { fields } }), status.INVALID_ARGUMENT, words);
    });

    it('a write naming a document of another project than the request database → INVALID_ARGUMENT', async () => {
      const other = docName(uniqueProjectId('other'), 'c/d');
      expectStatus(await raw.call('Commit', { database, writes: [{ update: { name: other, fields } }] }), status.INVALID_ARGUMENT, /not in the request's database/);
      expectStatus(await raw.call('BatchGetDocuments', { database, documents: [other] }), status.INVALID_ARGUMENT, /not in database/);
    });
  });

  it('afterwards the stored data is unchanged and the Admin SDK still works', async () => {
    await sentinel.assertIntact();
  });
});
