/**
 * Resume after reconnect (firestore-protocol.md §6.3), embedded only: the server side of every
 * stream is dropped while listeners of both SDKs are attached, documents change while they are away
 * (or while they reconnect), and each listener must end with exactly the right result, reached
 * through docChanges that never mention a document that did not change.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { FirestoreEmulator } from '../../src/emulator.js';
import { describeEmbeddedOnly, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import {
  ids,
  openClient,
  replay,
  SDKS,
  type DocEvent,
  type Listener,
  type QueryEvent,
  type SdkClient,
  type SdkName,
} from './listen-clients.js';

let target: EmulatorTarget;
/** The emulator currently serving the target's port (replaced by the restart test). */
let server: FirestoreEmulator;
beforeAll(async () => {
  target = await startTarget();
  server = target.embedded!;
});
afterAll(async () => {
  await server.stop();
  await target.stop();
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// Reconnects wait for the SDKs' backoff (web: 1 s initial, ×1.5, jittered; grpc-js: 1 s, ×1.6).
const RESUME_TIMEOUT_MS = 30_000;

interface Watcher {
  readonly sdk: SdkName;
  readonly client: SdkClient;
  readonly live: Listener<QueryEvent>;
  readonly gone: Listener<DocEvent>;
  readonly fresh: Listener<DocEvent>;
}

const INITIAL = [
  { set: 'inv/keep', data: { status: 'live', n: 1 } },
  { set: 'inv/gone', data: { status: 'live', n: 2 } },
  { set: 'inv/change', data: { status: 'live', n: 3 } },
  { set: 'inv/leave', data: { status: 'live', n: 4 } },
  { set: 'inv/enter', data: { status: 'draft', n: 5 } },
] as const;

/** Both SDKs listening to `status == live` by `n`, to a document about to be deleted and to one about to be created. */
async function attach(projectId: string): Promise<Watcher[]> {
  const out: Watcher[] = [];
  for (const sdk of SDKS) {
    const client = await openClient(sdk, target, projectId);
    cleanups.push(() => client.close());
    const w: Watcher = {
      sdk,
      client,
      live: client.listenQuery({
        collection: 'inv',
        where: [['status', '==', 'live']],
        orderBy: [['n', 'asc']],
      }),
      gone: client.listenDoc('inv/gone'),
      fresh: client.listenDoc('inv/fresh'),
    };
    cleanups.push(
      () => w.live.stop(),
      () => w.gone.stop(),
      () => w.fresh.stop(),
    );
    expect(ids(await w.live.initial(`${sdk}: initial`))).toEqual(['keep', 'gone', 'change', 'leave']);
    expect((await w.gone.initial(`${sdk}: gone initial`)).exists).toBe(true);
    expect((await w.fresh.initial(`${sdk}: fresh initial`)).exists).toBe(false);
    out.push(w);
  }
  return out;
}

/** Marks where each listener's events stood when the connections went away. */
const mark = (ws: readonly Watcher[]) =>
  ws.map((w) => ({ live: w.live.rec.events.length, prev: ids(w.live.rec.events.at(-1)!) }));

/**
 * Waits until a watcher's query shows `expected` (synced), then checks every event since the drop:
 * each one's docChanges turn the previous result into its own, and over all of them each document
 * changed exactly as `changes` says (so no missed and no phantom changes).
 */
async function expectResumed(
  w: Watcher,
  m: { live: number; prev: string[] },
  expected: readonly string[],
  changes: Readonly<Record<string, readonly string[]>>,
): Promise<QueryEvent> {
  const last = await w.live.rec.until(
    (e) => !e.fromCache && ids(e).join() === expected.join(),
    `${w.sdk}: the resumed result ${expected.join()}`,
    RESUME_TIMEOUT_MS,
  );
  let prev = m.prev;
  const seen: Record<string, string[]> = {};
  for (const e of w.live.rec.events.slice(m.live)) {
    expect(replay(prev, e.changes), `${w.sdk}: docChanges of ${JSON.stringify(e.changes)}`).toEqual(ids(e));
    prev = ids(e);
    for (const c of e.changes) (seen[c.id] ??= []).push(c.type);
  }
  expect(seen, `${w.sdk}: changes since the drop`).toEqual(changes);
  return last;
}

describeEmbeddedOnly('Listen resumes after the server drops its connections', () => {
  it(
    'connections dropped under attached listeners: changes made meanwhile arrive exactly once, deletions included',
    async () => {
      const projectId = uniqueProjectId('resume-drop');
      const writer = await openClient('admin', target, projectId);
      cleanups.push(() => writer.close());
      await writer.batch(INITIAL);
      const watchers = await attach(projectId);
      const web = watchers.find((w) => w.sdk === 'web')!;
      const db = server.registry.get(projectId);
      expect(db.listenStats()).toEqual({ targets: 6, sessions: 4 });

      const marks = mark(watchers);
      expect(server.dropConnections()).toBeGreaterThan(0);
      // Changes race the reconnects: some may land before a listener is back, some after.
      const webWrite = web.client.set('inv/mine', { status: 'live', n: 8 });
      await writer.batch([
        { delete: 'inv/gone' },
        { set: 'inv/change', data: { status: 'live', n: 0 } },
        { set: 'inv/leave', data: { status: 'draft', n: 4 } },
        { set: 'inv/enter', data: { status: 'live', n: 5 } },
        { set: 'inv/fresh', data: { status: 'live', n: 6 } },
      ]);
      await writer.set('inv/late', { status: 'live', n: 7 });
      await webWrite;

      const expected = ['change', 'keep', 'enter', 'fresh', 'late', 'mine'];
      for (const [i, w] of watchers.entries()) {
        const last = await expectResumed(w, marks[i]!, expected, {
          gone: ['removed'],
          leave: ['removed'],
          change: ['modified'],
          enter: ['added'],
          fresh: ['added'],
          late: ['added'],
          mine: ['added'],
        });
        expect(last.docs[0]!.data).toEqual({ status: 'live', n: 0 });
        expect(
          (await w.gone.rec.until((e) => !e.exists, `${w.sdk}: gone deleted`, RESUME_TIMEOUT_MS)).data,
        ).toBeUndefined();
        expect(
          await w.fresh.rec.until((e) => e.exists, `${w.sdk}: fresh created`, RESUME_TIMEOUT_MS),
        ).toMatchObject({
          data: { status: 'live', n: 6 },
        });
      }
      // The resumed streams are the only ones: no session of the dropped connections survived.
      expect(db.listenStats()).toEqual({ targets: 6, sessions: 4 });

      // And they are live: the next change reaches both SDKs once.
      await writer.update('inv/keep', { n: 1.5 });
      for (const w of watchers) {
        const e = await w.live.rec.until(
          (x) => x.changes.length > 0 && !x.fromCache,
          `${w.sdk}: keep modified`,
        );
        expect(e.changes).toEqual([{ type: 'modified', id: 'keep', oldIndex: 1, newIndex: 1 }]);
      }
    },
    2 * RESUME_TIMEOUT_MS,
  );

  it(
    'the emulator restarted on the same port with its registry: changes made while it was down are resumed exactly',
    async () => {
      const projectId = uniqueProjectId('resume-restart');
      const writer = await openClient('admin', target, projectId);
      cleanups.push(() => writer.close());
      await writer.batch(INITIAL);
      const watchers = await attach(projectId);
      const registry = server.registry;
      const port = server.port;
      const marks = mark(watchers);

      await server.stop();
      {
        // While the port is closed, another emulator on the same registry takes writes from a client
        // of its own: the listeners cannot possibly see them until they resume.
        await using side = new FirestoreEmulator({ registry });
        const sideAddr = await side.start();
        const away = await openClient(
          'web',
          { ...target, ...sideAddr, hostAndPort: side.hostAndPort },
          projectId,
        );
        await away.batch([
          { delete: 'inv/gone' },
          { set: 'inv/change', data: { status: 'live', n: 0 } },
          { set: 'inv/leave', data: { status: 'draft', n: 4 } },
          { set: 'inv/enter', data: { status: 'live', n: 5 } },
          { set: 'inv/fresh', data: { status: 'live', n: 6 } },
        ]);
        await away.close();
      }

      server = new FirestoreEmulator({ registry, port });
      await server.start();
      // One more change once the port is back, racing the reconnects.
      await writer.set('inv/late', { status: 'live', n: 7 });

      const expected = ['change', 'keep', 'enter', 'fresh', 'late'];
      for (const [i, w] of watchers.entries()) {
        await expectResumed(w, marks[i]!, expected, {
          gone: ['removed'],
          leave: ['removed'],
          change: ['modified'],
          enter: ['added'],
          fresh: ['added'],
          late: ['added'],
        });
        await w.gone.rec.until((e) => !e.exists, `${w.sdk}: gone deleted`, RESUME_TIMEOUT_MS);
        expect(
          await w.fresh.rec.until((e) => e.exists, `${w.sdk}: fresh created`, RESUME_TIMEOUT_MS),
        ).toMatchObject({
          data: { status: 'live', n: 6 },
        });
      }
      expect(registry.get(projectId).listenStats()).toEqual({ targets: 6, sessions: 4 });
    },
    2 * RESUME_TIMEOUT_MS,
  );
});
