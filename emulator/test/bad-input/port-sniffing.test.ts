/**
 * The one-port multiplexer (firestore-protocol.md §1) under awkward TCP: the HTTP/2 preface or an
 * HTTP/1.1 request split into one-byte segments, connections that send nothing or half a preface,
 * and a burst of connections that open and drop. Routing must not depend on how TCP segments the
 * first bytes, and none of it may take the port down.
 */
import http2 from 'node:http2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FirestoreEmulator } from '../../src/emulator.js';
import { adminFirestore, describeEmbeddedOnly, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { expectStatus, status } from './expect-status.js';
import { docName, RawFirestore } from './raw-firestore.js';
import { splittingProxy, tcpExchange } from './raw-tcp.js';
import { Sentinel } from './sentinel.js';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** An empty SETTINGS frame: length 0, type 4, no flags, stream 0. */
const SETTINGS = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
const isHttp2Settings = (b: Buffer) => b.length >= 9 && b[3] === 4 && b.readUInt32BE(5) === 0;

/** The type and stream of each whole HTTP/2 frame in `bytes`. */
function frameTypes(bytes: Buffer): { type: number; streamId: number }[] {
  const frames: { type: number; streamId: number }[] = [];
  for (let at = 0; at + 9 <= bytes.length; at += 9 + bytes.readUIntBE(at, 3)) frames.push({ type: bytes[at + 3]!, streamId: bytes.readUInt32BE(at + 5) & 0x7fffffff });
  return frames;
}

describe('protocol sniffing on the shared port', () => {
  let target: EmulatorTarget;
  let raw: RawFirestore;
  let admin: Awaited<ReturnType<typeof adminFirestore>>;
  let sentinel: Sentinel;
  const projectId = uniqueProjectId('sniff');

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

  it('a gRPC client whose first 40 bytes arrive one per TCP segment is served', async () => {
    const proxy = await splittingProxy(target.host, target.port, 40, 3);
    const viaProxy = new RawFirestore(proxy.hostAndPort);
    try {
      const outcome = await viaProxy.call('GetDocument', { name: docName(projectId, 'sentinel/a') });
      expectStatus(outcome, status.OK);
      expect(outcome.responses[0]).toMatchObject({ name: docName(projectId, 'sentinel/a') });
    } finally {
      viaProxy.close();
      await proxy.close();
    }
  });

  it.each([1, 2, 3, 23])('the preface split after %i byte(s) is still answered with HTTP/2 SETTINGS', async (at) => {
    const { received } = await tcpExchange(target.host, target.port, [PREFACE.subarray(0, at), PREFACE.subarray(at), SETTINGS], { gapMs: 20, waitMs: 1000 });
    expect(received.toString('latin1', 0, 8)).not.toBe('HTTP/1.1');
    expect(isHttp2Settings(received), `got ${received.subarray(0, 16).toString('hex')}`).toBe(true);
  });

  it('an HTTP/1.1 request arriving one byte per segment is answered', async () => {
    const request = Buffer.from(`GET / HTTP/1.1\r\nHost: ${target.hostAndPort}\r\nConnection: close\r\n\r\n`);
    const bytes = [...request].map((b) => Buffer.from([b]));
    const { received, closedByServer } = await tcpExchange(target.host, target.port, bytes, { gapMs: 1, end: false });
    // The body may come chunked ("2\r\nOk\r\n0\r\n\r\n") or with a length.
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n(2\r\n)?Ok(\r\n0\r\n\r\n)?$/);
    expect(closedByServer).toBe(true);
  });

  it('an HTTP/1.1 request whose method starts like the preface ("PRI * HTTP/1.1") is handled as HTTP/1.1', async () => {
    const { received, closedByServer } = await tcpExchange(target.host, target.port, [Buffer.from('PRI * HTTP/1.1\r\nHost: x\r\n\r\n')]);
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 [45]\d\d /);
    expect(closedByServer).toBe(true);
  });

  it.each([
    { label: 'nothing', chunks: [] },
    { label: 'one byte "P"', chunks: [Buffer.from('P')] },
    { label: 'half the preface', chunks: [PREFACE.subarray(0, 12)] },
    { label: 'the preface and nothing else', chunks: [PREFACE] },
    { label: 'a NUL byte', chunks: [Buffer.from([0])] },
  ])('a client that sends $label and half-closes is disconnected promptly', async ({ chunks }) => {
    const { closedByServer } = await tcpExchange(target.host, target.port, chunks, { waitMs: 2000 });
    expect(closedByServer).toBe(true);
  });

  it('200 connections that open and drop at once (with and without a partial preface) leave the port serving', async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => tcpExchange(target.host, target.port, i % 2 ? [PREFACE.subarray(0, i % 24)] : [], { end: false, waitMs: 20 })),
    );
    expectStatus(await raw.call('GetDocument', { name: docName(projectId, 'sentinel/b') }), status.OK);
  });

  it('afterwards the stored data is unchanged and the Admin SDK still works', async () => {
    const res = await fetch(`http://${target.hostAndPort}/`);
    expect(await res.text()).toBe('Ok');
    await sentinel.assertIntact();
  });
});

