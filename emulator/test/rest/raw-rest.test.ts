/**
 * The REST surface over raw fetch: the proto3 JSON mapping in both directions, the URL and query
 * parameter forms of each RPC, error bodies and statuses, and the limits on what a body may be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { expectErrorBody } from '../bad-input/http-error-body.js';
import { docName, documentsUrl } from './rest-clients.js';

let target: EmulatorTarget;
let base: string;
const projectId = uniqueProjectId('raw-rest');

beforeAll(async () => {
  target = await startTarget();
  base = documentsUrl(target, projectId);
});
afterAll(() => target.stop());

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
  readonly headers: Headers;
}

async function call(method: string, url: string, body?: string | object, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers,
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** Firebase's "owner" credential (Admin SDK, firebase-tools): BatchWrite and ListCollectionIds need it. */
const OWNER = { Authorization: 'Bearer owner' };

/** Asserts the REST error contract and returns the error's status name and message. */
function expectError(a: Answer, http: number, status: string) {
  expect(a.status, a.text).toBe(http);
  const error = expectErrorBody(a.status, a.headers.get('content-type'), a.text, `${http} ${status}`);
  expect(error.status).toBe(status);
  return error;
}

let n = 0;
const col = (label: string) => `${label}-${++n}`;

describe('proto3 JSON mapping', () => {
  it('values out: int64 as strings, special doubles spelled, -0 kept, bytes base64, timestamps RFC 3339', async () => {
    const c = col('values');
    const fields = {
      i: { integerValue: '9223372036854775807' },
      nan: { doubleValue: 'NaN' },
      inf: { doubleValue: 'Infinity' },
      ninf: { doubleValue: '-Infinity' },
      nz: { doubleValue: '-0' },
      b: { bytesValue: 'AAH+/w==' },
      t: { timestampValue: '2024-01-02T03:04:05.123456Z' },
      n: { nullValue: null },
      g: { geoPointValue: { latitude: 1.5, longitude: -2 } },
      m: { mapValue: { fields: { zero: { integerValue: 0 }, f: { booleanValue: false } } } },
      a: { arrayValue: { values: [{ stringValue: '' }] } },
      e: { mapValue: {} },
    };
    const commit = await call('POST', `${base}:commit`, { writes: [{ update: { name: docName(projectId, `${c}/d`), fields } }] });
    expect(commit.status, commit.text).toBe(200);
    expect(commit.json).toEqual({ commitTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/), writeResults: [{ updateTime: expect.any(String) }] });
    const got = await call('GET', `${base}/${c}/d`);
    expect(got.status, got.text).toBe(200);
    expect(got.text).toContain('"nz":{"doubleValue":-0}');
    expect((got.json as { fields: unknown }).fields).toEqual({
      ...fields,
      nz: { doubleValue: -0 },
      m: { mapValue: { fields: { zero: { integerValue: '0' }, f: { booleanValue: false } } } },
    });
  });

  it('values in: int64 as a JSON number, timestamps with 9 digits and offsets, snake_case names', async () => {
    const c = col('in');
    const commit = await call('POST', `${base}:commit`, {
      writes: [{ update: { name: docName(projectId, `${c}/d`), fields: { n: { integer_value: 42 }, t: { timestampValue: '2024-01-02T05:04:05.123456789+02:00' } } } }],
    });
    expect(commit.status, commit.text).toBe(200);
    const got = await call('GET', `${base}/${c}/d`);
    expect((got.json as { fields: unknown }).fields).toEqual({ n: { integerValue: '42' }, t: { timestampValue: '2024-01-02T03:04:05.123456Z' } });
  });

  it('enums as numbers (gax) and as names select the same query', async () => {
    const c = col('enums');
    for (const [id, v] of [['a', 1], ['b', 2], ['c', 3]] as const)
      await call('POST', `${base}:commit`, { writes: [{ update: { name: docName(projectId, `${c}/${id}`), fields: { v: { integerValue: String(v) } } } }] });
    const query = (op: string | number, direction: string | number) => ({
      structuredQuery: {
        from: [{ collectionId: c }],
        where: { fieldFilter: { field: { fieldPath: 'v' }, op, value: { integerValue: '1' } } },
        orderBy: [{ field: { fieldPath: 'v' }, direction }],
        limit: 5,
      },
    });
    const byName = await call('POST', `${base}:runQuery`, query('GREATER_THAN', 'DESCENDING'));
    const byNumber = await call('POST', `${base}:runQuery?$alt=json%3Benum-encoding=int`, query(3, 2));
    const ids = (a: Answer) => (a.json as { document?: { name: string } }[]).flatMap((r) => (r.document ? [r.document.name.split('/').pop()] : []));
    expect(ids(byName)).toEqual(['c', 'b']);
    expect(ids(byNumber)).toEqual(['c', 'b']);
  });

  it('streaming RPCs answer one JSON array; an empty query is one readTime', async () => {
    const c = col('empty');
    const q = await call('POST', `${base}:runQuery`, { structuredQuery: { from: [{ collectionId: c }] } });
    expect(q.json).toEqual([{ readTime: expect.any(String) }]);
    const missing = docName(projectId, `${c}/nope`);
    const bg = await call('POST', `${base}:batchGet`, { documents: [missing] });
    expect(bg.json).toEqual([{ missing, readTime: expect.any(String) }]);
    const agg = await call('POST', `${base}:runAggregationQuery`, {
      structuredAggregationQuery: { structuredQuery: { from: [{ collectionId: c }] }, aggregations: [{ alias: 'n', count: {} }] },
    });
    expect(agg.json).toEqual([{ result: { aggregateFields: { n: { integerValue: '0' } } }, readTime: expect.any(String) }]);
  });
});

