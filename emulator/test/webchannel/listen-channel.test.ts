/**
 * The Listen stream over WebChannel, from raw HTTP: handshake, the SDK-shaped frame sequence of an
 * added target in streaming and long-polling modes, live changes, removeTarget, acks and resend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, waitFor, type EmulatorTarget } from '../harness.js';
import { ChannelClient, openStreaming, parseFrames } from './channel-client.js';

let target: EmulatorTarget;
let admin: Awaited<ReturnType<typeof adminFirestore>>;
const projectId = uniqueProjectId('wc-listen');
const database = `projects/${projectId}/databases/(default)`;
const docName = (path: string) => `${database}/documents/${path}`;

beforeAll(async () => {
  target = await startTarget();
  admin = await adminFirestore(projectId);
  await admin.db.doc('products/p1').set({ name: 'Mug', note: 'héllo ✓ 😀', price: 12 });
});
afterAll(async () => {
  await admin.close();
  await target.stop();
});

const addDocTarget = (targetId: number, path: string) => ({ database, addTarget: { documents: { documents: [docName(path)] }, targetId } });

describe('WebChannel Listen', () => {
  it('answers the handshake with the c array, a session id header and CORS for the origin', async () => {
    const c = new ChannelClient(target, 'Listen', database);
    const res = await c.open([addDocTarget(1002, 'products/p1')]);
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^\d+\n\[\[0,\["c","[A-Za-z0-9_-]+","",8,14,30000\]\]\]\n$/);
    expect(Number(res.body.split('\n')[0])).toBe(res.body.length - res.body.indexOf('\n') - 1);
    expect(res.headers['x-http-session-id']).toMatch(/^[A-Za-z0-9_-]+$/);
    await c.terminate();
  });

  it('streams ADD, the document, CURRENT and the global snapshot in one chunk (CI=0)', async () => {
    const { c, back } = await openStreaming(target, 'Listen', database, [addDocTarget(1002, 'products/p1')], 4);
    expect(back.status).toBe(200);
    expect(back.arrays().map(([id]) => id)).toEqual([1, 2, 3, 4]);
    const [add, change, current, global] = back.messages();
    expect(add).toEqual({ targetChange: { targetChangeType: 'ADD', targetIds: [1002] } });
    expect(change).toMatchObject({
      documentChange: {
        targetIds: [1002],
        document: { name: docName('products/p1'), fields: { name: { stringValue: 'Mug' }, note: { stringValue: 'héllo ✓ 😀' }, price: { integerValue: '12' } } },
      },
    });
    expect((change!['documentChange'] as { document: { updateTime: string } }).document.updateTime).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(current).toMatchObject({ targetChange: { targetChangeType: 'CURRENT', targetIds: [1002], resumeToken: expect.any(String) } });
    expect(global).toMatchObject({ targetChange: { readTime: expect.any(String), resumeToken: expect.any(String) } });
    expect((global!['targetChange'] as Record<string, unknown>)['targetIds']).toBeUndefined();
    expect(back.frames).toHaveLength(1);
    expect(back.ended).toBe(false);
    back.abort();
    await c.terminate();
  });

  it('pushes a live change made by firebase-admin, then REMOVE on removeTarget with an ack', async () => {
    const { c, back } = await openStreaming(target, 'Listen', database, [addDocTarget(1002, 'products/live')], 3);
    await admin.db.doc('products/live').set({ n: 1 });
    await waitFor(() => back.messages().some((m) => 'documentChange' in m), 'the live change');
    await waitFor(() => back.messages().length >= 5, 'the snapshot after the change');
    expect(back.messages()[4]).toMatchObject({ targetChange: { readTime: expect.any(String) } });
    c.aid = 5;
    const ack = await c.forward([{ database, removeTarget: 1002 }]);
    expect(ack.status).toBe(200);
    await waitFor(() => back.messages().length >= 6, 'REMOVE');
    expect(back.messages()[5]).toEqual({ targetChange: { targetChangeType: 'REMOVE', targetIds: [1002] } });
    const [reply] = parseFrames(ack.body) as [number[]];
    expect(reply).toHaveLength(3);
    expect(reply[0]).toBe(1);
    expect(reply[1]).toBe(6);
    back.abort();
    await c.terminate();
  });

  it('long-polls with CI=1: each GET gets one chunk and ends', async () => {
    const c = new ChannelClient(target, 'Listen', database);
    await c.open([addDocTarget(1004, 'products/p1')]);
    const first = c.backChannel(1);
    await waitFor(() => first.ended, 'the first long poll to end');
    expect(first.frames).toHaveLength(1);
    expect(first.arrays().map(([id]) => id)).toEqual([1, 2, 3, 4]);
    expect(first.messages()[0]).toEqual({ targetChange: { targetChangeType: 'ADD', targetIds: [1004] } });
    c.aid = 4;
    const second = c.backChannel(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(second.ended).toBe(false);
    expect(second.status).toBe(200);
    await admin.db.doc('products/p1').update({ price: 13 });
    await waitFor(() => second.ended, 'the second long poll to end');
    expect(second.arrays()[0]![0]).toBe(5);
    expect(second.messages()[0]).toMatchObject({ documentChange: { document: { fields: { price: { integerValue: '13' } } } } });
    await c.terminate();
  });

  it('resends what was not acknowledged when the back channel is reopened', async () => {
    const c = new ChannelClient(target, 'Listen', database);
    await c.open([addDocTarget(1006, 'products/p1')]);
    const first = c.backChannel(0);
    await waitFor(() => first.messages().length >= 4, 'the initial sequence');
    first.abort();
    const again = c.backChannel(0, 2);
    await waitFor(() => again.arrays().length >= 2, 'the resent arrays');
    expect(again.arrays().map(([id]) => id)).toEqual([3, 4]);
    again.abort();
    await c.terminate();
  });

  it("routes a message that names no database to the channel's database URL parameter", async () => {
    const { c, back } = await openStreaming(target, 'Listen', database, [{ addTarget: { documents: { documents: [docName('products/p1')] }, targetId: 7 } }], 4);
    expect(back.messages()[1]).toMatchObject({ documentChange: { document: { name: docName('products/p1') }, targetIds: [7] } });
    back.abort();
    await c.terminate();
  });

  it('answers a target the service rejects with REMOVE and a cause, and keeps the stream', async () => {
    const c = new ChannelClient(target, 'Listen', database);
    await c.open([{ database, addTarget: { query: { parent: `projects/other/databases/(default)/documents`, structuredQuery: {} }, targetId: 2 } }]);
    const back = c.backChannel(0);
    await waitFor(() => back.messages().length >= 1, 'the rejection');
    expect(back.messages()[0]).toMatchObject({ targetChange: { targetChangeType: 'REMOVE', targetIds: [2], cause: { code: 3 } } });
    await c.forward([addDocTarget(4, 'products/p1')]);
    await waitFor(() => back.messages().length >= 5, 'the next target');
    expect(back.messages()[1]).toEqual({ targetChange: { targetChangeType: 'ADD', targetIds: [4] } });
    back.abort();
    await c.terminate();
  });
});
