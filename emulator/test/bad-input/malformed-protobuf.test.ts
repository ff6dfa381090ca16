/**
 * Bytes that are not a valid protobuf message, sent to every RPC.
 *
 * grpc-js 1.14 answers a request it cannot decode with INTERNAL "Error deserializing request"
 * (server-interceptors `decompressAndMaybePush`). The emulator gives the same status, but from its
 * handlers (protocol/grpc/service.ts says why), so that is what is asserted. protobufjs is lenient
 * in places, though: its Buffer reader clamps a string that claims more bytes than remain, and
 * skips varints of any length. Those bytes decode to a garbage request, which must be rejected as
 * INVALID_ARGUMENT. Both groups are asserted exactly, and the server must keep serving with the
 * stored data intact.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { dbName, docName, encodeRequest, RawFirestore, RPC_NAMES, sampleRequest, type RpcName } from './raw-firestore.js';
import { commitWithField, nestedMapValue, tag as protoTag } from './proto-bytes.js';
import { Sentinel } from './sentinel.js';

const INVALID_ARGUMENT = 3;
const INTERNAL = 13;
const UNIMPLEMENTED = 12;

/** A field no Firestore request defines, so protobufjs's skip logic (not a typed reader) sees it. */
const UNKNOWN_FIELD = 9999;
const tag = (wireType: number, field = UNKNOWN_FIELD): number[] => protoTag(field, wireType);

/** protobufjs rejects each of these whatever the message type. */
const UNDECODABLE: { label: string; bytes: Buffer }[] = [
  { label: 'wire type 7', bytes: Buffer.from([...tag(7), 0x01]) },
  { label: 'wire type 6', bytes: Buffer.from([...tag(6), 0x01]) },
  { label: 'end-group with no group', bytes: Buffer.from(tag(4)) },
  { label: 'unknown length-delimited field longer than the message', bytes: Buffer.from([...tag(2), 0x05, 0x61]) },
  { label: 'unknown varint cut off', bytes: Buffer.from([...tag(0), 0xff]) },
  { label: 'unknown fixed64 cut off', bytes: Buffer.from([...tag(1), 0x01, 0x02, 0x03]) },
  { label: 'unknown fixed32 cut off', bytes: Buffer.from([...tag(5), 0x01]) },
  { label: 'group never closed', bytes: Buffer.from([...tag(3), 0x08, 0x01]) },
  { label: 'groups nested past the recursion limit', bytes: Buffer.from(Array.from({ length: 150 }, () => tag(3)).flat()) },
  { label: 'field 1 length varint cut off', bytes: Buffer.from([0x0a, 0xff]) },
];

/** Decodes (leniently) into a request the handler must reject. */
const DECODES_TO_GARBAGE: { label: string; bytes: (projectId: string, method: RpcName) => Buffer }[] = [
  { label: 'no bytes at all (every field unset)', bytes: () => Buffer.alloc(0) },
  { label: 'an 11-byte varint in an unknown field', bytes: () => Buffer.from([...tag(0), ...Array<number>(10).fill(0xff), 0x01]) },
  {
    // The project id is made of bytes that are not UTF-8, so every name in the request is unusable.
    label: 'names whose project id is not valid UTF-8',
    bytes: (projectId, method) => replaceAll(encodeRequest(method, sampleRequest(method, `${projectId}-QQ`)), 'QQ', [0xff, 0xfe]),
  },
];

/** What a handler answers for a request it cannot use. */
const rejection = (method: RpcName): number => (method === 'ExecutePipeline' ? UNIMPLEMENTED : INVALID_ARGUMENT);

/** UpdateDocument's field 1 is a message, so a clamped "string" there is a truncated message: undecodable. */
const stringFieldOne = (method: RpcName): boolean => method !== 'UpdateDocument';

function replaceAll(buf: Buffer, marker: string, bytes: number[]): Buffer {
  const m = Buffer.from(marker);
  expect(bytes.length, 'same length keeps the length prefixes right').toBe(m.length);
  const out = Buffer.from(buf);
  let found = 0;
  for (let i = out.indexOf(m); i >= 0; i = out.indexOf(m, i + 1), found++) out.set(bytes, i);
  expect(found).toBeGreaterThan(0);
  return out;
}