describeEmbeddedOnly('HTTP/2 connections broken by a protocol error', () => {
  const KEEPALIVE = { intervalMs: 200, timeoutMs: 300 };
  let emulator: FirestoreEmulator;

  beforeAll(async () => {
    emulator = new FirestoreEmulator({ keepalive: KEEPALIVE });
    await emulator.start();
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  /** An HTTP/2 frame: 24-bit length, type, flags, stream id, payload. */
  const frame = (type: number, flags: number, streamId: number, payload: Buffer, length = payload.length) => {
    const header = Buffer.alloc(9);
    header.writeUIntBE(length, 0, 3);
    header[3] = type;
    header[4] = flags;
    header.writeUInt32BE(streamId, 5);
    return Buffer.concat([header, payload]);
  };
  const END_HEADERS = 0x4;

  // After these, Node's HTTP/2 session sends GOAWAY and stops reading, but never closes the socket:
  // without the keepalive the connection would stay open for good, even after the client left.
  it.each([
    { label: 'a 3-byte WINDOW_UPDATE (FRAME_SIZE_ERROR)', bad: frame(8, 0, 3, Buffer.alloc(3)) },
    { label: 'HEADERS that are not HPACK (COMPRESSION_ERROR)', bad: frame(1, END_HEADERS, 1, Buffer.alloc(5, 0xff)) },
    { label: 'DATA on an idle stream (PROTOCOL_ERROR)', bad: frame(0, 0, 1, Buffer.alloc(5)) },
  ])('after $label the server closes the connection within the keepalive time', async ({ bad }) => {
    const started = Date.now();
    const { received, closedByServer } = await tcpExchange(emulator.host, emulator.port, [PREFACE, SETTINGS, bad], { waitMs: 3000 });
    expect(closedByServer).toBe(true);
    expect(Date.now() - started).toBeLessThan(KEEPALIVE.intervalMs + KEEPALIVE.timeoutMs + 1500);
    // The server said why first: a GOAWAY frame (type 7) on stream 0.
    expect(frameTypes(received), received.toString('hex')).toContainEqual({ type: 7, streamId: 0 });
  });

  it('a healthy idle connection answers the pings and is not dropped', async () => {
    const session = http2.connect(`http://${emulator.hostAndPort}`);
    let closedAt: number | undefined;
    session.on('close', () => (closedAt = Date.now()));
    session.on('error', () => undefined);
    try {
      await new Promise<void>((resolve, reject) => {
        session.once('connect', () => resolve());
        session.once('error', reject);
      });
      await new Promise((r) => setTimeout(r, (KEEPALIVE.intervalMs + KEEPALIVE.timeoutMs) * 3));
      expect(closedAt).toBeUndefined();
      expect(session.destroyed).toBe(false);
    } finally {
      session.close();
    }
  });
});
