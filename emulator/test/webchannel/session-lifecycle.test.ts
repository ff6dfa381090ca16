/**
 * WebChannel sessions against bad clients and time: terminate, unknown session ids, malformed and
 * oversized bodies, noop keep-alives, reclamation of abandoned sessions, the per-session buffer
 * bound, and the Unknown SID a client meets after an emulator restart. Runs on an embedded
 * emulator with short limits (EmulatorOptions.webChannel).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FirestoreEmulator } from '../../src/emulator.js';
import { channelSessions } from '../../src/protocol/webchannel/channel-sessions.js';
import { describeEmbeddedOnly, uniqueProjectId, waitFor, type EmulatorTarget } from '../harness.js';
import { ChannelClient, openStreaming, parseFrames, send } from './channel-client.js';

const projectId = uniqueProjectId('wc-life');
const database = `projects/${projectId}/databases/(default)`;
const docName = (path: string) => `${database}/documents/${path}`;
const LIMITS = { abandonAfterMs: 300, keepAliveMs: 150, maxBufferedMessages: 50, maxBodyBytes: 4096 };

let emulator: FirestoreEmulator;
let target: EmulatorTarget;

beforeAll(async () => {
  emulator = new FirestoreEmulator({ webChannel: LIMITS });
  const { host, port } = await emulator.start();
  target = { host, port, hostAndPort: emulator.hostAndPort, external: false, embedded: emulator, stop: () => emulator.stop() };
});
afterAll(async () => {
  await emulator.stop();
});

const sessions = () => channelSessions(emulator.registry);
const addDocTarget = (targetId: number, path: string) => ({ database, addTarget: { documents: { documents: [docName(path)] }, targetId } });
const expectUnknownSid = (res: { status: number; body: string }) => {
  expect(res.status).toBe(400);
  expect(res.body.indexOf('Unknown SID')).toBeGreaterThan(0);
};

describeEmbeddedOnly('WebChannel session lifecycle', () => {
  it('terminate (POST beacon or GET) ends the session: later requests get Unknown SID', async () => {
    const c = new ChannelClient(target, 'Listen', database);
    await c.open([addDocTarget(2, 'a/b')]);
    const before = sessions().size;
    const res = await c.terminate();
    expect([res.status, res.body]).toEqual([200, '']);
    expect(sessions().size).toBe(before - 1);
    expectUnknownSid(await c.forward([{ database, removeTarget: 2 }]));
    const back = c.backChannel(0);
    await waitFor(() => back.ended, 'the back channel answer');
    expect(back.status).toBe(400);

    const d = new ChannelClient(target, 'Write', database);
    await d.open([{ database }]);
    const viaGet = await send(target, 'GET', `/google.firestore.v1.Firestore/Write/channel?VER=8&SID=${d.sid}&TYPE=terminate`);
    expect(viaGet.status).toBe(200);
    expectUnknownSid(await d.forward([{ streamToken: 'AA==' }]));
  });

  it('a made-up SID, or one of the other RPC, is an Unknown SID', async () => {
    const c = new ChannelClient(target, 'Listen', database);
    c.sid = 'no-such-session';
    expectUnknownSid(await c.forward([{ database, removeTarget: 1 }]));
    const w = new ChannelClient(target, 'Write', database);
    await w.open([{ database }]);
    const asListen = new ChannelClient(target, 'Listen', database);
    asListen.sid = w.sid;
    expectUnknownSid(await asListen.forward([{ database, removeTarget: 1 }]));
    await w.terminate();
  });

  it('malformed bodies get a 400 INVALID_ARGUMENT and leave the session working', async () => {
    const c = new ChannelClient(target, 'Listen', database);
    await c.open([]);
    for (const body of ['count=x&ofs=0', 'count=1&ofs=0&req0___data__=%7Bnot-json', 'count=2&ofs=0&req0___data__=%7B%7D', 'count=1&ofs=-4&req0___data__=%7B%7D']) {
      const res = await c.forwardRaw(body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    }
    const back = c.backChannel(0);
    await c.forward([addDocTarget(8, 'a/b')], 0);
    await waitFor(() => back.messages().length >= 3, 'the target after the bad requests');
    expect(back.messages()[0]).toEqual({ targetChange: { targetChangeType: 'ADD', targetIds: [8] } });
    back.abort();
    await c.terminate();
  });

  it('a handshake without VER=8 is refused; a message the codec rejects ends only its stream', async () => {
    const bad = await send(target, 'POST', `/google.firestore.v1.Firestore/Listen/channel?VER=7&database=x`, 'count=0&ofs=0');
    expect(bad.status).toBe(400);
    const c = new ChannelClient(target, 'Listen', database);
    await c.open([{ database, bogusField: 1 }]);
    const back = c.backChannel(0);
    await waitFor(() => back.messages().some((m) => 'error' in m), 'the error payload');
    expect(back.messages().at(-1)).toMatchObject({ error: { code: 3, status: 'INVALID_ARGUMENT', message: expect.stringContaining('bogusField') } });
    await c.terminate();
  });

  it('a body over maxBodyBytes is refused with a 400, declared or streamed, and the session lives on', async () => {
    const c = new ChannelClient(target, 'Write', database);
    await c.open([{ database }]);
    const declared = await c.forwardRaw(`count=1&ofs=1&req0___data__=${'x'.repeat(LIMITS.maxBodyBytes)}`);
    const path = `/google.firestore.v1.Firestore/Write/channel?VER=8&SID=${c.sid}&RID=1&AID=0`;
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: target.host, port: target.port, agent: false, method: 'POST', path, headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('x'.repeat(LIMITS.maxBodyBytes / 2));
      setTimeout(() => req.end('y'.repeat(LIMITS.maxBodyBytes)), 20);
    });
    for (const res of [declared, streamed]) {
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: { code: 400, status: 'INVALID_ARGUMENT', message: `Request payload size exceeds the limit: ${LIMITS.maxBodyBytes} bytes.` } });
    }
    expect((await c.forward([])).status).toBe(200);
    await c.terminate();
  });

  it('an idle streaming back channel gets a noop at once and every keepAliveMs', async () => {
    const c = new ChannelClient(target, 'Write', database);
    await c.open([]);
    const back = c.backChannel(0);
    await waitFor(() => back.arrays().length >= 1, 'the first bytes');
    expect(back.arrays()[0]).toEqual([1, ['noop']]);
    await waitFor(() => back.arrays().length >= 3, 'keep-alive noops', 2000);
    expect(back.arrays().slice(1, 3)).toEqual([[2, ['noop']], [3, ['noop']]]);
    expect(back.ended).toBe(false);
    back.abort();
    await c.terminate();
  });

  it('an idle long poll is answered with a noop and ended', async () => {
    const c = new ChannelClient(target, 'Write', database);
    await c.open([]);
    const back = c.backChannel(1);
    await waitFor(() => back.ended, 'the long poll to end', 2000);
    expect(back.arrays()).toEqual([[1, ['noop']]]);
    await c.terminate();
  });

  it("a long poll with the client's TO is answered well within it", async () => {
    const c = new ChannelClient(target, 'Write', database);
    await c.open([]);
    const started = Date.now();
    const back = c.backChannel(1, 0, { TO: 20 });
    await waitFor(() => back.ended, 'the long poll to end', 2000);
    expect(back.arrays()).toEqual([[1, ['noop']]]);
    expect(Date.now() - started).toBeLessThan(LIMITS.keepAliveMs);
    await c.terminate();
  });

  it('reclaims a session whose back channel closed and that sends nothing, with its targets', async () => {
    const { c, back } = await openStreaming(target, 'Listen', database, [addDocTarget(10, 'reclaim/doc')], 3);
    const before = sessions().size;
    const targets = () => emulator.registry.get(projectId).listenStats().targets;
    const watching = targets();
    expect(watching).toBeGreaterThan(0);
    back.abort();
    await waitFor(() => sessions().size === before - 1, 'the session to be reclaimed', 3000);
    expect(targets()).toBe(watching - 1);
    expectUnknownSid(await c.forward([{ database, removeTarget: 10 }]));
  });

  it('drops a session whose unread messages exceed maxBufferedMessages', async () => {
    const writer = new ChannelClient(target, 'Write', database);
    await writer.open([{ database }]);
    const wback = writer.backChannel(0);
    await waitFor(() => wback.messages().length >= 1, 'the write handshake');
    const writes = Array.from({ length: LIMITS.maxBufferedMessages }, (_, i) => ({ update: { name: docName(`many/d${i}`), fields: {} } }));
    await writer.forward([{ streamToken: wback.messages()[0]!['streamToken'], writes }]);
    wback.abort();
    await writer.terminate();
    const before = sessions().size;
    // ADD + one change per document + CURRENT + snapshot: more than the session may hold unread.
    const c = new ChannelClient(target, 'Listen', database);
    await c.open([{ database, addTarget: { query: { parent: `${database}/documents`, structuredQuery: { from: [{ collectionId: 'many' }] } }, targetId: 12 } }]);
    expect(c.sid).not.toBe('');
    await waitFor(() => sessions().size === before, 'the overflowing session to be dropped');
    expectUnknownSid(await c.forward([]));
  });

  it('forward acks report no back channel when none is open', async () => {
    const c = new ChannelClient(target, 'Listen', database);
    await c.open([addDocTarget(14, 'a/b')]);
    const [ack] = parseFrames((await c.forward([])).body) as [number[]];
    expect(ack).toEqual([0, 0, 0]);
    await c.terminate();
  });

  it('stopping sends ["close"] on open back channels; after a restart on the same registry, old sessions get Unknown SID', async () => {
    const first = new FirestoreEmulator({ webChannel: LIMITS });
    const { host, port } = await first.start();
    const t = { host, port, hostAndPort: `${host}:${port}`, external: false, embedded: first, stop: () => first.stop() };
    const c = new ChannelClient(t, 'Listen', database);
    await c.open([]);
    const back = c.backChannel(0);
    await waitFor(() => back.arrays().length >= 1, 'the first noop');
    await first.stop();
    // A clean close: the SDK terminates and opens a new channel, resuming its targets.
    await waitFor(() => back.ended, 'the back channel to end');
    expect(back.arrays().at(-1)).toEqual([2, ['close']]);
    const second = new FirestoreEmulator({ registry: first.registry, port, webChannel: LIMITS });
    await second.start();
    expectUnknownSid(await c.forward([]));
    await second.stop();
  });
});

describeEmbeddedOnly('WebChannel session cap (maxSessions)', () => {
  let capped: FirestoreEmulator;
  let at: EmulatorTarget;
  beforeAll(async () => {
    // Reclamation by time is far away: only the cap decides here.
    capped = new FirestoreEmulator({ webChannel: { maxSessions: 3, abandonAfterMs: 60_000 } });
    const { host, port } = await capped.start();
    at = { host, port, hostAndPort: capped.hostAndPort, external: false, embedded: capped, stop: () => capped.stop() };
  });
  afterAll(async () => {
    await capped.stop();
  });

  it('at the cap a new session reclaims the idlest one; with none idle the handshake is refused with 429', async () => {
    const open = await Promise.all([1, 2, 3].map((i) => openStreaming(at, 'Listen', database, [addDocTarget(i, `cap/d${i}`)], 3)));
    const refused = await new ChannelClient(at, 'Listen', database).open([addDocTarget(4, 'cap/d4')]);
    expect(refused.status).toBe(429);
    expect(refused.body).toContain('RESOURCE_EXHAUSTED');
    expect(channelSessions(capped.registry).size).toBe(3);

    open[1]!.back.abort();
    await waitFor(() => open[1]!.back.ended, 'the aborted back channel');
    const admitted = await new ChannelClient(at, 'Listen', database).open([addDocTarget(5, 'cap/d5')]);
    expect(admitted.status).toBe(200);
    expect(channelSessions(capped.registry).size).toBe(3);
    expectUnknownSid(await open[1]!.c.forward([{ database, removeTarget: 2 }]));
    for (const o of [open[0]!, open[2]!]) o.back.abort();
  });
});