describe('malformed protobuf to every RPC', () => {
  let target: EmulatorTarget;
  let raw: RawFirestore;
  let admin: Awaited<ReturnType<typeof adminFirestore>>;
  let sentinel: Sentinel;
  const projectId = uniqueProjectId('malformed');

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

  describe.each(RPC_NAMES)('%s', (method: RpcName) => {
    it.each(UNDECODABLE)('$label → INTERNAL "Error deserializing request"', async ({ bytes }) => {
      const outcome = await raw.call(method, bytes);
      expect(outcome.code, outcome.details).toBe(INTERNAL);
      expect(outcome.details).toMatch(/^Error deserializing request/);
      expect(outcome.responses).toEqual([]);
    });

    it('a valid request followed by undecodable bytes → INTERNAL', async () => {
      const bytes = Buffer.concat([encodeRequest(method, sampleRequest(method, projectId)), UNDECODABLE[0]!.bytes]);
      const outcome = await raw.call(method, bytes);
      expect(outcome.code, outcome.details).toBe(INTERNAL);
      expect(outcome.details).toMatch(/^Error deserializing request/);
    });

    it.each(DECODES_TO_GARBAGE)('$label → decoded leniently, then rejected', async ({ bytes }) => {
      const outcome = await raw.call(method, bytes(projectId, method));
      expect(outcome.code, outcome.details).toBe(rejection(method));
    });

    it.each([
      { claimed: '5 bytes', bytes: Buffer.from([0x0a, 0x05, 0x61]) },
      { claimed: '2^32-1 bytes', bytes: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x61]) },
    ])('field 1 claiming $claimed when 1 follows → a clamped string rejected, or a truncated message undecodable', async ({ bytes }) => {
      const outcome = await raw.call(method, bytes);
      if (stringFieldOne(method)) expect(outcome.code, outcome.details).toBe(rejection(method));
      else {
        expect(outcome.code, outcome.details).toBe(INTERNAL);
        expect(outcome.details).toMatch(/^Error deserializing request/);
      }
    });
  });

  it.each(['Listen', 'Write'] as const)('%s: a valid first message, then garbage, ends the stream with INTERNAL', async (method) => {
    const stream = raw.bidi(method, true);
    const first =
      method === 'Listen'
        ? { database: dbName(projectId), addTarget: { targetId: 7, documents: { documents: [docName(projectId, 'sentinel/a')] } } }
        : { database: dbName(projectId) };
    stream.write(encodeRequest(method, first));
    await stream.waitFor((rs) => rs.length > 0, 'the first response');
    stream.write(UNDECODABLE[0]!.bytes);
    const outcome = await stream.ended;
    expect(outcome.code, outcome.details).toBe(INTERNAL);
    expect(outcome.details).toMatch(/^Error deserializing request/);
    // The session the stream had must be gone: a later commit to the watched document must not be
    // written to the finished call (grpc-js throws on writes after the status was sent).
    await admin.db.doc('ok-health/after-garbage').set({ at: method });
    await admin.db.doc('ok-health/after-garbage').delete();
  });

  it('Listen: a valid target and garbage sent back to back (no half-close) → the target\'s responses, then INTERNAL, no hang', async () => {
    // Regression: grpc-js ends the HTTP/2 stream for an undecodable message while the handler's
    // responses to the first one are still queued; the call then never got its status.
    const stream = raw.bidi('Listen', true, 3000);
    stream.write(encodeRequest('Listen', { database: dbName(projectId), addTarget: { targetId: 4, query: { parent: docName(projectId), structuredQuery: { from: [{ collectionId: 'sentinel' }] } } } }));
    stream.write(UNDECODABLE[0]!.bytes);
    const outcome = await stream.ended;
    expect(outcome.code, outcome.details).toBe(INTERNAL);
    expect(outcome.details).toMatch(/^Error deserializing request/);
    const changes = outcome.responses.map((r) => (r['targetChange'] as { targetChangeType?: string } | undefined)?.targetChangeType);
    expect(changes).toEqual(expect.arrayContaining(['ADD', 'CURRENT']));
  });

  it('a document value nested 1000 maps deep → INTERNAL (protobufjs stops at 100 nested messages), nothing stored', async () => {
    const name = docName(projectId, 'deep/doc');
    const outcome = await raw.call('Commit', commitWithField(dbName(projectId), name, 'f', nestedMapValue(1000)));
    expect(outcome.code, outcome.details).toBe(INTERNAL);
    expect(outcome.details).toMatch(/^Error deserializing request/);
    expect((await raw.call('GetDocument', { name })).code).toBe(5);
  });

  it('afterwards every RPC answers a valid request, and the stored data is unchanged', async () => {
    const get = await raw.call('GetDocument', { name: docName(projectId, 'sentinel/a') });
    expect(get.code, get.details).toBe(0);
    expect(get.responses[0]).toMatchObject({ name: docName(projectId, 'sentinel/a') });
    await sentinel.assertIntact();
  });
});