describe('document routes and query parameters', () => {
  it('createDocument with documentId and mask; GET with mask.fieldPaths; PATCH with updateMask and currentDocument', async () => {
    const c = col('docs');
    const created = await call('POST', `${base}/${c}?documentId=x&mask.fieldPaths=a`, { fields: { a: { stringValue: 'A' }, b: { stringValue: 'B' } } });
    expect(created.status, created.text).toBe(200);
    expect(created.json).toMatchObject({ name: docName(projectId, `${c}/x`), fields: { a: { stringValue: 'A' } } });
    expect((created.json as { fields: object }).fields).not.toHaveProperty('b');
    expectError(await call('POST', `${base}/${c}?documentId=x`, { fields: {} }), 409, 'ALREADY_EXISTS');

    const masked = await call('GET', `${base}/${c}/x?mask.fieldPaths=b`);
    expect((masked.json as { fields: unknown }).fields).toEqual({ b: { stringValue: 'B' } });

    const patched = await call('PATCH', `${base}/${c}/x?updateMask.fieldPaths=b&updateMask.fieldPaths=z&currentDocument.exists=true`, {
      fields: { b: { stringValue: 'B2' } },
    });
    expect(patched.status, patched.text).toBe(200);
    expect((patched.json as { fields: unknown }).fields).toEqual({ a: { stringValue: 'A' }, b: { stringValue: 'B2' } });
    const updateTime = (patched.json as { updateTime: string }).updateTime;
    expectError(await call('PATCH', `${base}/${c}/new?currentDocument.exists=true`, { fields: {} }), 404, 'NOT_FOUND');
    expectError(await call('DELETE', `${base}/${c}/x?currentDocument.updateTime=2000-01-01T00:00:00Z`), 400, 'FAILED_PRECONDITION');
    const deleted = await call('DELETE', `${base}/${c}/x?currentDocument.updateTime=${updateTime}`);
    expect(deleted).toMatchObject({ status: 200, json: {} });
    expectError(await call('GET', `${base}/${c}/x`), 404, 'NOT_FOUND');
  });

  it('listDocuments pages with pageSize/pageToken (orderBy accepted)', async () => {
    const c = col('list');
    for (const id of ['a', 'b', 'c']) await call('PATCH', `${base}/${c}/${id}`, { fields: { v: { stringValue: id } } });
    const first = await call('GET', `${base}/${c}?pageSize=2&orderBy=__name__`);
    const page = first.json as { documents: { name: string }[]; nextPageToken: string };
    expect(page.documents.map((d) => d.name.split('/').pop())).toEqual(['a', 'b']);
    const second = await call('GET', `${base}/${c}?pageSize=2&orderBy=__name__&pageToken=${encodeURIComponent(page.nextPageToken)}`);
    expect((second.json as { documents: { name: string }[] }).documents.map((d) => d.name.split('/').pop())).toEqual(['c']);
  });

  it('beginTransaction, commit in it, rollback; listCollectionIds on the root and on a document', async () => {
    const c = col('tx');
    const begun = await call('POST', `${base}:beginTransaction`, {});
    const transaction = (begun.json as { transaction: string }).transaction;
    expect(transaction).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const commit = await call('POST', `${base}:commit`, { transaction, writes: [{ update: { name: docName(projectId, `${c}/d`), fields: {} } }] });
    expect(commit.status, commit.text).toBe(200);
    const again = (await call('POST', `${base}:beginTransaction`, { options: { readOnly: {} } })).json as { transaction: string };
    expect(await call('POST', `${base}:rollback`, { transaction: again.transaction })).toMatchObject({ status: 200, json: {} });
    await call('PATCH', `${base}/${c}/d/sub/s`, { fields: {} });
    // Admin-only operations (like the official emulator): the owner token is required.
    const root = await call('POST', `${base}:listCollectionIds`, {}, OWNER);
    expect((root.json as { collectionIds: string[] }).collectionIds).toContain(c);
    const under = await call('POST', `${base}/${c}/d:listCollectionIds`, { pageSize: 10 }, OWNER);
    expect(under.json).toEqual({ collectionIds: ['sub'] });
  });

  it('batchWrite answers a status per write; partitionQuery answers partitions', async () => {
    const c = col('bw');
    const res = await call('POST', `${base}:batchWrite`, {
      writes: [
        { update: { name: docName(projectId, `${c}/ok`), fields: {} } },
        { update: { name: docName(projectId, `${c}/no`), fields: {} }, currentDocument: { exists: true } },
      ],
      labels: {},
    }, OWNER);
    const body = res.json as { writeResults: object[]; status: { code?: number }[] };
    expect(body.writeResults).toHaveLength(2);
    expect(body.status[0]).toEqual({});
    expect(body.status[1]!.code).toBe(5);
    const parts = await call('POST', `${base}:partitionQuery`, {
      structuredQuery: { from: [{ collectionId: c, allDescendants: true }], orderBy: [{ field: { fieldPath: '__name__' } }] },
      partitionCount: '2',
    });
    expect(parts.status, parts.text).toBe(200);
  });

  it('percent-encoded and plain database ids, and a named database, reach the same kind of route', async () => {
    const c = col('enc');
    const plain = `http://${target.hostAndPort}/v1/projects/${projectId}/databases/(default)/documents`;
    await call('PATCH', `${plain}/${c}/d`, { fields: { v: { integerValue: '1' } } });
    expect((await call('GET', `${base}/${c}/d`)).status).toBe(200);
    const named = `http://${target.hostAndPort}/v1/projects/${projectId}/databases/other-db/documents`;
    await call('PATCH', `${named}/${c}/d`, { fields: {} });
    const got = await call('GET', `${named}/${c}/d`);
    expect((got.json as { name: string }).name).toBe(`projects/${projectId}/databases/other-db/documents/${c}/d`);
    // A document id holding a colon is a GET of that document, not a custom method.
    await call('PATCH', `${base}/${c}/a%3Ab`, { fields: {} });
    expect((await call('GET', `${base}/${c}/a:b`)).status).toBe(200);
  });
});

