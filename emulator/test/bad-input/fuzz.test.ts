/**
 * Seeded fuzzing of the shared port: random TCP openings, random JSON over every HTTP route, and
 * protobuf-ish payloads to every RPC. Nothing may crash the process, hang a connection or a call,
 * produce an internal error, or leak a stack trace; afterwards the Admin SDK is served and the data
 * written before the fuzz is exactly as it was.
 *
 * The seed is printed; rerun one with FUZZ_SEED=<n>. Sizes scale with FUZZ_SCALE (default 1).
 * Runs against a private embedded emulator: the fuzz needs a short lock timeout (a random
 * read-write transaction may lock a document others then wait for), a short HTTP/2 keepalive,
 * and watches the server's log.
 */
import { afterAll, afterEach, beforeAll, expect, it, vi, type MockInstance } from 'vitest';
import { status } from '@grpc/grpc-js';
import { FirestoreEmulator } from '../../src/emulator.js';
import { adminFirestore, describeEmbeddedOnly } from '../harness.js';
import { HTTP2_PREFACE, inPool, protobufPayload, randomBody, Rng, tcpOpening } from './fuzz-inputs.js';
import { expectErrorBody, STACK_TRACE } from './http-error-body.js';
import { dbName, docName, RawFirestore, RPC_NAMES, type Outcome } from './raw-firestore.js';
import { tcpExchange } from './raw-tcp.js';
import { Sentinel } from './sentinel.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_240_611);
const SCALE = Number(process.env['FUZZ_SCALE'] ?? 1);
const TCP_CONNECTIONS = Math.round(300 * SCALE);
const HTTP_REQUESTS = Math.round(300 * SCALE);
const CALLS_PER_RPC = Math.round(40 * SCALE);

/** Fixed ids: the payloads are a function of the seed alone. The sentinel's project is never named in them. */
const FUZZ_PROJECT = 'demo-fuzz-target';
const SENTINEL_PROJECT = 'demo-fuzz-sentinel';

const STRINGS = [
  dbName(FUZZ_PROJECT),
  docName(FUZZ_PROJECT),
  docName(FUZZ_PROJECT, 'c/d'),
  docName(FUZZ_PROJECT, 'c/d/e/f'),
  docName(FUZZ_PROJECT, 'c'),
  'projects//databases/(default)',
  '(default)',
  'c',
  '__name__',
  '__reserved__',
  'a.b',
  '`x`',
  '',
  '\u0000',
  '😀',
  'x'.repeat(2000),
];

const ROUTES = [
  '/',
  `/emulator/v1/projects/${FUZZ_PROJECT}/databases/(default)/documents`,
  `/emulator/v1/projects/${FUZZ_PROJECT}:securityRules`,
  `/emulator/v1/projects/${FUZZ_PROJECT}:export`,
  `/emulator/v1/projects/${FUZZ_PROJECT}:ruleCoverage`,
  ...['commit', 'batchGet', 'runQuery', 'runAggregationQuery', 'beginTransaction', 'rollback', 'batchWrite', 'listCollectionIds', 'partitionQuery', 'listen', 'write'].map(
    (m) => `/v1/projects/${FUZZ_PROJECT}/databases/(default)/documents:${m}`,
  ),
  `/v1/projects/${FUZZ_PROJECT}/databases/%28default%29/documents:commit`,
  `/v1/projects/${FUZZ_PROJECT}/databases/(default)/documents/c/d`,
  `/v1/projects/${FUZZ_PROJECT}/databases/(default)/documents/c`,
  `/v1/projects/${FUZZ_PROJECT}/databases/(default)`,
  '/google.firestore.v1.Firestore/Listen/channel',
  `/google.firestore.v1.Firestore/Write/channel?VER=8&database=projects%2F${FUZZ_PROJECT}%2Fdatabases%2F(default)&RID=1&CVER=22&zx=a&t=1`,
  '/google.firestore.v1.Firestore/Commit',
  '/no/such/route',
  '/v1/',
  '//',
  '/%',
  '/%00',
  '/..%2F..%2Fetc%2Fpasswd',
  `/${'a'.repeat(4000)}`,
];

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** What a protobuf-ish call may end with: a rejection, a decode failure, or (for a lucky mutation) success. */
const ACCEPTABLE_CODES = new Set<number>([
  status.OK,
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.ALREADY_EXISTS,
  status.FAILED_PRECONDITION,
  status.ABORTED,
  status.UNIMPLEMENTED,
  status.INTERNAL, // only as grpc-js's own decode failure, checked below
]);

