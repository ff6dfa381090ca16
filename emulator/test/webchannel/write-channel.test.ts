/**
 * The Write stream over WebChannel, from raw HTTP: handshake (stream token), a commit and its ack,
 * a retried forward POST applied once, and a failed batch reported as an error payload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, waitFor, type EmulatorTarget } from '../harness.js';
import { openStreaming, parseFrames } from './channel-client.js';

let target: EmulatorTarget;
let admin: Awaited<ReturnType<typeof adminFirestore>>;
const projectId = uniqueProjectId('wc-write');
const database = `projects/${projectId}/databases/(default)`;
const docName = (path: string) => `${database}/documents/${path}`;

beforeAll(async () => {
  target = await startTarget();
  admin = await adminFirestore(projectId);
});
afterAll(async () => {
  await admin.close();
  await target.stop();
});

/** Opens a Write session with its back channel and waits for the handshake reply. */
async function openWrite() {
  const { c, back } = await openStreaming(target, 'Write', database, [{ database }], 1);
  c.aid = back.arrays().at(-1)![0];
  return { c, back, token: back.messages()[0]!['streamToken'] as string };
}

describe('WebChannel Write', () => {
  it('answers the handshake with a stream id and token and no write results', async () => {
    const { c, back } = await openWrite();
    const [reply] = back.messages();
    expect(reply).toEqual({ streamId: expect.any(String), streamToken: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) });
    back.abort();
    await c.terminate();
  });

  it('commits a batch: write results, commit time and a new token on the back channel; the POST gets [1,lastId,outstanding]', async () => {
    const { c, back, token } = await openWrite();
    const ack = await c.forward([
      { streamToken: token, writes: [{ update: { name: docName('items/a'), fields: { name: { stringValue: 'Mug' }, n: { integerValue: '12' }, note: { stringValue: 'héllo ✓ 😀' } } } }] },
    ]);
    expect(ack.status).toBe(200);
    await waitFor(() => back.messages().length >= 2, 'the write response');
    const reply = back.messages().at(-1)!;
    expect(reply).toMatchObject({ writeResults: [{ updateTime: expect.any(String) }], commitTime: expect.any(String), streamToken: expect.any(String) });
    expect(reply['streamToken']).not.toBe(token);
    const [[present, lastId, outstanding]] = parseFrames(ack.body) as [[number, number, number]];
    expect([present, lastId]).toEqual([1, back.arrays().at(-1)![0]]);
    expect(outstanding).toBeGreaterThan(0);
    expect((await admin.db.doc('items/a').get()).data()).toEqual({ name: 'Mug', n: 12, note: 'héllo ✓ 😀' });
    back.abort();
    await c.terminate();
  });

  it('applies a retried forward POST (same map ids) once', async () => {
    const { c, back, token } = await openWrite();
    const batch = { streamToken: token, writes: [{ transform: { document: docName('items/counter'), fieldTransforms: [{ fieldPath: 'n', increment: { integerValue: '1' } }] } }] };
    await c.forward([batch], 1);
    await c.forward([batch], 1);
    await waitFor(() => back.messages().length >= 2, 'the write response');
    expect(back.messages().filter((m) => 'writeResults' in m)).toHaveLength(1);
    expect((await admin.db.doc('items/counter').get()).data()).toEqual({ n: 1 });
    back.abort();
    await c.terminate();
  });

  it('reports a failed batch as an error payload, ignores later batches, and ends once the error is read', async () => {
    const { c, back, token } = await openWrite();
    await c.forward([{ streamToken: token, writes: [{ update: { name: docName('items/missing'), fields: {} }, currentDocument: { exists: true } }] }]);
    await waitFor(() => back.messages().some((m) => 'error' in m), 'the error payload');
    expect(back.messages().at(-1)).toEqual({ error: { code: 5, message: expect.stringContaining('items/missing'), status: 'NOT_FOUND' } });
    await waitFor(() => back.ended, 'the back channel to end after the error');
    const late = await c.forward([{ streamToken: token, writes: [{ update: { name: docName('items/after'), fields: {} } }] }]);
    expect(late.status).toBe(200);
    expect((await admin.db.doc('items/after').get()).exists).toBe(false);
    // Once the client has read the error, the session is over.
    c.aid = back.arrays().at(-1)![0];
    const again = c.backChannel(0);
    await waitFor(() => again.ended, 'the reopened back channel to end');
    expect([again.status, again.arrays()]).toEqual([200, []]);
    expect((await c.forward([])).status).toBe(400);
  });
});