describe('errors', () => {
  it('malformed JSON, a non-object body and unknown fields → 400 INVALID_ARGUMENT', async () => {
    expectError(await call('POST', `${base}:commit`, '{"writes":'), 400, 'INVALID_ARGUMENT');
    expectError(await call('POST', `${base}:commit`, '[]'), 400, 'INVALID_ARGUMENT');
    const unknown = expectError(await call('POST', `${base}:commit`, { writes: [], bogus: 1 }), 400, 'INVALID_ARGUMENT');
    expect(unknown.message).toContain('bogus');
    const typed = expectError(await call('POST', `${base}:runQuery`, { structuredQuery: { limit: 'many' } }), 400, 'INVALID_ARGUMENT');
    expect(typed.message).toContain('structuredQuery.limit');
    expectError(await call('GET', `${base}/c/d?nope=1`), 400, 'INVALID_ARGUMENT');
    expectError(await call('GET', `${base}/c/d?readTime=yesterday`), 400, 'INVALID_ARGUMENT');
  });

  it('values nested beyond 100 messages → 400 INVALID_ARGUMENT, not a stack overflow', async () => {
    // Built as text: JSON.stringify itself overflows the stack at this depth.
    const depth = 5000;
    const value = `${'{"mapValue":{"fields":{"m":'.repeat(depth)}{"stringValue":"leaf"}${'}}}'.repeat(depth)}`;
    const body = `{"writes":[{"update":{"name":${JSON.stringify(docName(projectId, 'deep/d'))},"fields":{"m":${value}}}}]}`;
    expect(expectError(await call('POST', `${base}:commit`, body), 400, 'INVALID_ARGUMENT').message).toMatch(/nest deeper/);
  });

  it('a body over 12 MiB → 400 naming the limit, and the server keeps serving', async () => {
    const big = `{"writes":[],"pad":"${'x'.repeat(13 * 1024 * 1024)}"}`;
    const error = expectError(await call('POST', `${base}:commit`, big), 400, 'INVALID_ARGUMENT');
    expect(error.message).toMatch(/exceeds the limit: \d+ bytes/);
    expect((await call('POST', `${base}:beginTransaction`, {})).status).toBe(200);
  });

  it.each([
    ['POST', ':listen', 'Listen'],
    ['POST', ':write', 'Write'],
    ['POST', ':executePipeline', 'ExecutePipeline'],
  ])('%s documents%s → 501 UNIMPLEMENTED naming %s', async (method, suffix, rpc) => {
    const error = expectError(await call(method, `${base}${suffix}`, {}), 501, 'UNIMPLEMENTED');
    expect(error.message).toContain(rpc);
  });

  it('Admin API routes → 501 UNIMPLEMENTED; routes naming no RPC → 404', async () => {
    const database = `http://${target.hostAndPort}/v1/projects/${projectId}/databases/(default)`;
    expect(expectError(await call('GET', database), 501, 'UNIMPLEMENTED').message).toContain('Admin API');
    expectError(await call('GET', `${database}/indexes`), 501, 'UNIMPLEMENTED');
    expectError(await call('GET', `http://${target.hostAndPort}/v1/projects/${projectId}/databases`), 501, 'UNIMPLEMENTED');
    expectError(await call('POST', `${base}:frobnicate`, {}), 404, 'NOT_FOUND');
    expectError(await call('POST', `${base}/c/d:commit`, {}), 404, 'NOT_FOUND');
    expectError(await call('PUT', `${base}/c/d`, {}), 404, 'NOT_FOUND');
    expectError(await call('GET', `http://${target.hostAndPort}/v1/projects/${projectId}`), 404, 'NOT_FOUND');
    expectError(await call('GET', `http://${target.hostAndPort}/v2/whatever`), 404, 'NOT_FOUND');
  });
});

describe('CORS', () => {
  const origin = 'http://localhost:5173';

  it('a preflight → 204 echoing the origin, credentials, methods and the requested headers', async () => {
    const asked = 'authorization,google-cloud-resource-prefix,x-firebase-gmpid,x-goog-api-client,x-goog-api-key,x-goog-request-params';
    const res = await call('OPTIONS', `${base}:commit?key=k`, undefined, {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': asked,
    });
    expect(res.status).toBe(204);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'access-control-allow-headers': asked,
      'access-control-max-age': '3600',
      vary: 'Origin',
    });
  });

  it('answers and errors echo the origin (never *) with credentials and the exposed session header', async () => {
    for (const res of [
      await call('POST', `${base}:beginTransaction`, {}, { Origin: origin, 'Content-Type': 'text/plain' }),
      await call('GET', `${base}/c/missing`, undefined, { Origin: origin }),
    ]) {
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-expose-headers')).toBe('X-HTTP-Session-Id');
    }
  });

  it('no Origin, no CORS headers', async () => {
    const res = await call('POST', `${base}:beginTransaction`, {});
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
