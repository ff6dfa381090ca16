/**
 * Bad HTTP/1.1 input on the shared port: unknown routes, malformed URLs and bodies, requests cut
 * off mid-body, garbage request lines. Every error is the REST error JSON with the right status
 * (firestore-protocol.md §5.4), never a stack trace, and the port keeps serving.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { expectErrorBody } from './http-error-body.js';
import { RawFirestore } from './raw-firestore.js';
import { tcpExchange } from './raw-tcp.js';
import { Sentinel } from './sentinel.js';

const REST_ROUTES = [
  ['POST', '/v1/projects/p/databases/(default)/documents:commit'],
  ['POST', '/v1/projects/p/databases/(default)/documents:batchGet'],
  ['POST', '/v1/projects/p/databases/(default)/documents:runQuery'],
  ['POST', '/v1/projects/p/databases/(default)/documents:runAggregationQuery'],
  ['POST', '/v1/projects/p/databases/(default)/documents:beginTransaction'],
  ['POST', '/v1/projects/p/databases/(default)/documents:rollback'],
  ['POST', '/v1/projects/p/databases/(default)/documents:batchWrite'],
  ['POST', '/v1/projects/p/databases/(default)/documents:listCollectionIds'],
  ['POST', '/v1/projects/p/databases/%28default%29/documents:commit'],
  ['GET', '/v1/projects/p/databases/(default)/documents/c/d'],
  ['PATCH', '/v1/projects/p/databases/(default)/documents/c/d'],
] as const;
// DELETE of a document and GET of a collection take no body: with any body they are valid calls
// (delete a missing document, list an empty collection) and succeed; raw-rest.test.ts covers them.

const GARBAGE_BODIES = ['{', 'null', '[]', '"text"', '{"writes":"not a list"}', '{"writes":[{"update":{"name":12}}]}', '\u0000\u0001\u0002'];

describe('bad HTTP/1.1 requests', () => {
  let target: EmulatorTarget;
  let base: string;
  let raw: RawFirestore;
  let admin: Awaited<ReturnType<typeof adminFirestore>>;
  let sentinel: Sentinel;
  const projectId = uniqueProjectId('http');

  beforeAll(async () => {
    target = await startTarget();
    base = `http://${target.hostAndPort}`;
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

  async function request(method: string, path: string, body?: string) {
    const res = await fetch(base + path, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}), signal: AbortSignal.timeout(5000) });
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  }

  it('an unknown route → 404 NOT_FOUND naming it', async () => {
    const r = await request('POST', '/no/such/route', '{}');
    expect(r.status).toBe(404);
    const error = expectErrorBody(r.status, r.contentType, r.text, 'POST /no/such/route');
    expect(error).toMatchObject({ status: 'NOT_FOUND', message: expect.stringContaining('/no/such/route') });
  });

  it('an unknown /emulator/v1 endpoint → 404 NOT_FOUND', async () => {
    const r = await request('PUT', '/emulator/v1/projects/p:nothing', '{}');
    expect(r.status).toBe(404);
    expect(expectErrorBody(r.status, r.contentType, r.text, 'PUT :nothing').status).toBe('NOT_FOUND');
  });

  describe.each(REST_ROUTES)('%s %s with garbage bodies', (method, path) => {
    it.each(GARBAGE_BODIES.map((b) => [b]))('body %j → a 4xx/5xx REST error body', async (body) => {
      const r = await request(method, path, method === 'GET' ? undefined : body);
      expect(r.status, r.text).toBeGreaterThanOrEqual(400);
      expectErrorBody(r.status, r.contentType, r.text, `${method} ${path}`);
    });
  });

  it.each([
    ['DELETE', '/emulator/v1/projects/%zz/databases/(default)/documents'],
    ['DELETE', '/emulator/v1/projects/p/databases/%E0%A4%A/documents'],
    ['POST', '/emulator/v1/projects/%C3:export'],
    ['GET', '/v1/projects/p/databases/(default)/documents/c/%'],
  ])('%s %s (malformed percent-encoding) → 400 INVALID_ARGUMENT, not an internal error', async (method, path) => {
    const r = await request(method, path, method === 'GET' ? undefined : '{}');
    expect(r.status, r.text).toBe(400);
    expect(expectErrorBody(r.status, r.contentType, r.text, path).status).toBe('INVALID_ARGUMENT');
  });

  it('clearing a project with an invalid id → 400 INVALID_ARGUMENT', async () => {
    const r = await request('DELETE', '/emulator/v1/projects/bad%20project/databases/(default)/documents');
    expect(r.status).toBe(400);
    expect(expectErrorBody(r.status, r.contentType, r.text, 'clear').message).toMatch(/Invalid project id/);
  });

  it('a control endpoint body that is not JSON → 400 INVALID_ARGUMENT without parser internals', async () => {
    const r = await request('POST', '/emulator/v1/projects/p:export', '{"export_directory": ');
    expect(r.status).toBe(400);
    expect(expectErrorBody(r.status, r.contentType, r.text, ':export').status).toBe('INVALID_ARGUMENT');
  });

  it('a control endpoint body over 1 MiB → 400, and the next requests on pooled connections are served', async () => {
    const r = await request('POST', '/emulator/v1/projects/p:export', `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    expect(r.status).toBe(400);
    expectErrorBody(r.status, r.contentType, r.text, ':export big');
    // Regression: the unread rest of the body stayed on a kept-alive connection, and the next
    // request fetch sent over it never got an answer.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/`, { signal: AbortSignal.timeout(2000) });
      expect(await res.text()).toBe('Ok');
    }
  });

  it.each([
    { label: 'a garbage request line', bytes: 'GARBAGE\r\n\r\n' },
    { label: 'a header line without a colon', bytes: 'GET / HTTP/1.1\r\nHost x\r\n\r\n' },
    { label: 'an invalid Content-Length', bytes: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n' },
    { label: 'both Content-Length and chunked', bytes: 'POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc' },
    { label: '20 KiB of headers', bytes: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n` },
    { label: 'a bad chunk size', bytes: 'POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n' },
  ])('$label → a 4xx answer and the connection is closed', async ({ bytes }) => {
    const { received, closedByServer } = await tcpExchange(target.host, target.port, [Buffer.from(bytes)], { end: false });
    // Usually Node's parser rejects it ("400 Bad Request"); a route may answer before the bad body is read.
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(closedByServer).toBe(true);
  });

  it('requests cut off mid-body (the client vanishes) do not hurt the server', async () => {
    const cut = [
      'POST /emulator/v1/projects/p:export HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"export_directory":',
      'DELETE /emulator/v1/projects/p/databases/(default)/documents HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{',
      'POST /v1/projects/p/databases/(default)/documents:commit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"wri',
    ];
    await Promise.all(cut.map((c) => tcpExchange(target.host, target.port, [Buffer.from(c)], { end: false, waitMs: 50 })));
    const r = await request('GET', '/');
    expect(r).toMatchObject({ status: 200, text: 'Ok' });
  });

  it('afterwards the stored data is unchanged and the Admin SDK still works', async () => {
    await sentinel.assertIntact();
  });
});