describeEmbeddedOnly('fuzz: the port survives random input', () => {
  let emulator: FirestoreEmulator;
  let raw: RawFirestore;
  let admin: Awaited<ReturnType<typeof adminFirestore>>;
  let sentinel: Sentinel;
  let errorLog: MockInstance<typeof console.error>;
  const started = Date.now();

  beforeAll(async () => {
    console.log(`[fuzz] seed ${SEED} (rerun with FUZZ_SEED=${SEED}), scale ${SCALE}`);
    // Short keepalive: HTTP/2 connections broken by a protocol error are reclaimed only by it.
    emulator = new FirestoreEmulator({ database: { lockTimeoutMs: 500 }, keepalive: { intervalMs: 200, timeoutMs: 300 } });
    await emulator.start();
    // Each test file runs in its own process, so pointing the Admin SDK here affects only this file.
    process.env['FIRESTORE_EMULATOR_HOST'] = emulator.hostAndPort;
    raw = new RawFirestore(emulator.hostAndPort);
    admin = await adminFirestore(SENTINEL_PROJECT);
    sentinel = await Sentinel.plant(admin.db, raw, SENTINEL_PROJECT);
    // Observed, not replaced: the emulator logs every error it maps to INTERNAL through console.error.
    errorLog = vi.spyOn(console, 'error');
  });
  // Every case, not just the suite, must leave the server serving and the planted data untouched.
  afterEach(() => sentinel.assertUnchanged());
  afterAll(async () => {
    errorLog?.mockRestore();
    raw?.close();
    await admin?.close();
    await emulator?.stop();
    console.log(`[fuzz] total ${Date.now() - started} ms`);
  });

  it(`${TCP_CONNECTIONS} random TCP openings are each closed by the server once the client half-closes`, async () => {
    const r = new Rng(SEED);
    const openings = Array.from({ length: TCP_CONNECTIONS }, () => tcpOpening(r, ROUTES));
    const hung: string[] = [];
    const kinds = new Map<string, number>();
    await inPool(openings, 25, async ({ kind, segments }) => {
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const { closedByServer } = await tcpExchange(emulator.host, emulator.port, segments, { gapMs: segments.length > 1 ? 1 : 0, waitMs: 3000 });
      if (!closedByServer) hung.push(`${kind}: ${Buffer.concat(segments).subarray(0, 48).toString('hex')}`);
    });
    console.log(`[fuzz] tcp openings by kind: ${JSON.stringify(Object.fromEntries(kinds))}`);
    expect(hung).toEqual([]);
  });

  it(`${HTTP_REQUESTS} random HTTP requests to every route each get a well-formed answer`, async () => {
    const r = new Rng(SEED + 1);
    const requests = Array.from({ length: HTTP_REQUESTS }, () => {
      const method = r.pick(HTTP_METHODS);
      let path = r.pick(ROUTES);
      if (r.chance(0.2)) path += `?${encodeURIComponent(r.bytes(r.int(12)).toString('latin1'))}=${r.int(100)}`;
      const body = method === 'GET' ? undefined : randomBody(r, STRINGS);
      const contentType = r.pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/grpc']);
      return { method, path, body, contentType };
    });
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    await inPool(requests, 10, async ({ method, path, body, contentType }) => {
      const what = `${method} ${path.slice(0, 80)} ${JSON.stringify(body?.slice(0, 60))}`;
      try {
        const res = await fetch(`http://${emulator.hostAndPort}${path}`, {
          method,
          headers: { 'content-type': contentType },
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.timeout(5000),
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 400) expectErrorBody(res.status, res.headers.get('content-type'), text, what);
        else if (STACK_TRACE.test(text)) problems.push(`${what}: stack trace in a ${res.status} body`);
        if (res.status >= 500 && res.status !== 501) problems.push(`${what}: ${res.status} ${text.slice(0, 200)}`);
      } catch (e) {
        problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    console.log(`[fuzz] http statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(problems).toEqual([]);
  });

  it(`${CALLS_PER_RPC} protobuf-ish payloads to each of the ${RPC_NAMES.length} RPCs each end with an acceptable status`, async () => {
    const r = new Rng(SEED + 2);
    const calls = RPC_NAMES.flatMap((method) =>
      Array.from({ length: CALLS_PER_RPC }, () => {
        const first = protobufPayload(r, method, FUZZ_PROJECT, STRINGS);
        // Streams sometimes get a second message after the first.
        const more = r.chance(0.3) ? [protobufPayload(r, method, FUZZ_PROJECT, STRINGS).bytes] : [];
        return { method, kind: first.kind, messages: [first.bytes, ...more] };
      }),
    );
    const problems: string[] = [];
    const codes = new Map<string, number>();
    await inPool(calls, 20, async ({ method, kind, messages }) => {
      const outcome: Outcome =
        method === 'Listen' || method === 'Write' ? await raw.bidiOnce(method, messages, true, 5000) : await raw.call(method, messages[0]!, 5000);
      codes.set(status[outcome.code], (codes.get(status[outcome.code]) ?? 0) + 1);
      const what = `${method} (${kind}) ${messages.map((m) => m.subarray(0, 40).toString('hex')).join(' + ')}`;
      if (!ACCEPTABLE_CODES.has(outcome.code)) problems.push(`${what}: ${status[outcome.code]} ${outcome.details}`);
      if (outcome.code === status.INTERNAL && !/^Error deserializing request/.test(outcome.details))
        problems.push(`${what}: INTERNAL from a handler: ${outcome.details}`);
    });
    console.log(`[fuzz] rpc codes: ${JSON.stringify(Object.fromEntries(codes))}`);
    expect(problems).toEqual([]);
  });

  it('nothing was logged as an internal error while fuzzing', () => {
    const internal = errorLog.mock.calls.map((args) => args.map(String).join(' ')).filter((line) => /internal error/i.test(line));
    expect(internal).toEqual([]);
  });

  it('afterwards gRPC, HTTP and the Admin SDK are served and the sentinel data is unchanged', async () => {
    const res = await fetch(`http://${emulator.hostAndPort}/`, { signal: AbortSignal.timeout(5000) });
    expect(await res.text()).toBe('Ok');
    const { received } = await tcpExchange(emulator.host, emulator.port, [HTTP2_PREFACE, Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])], { waitMs: 500 });
    expect(received[3]).toBe(4); // the server's SETTINGS frame
    await sentinel.assertIntact();
    expect(Date.now() - started, 'the whole fuzz run stays bounded').toBeLessThan(25_000);
  });
});
