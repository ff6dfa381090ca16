/**
 * Bad gRPC framing over a raw HTTP/2 session (node:http2): what no gRPC library sends. grpc-js
 * answers each with a status before any handler runs; these pin what clients see and that the
 * port keeps serving afterwards (firestore-protocol.md §1, §4.4).
 */
import http2 from 'node:http2';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { status } from './expect-status.js';
import { docName, encodeRequest, RawFirestore } from './raw-firestore.js';
import { Sentinel } from './sentinel.js';

interface H2Answer {
  readonly httpStatus: number | undefined;
  readonly grpcStatus: number | undefined;
  readonly grpcMessage: string;
}

/** A 5-byte gRPC message prefix (compressed flag, big-endian length) and the body. */
const grpcFrame = (body: Buffer, { compressed = false, declaredLength = body.length } = {}): Buffer => {
  const prefix = Buffer.alloc(5);
  prefix[0] = compressed ? 1 : 0;
  prefix.writeUInt32BE(declaredLength, 1);
  return Buffer.concat([prefix, body]);
};

const GET_DOCUMENT = '/google.firestore.v1.Firestore/GetDocument';

describe('bad gRPC framing on a raw HTTP/2 session', () => {
  let target: EmulatorTarget;
  let session: http2.ClientHttp2Session;
  let raw: RawFirestore;
  let admin: Awaited<ReturnType<typeof adminFirestore>>;
  let sentinel: Sentinel;
  const projectId = uniqueProjectId('framing');
  const getRequest = () => encodeRequest('GetDocument', { name: docName(projectId, 'sentinel/a') });

  beforeAll(async () => {
    target = await startTarget();
    raw = new RawFirestore(target.hostAndPort);
    admin = await adminFirestore(projectId);
    sentinel = await Sentinel.plant(admin.db, raw, projectId);
    session = http2.connect(`http://${target.hostAndPort}`);
  });
  // Every case, not just the suite, must leave the server serving and the planted data untouched.
  afterEach(() => sentinel.assertUnchanged());
  afterAll(async () => {
    session?.close();
    raw?.close();
    await admin?.close();
    await target?.stop();
  });

  /** Sends one HTTP/2 request and resolves with its HTTP and gRPC status; rejects after 5 s. */
  function send(path: string, headers: http2.OutgoingHttpHeaders, messages: Buffer[], method = 'POST'): Promise<H2Answer> {
    return new Promise((resolve, reject) => {
      const stream = session.request({ ':method': method, ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
      let head: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders = {};
      const timer = setTimeout(() => {
        stream.close();
        reject(new Error(`no answer within 5 s for ${path}`));
      }, 5000);
      stream.on('response', (h) => (head = h));
      stream.on('trailers', (t) => (trailers = t));
      stream.on('error', () => undefined); // the close below reports the outcome
      stream.resume();
      stream.on('close', () => {
        clearTimeout(timer);
        const gs = head['grpc-status'] ?? trailers['grpc-status'];
        const gm = head['grpc-message'] ?? trailers['grpc-message'];
        resolve({
          httpStatus: head[':status'] === undefined ? undefined : Number(head[':status']),
          grpcStatus: gs === undefined ? undefined : Number(gs),
          grpcMessage: decodeURIComponent(String(gm ?? '')),
        });
      });
      for (const m of messages) stream.write(m);
      stream.end();
    });
  }

  it('an unknown method → UNIMPLEMENTED naming it', async () => {
    const a = await send('/google.firestore.v1.Firestore/NoSuchMethod', {}, [grpcFrame(getRequest())]);
    expect(a).toMatchObject({ httpStatus: 200, grpcStatus: status.UNIMPLEMENTED });
    expect(a.grpcMessage).toContain('/google.firestore.v1.Firestore/NoSuchMethod');
  });

  it('an unknown service → UNIMPLEMENTED', async () => {
    expect(await send('/no.such.Service/Get', {}, [grpcFrame(getRequest())])).toMatchObject({ grpcStatus: status.UNIMPLEMENTED });
  });

  it('a content-type that is not application/grpc → HTTP 415, no gRPC status', async () => {
    expect(await send(GET_DOCUMENT, { 'content-type': 'text/plain' }, [grpcFrame(getRequest())])).toMatchObject({ httpStatus: 415, grpcStatus: undefined });
  });

  it('a GET → HTTP 415', async () => {
    expect(await send(GET_DOCUMENT, { 'content-type': undefined, te: undefined }, [], 'GET')).toMatchObject({ httpStatus: 415 });
  });

  it('a message prefix declaring 100 MiB (over the 64 MiB limit) → RESOURCE_EXHAUSTED before the bytes arrive', async () => {
    const a = await send(GET_DOCUMENT, {}, [grpcFrame(getRequest(), { declaredLength: 100 * 1024 * 1024 })]);
    expect(a).toMatchObject({ grpcStatus: status.RESOURCE_EXHAUSTED });
    expect(a.grpcMessage).toMatch(/larger than max/);
  });

  it('a gzip bomb (70 KiB that inflates to 70 MiB) → RESOURCE_EXHAUSTED', async () => {
    const bomb = gzipSync(Buffer.alloc(70 * 1024 * 1024));
    const a = await send(GET_DOCUMENT, { 'grpc-encoding': 'gzip' }, [grpcFrame(bomb, { compressed: true })]);
    expect(a).toMatchObject({ grpcStatus: status.RESOURCE_EXHAUSTED });
    expect(a.grpcMessage).toMatch(/decompresses to a size larger than/);
  });

  it('a compressed message with an unsupported encoding → UNIMPLEMENTED', async () => {
    const a = await send(GET_DOCUMENT, { 'grpc-encoding': 'snappy' }, [grpcFrame(getRequest(), { compressed: true })]);
    expect(a).toMatchObject({ grpcStatus: status.UNIMPLEMENTED });
    expect(a.grpcMessage).toMatch(/unsupported encoding "snappy"/);
  });

  it('gzip-flagged bytes that are not gzip → INTERNAL "Failed to decompress message"', async () => {
    expect(await send(GET_DOCUMENT, { 'grpc-encoding': 'gzip' }, [grpcFrame(getRequest(), { compressed: true })])).toMatchObject({
      grpcStatus: status.INTERNAL,
      grpcMessage: 'Failed to decompress message',
    });
  });

  it('a valid gzip-compressed request is served', async () => {
    const a = await send(GET_DOCUMENT, { 'grpc-encoding': 'gzip' }, [grpcFrame(gzipSync(getRequest()), { compressed: true })]);
    expect(a).toMatchObject({ grpcStatus: status.OK });
  });

  it('a message cut short by the end of the stream → UNIMPLEMENTED "Received no request message"', async () => {
    const a = await send(GET_DOCUMENT, {}, [grpcFrame(getRequest(), { declaredLength: 500 })]);
    expect(a).toMatchObject({ grpcStatus: status.UNIMPLEMENTED });
    expect(a.grpcMessage).toMatch(/Received no request message/);
  });

  it('no message at all on a unary call → UNIMPLEMENTED "Received no request message"', async () => {
    expect(await send(GET_DOCUMENT, {}, [])).toMatchObject({ grpcStatus: status.UNIMPLEMENTED });
  });

  it('two messages on a unary call → UNIMPLEMENTED "Received a second request message"', async () => {
    const a = await send(GET_DOCUMENT, {}, [grpcFrame(getRequest()), grpcFrame(getRequest())]);
    expect(a).toMatchObject({ grpcStatus: status.UNIMPLEMENTED });
    expect(a.grpcMessage).toMatch(/second request message/);
  });

  it('an unparsable grpc-timeout → INTERNAL naming it', async () => {
    const a = await send(GET_DOCUMENT, { 'grpc-timeout': 'soon' }, [grpcFrame(getRequest())]);
    expect(a).toMatchObject({ grpcStatus: status.INTERNAL });
    expect(a.grpcMessage).toMatch(/Invalid grpc-timeout value "soon"/);
  });

  it('Listen with a truncated first message and a half-close ends cleanly (OK), without a session', async () => {
    const a = await send('/google.firestore.v1.Firestore/Listen', {}, [grpcFrame(Buffer.from([0x0a]), { declaredLength: 50 })]);
    expect(a).toMatchObject({ grpcStatus: status.OK });
  });

  it('afterwards the same HTTP/2 session still serves a valid call, and the stored data is unchanged', async () => {
    expect(await send(GET_DOCUMENT, {}, [grpcFrame(getRequest())])).toMatchObject({ httpStatus: 200, grpcStatus: status.OK });
    await sentinel.assertIntact();
  });
});
