/**
 * `npm run bench:rules -w emulator`: what security rules add to request latency (issue 5; goal:
 * under 20%). One emulator child (dist/cli.js), three projects with the same data: no rules, a
 * simple owner rule, and a rule making three get() calls. Clients are the lite web SDK (REST, one
 * request per call, as unary as the SDKs get) signed in as alice, measured interleaved so machine
 * noise hits every variant alike. Also times decide() alone, in process, per evaluation.
 */
import { cpus, loadavg } from 'node:os';
import { deleteApp, initializeApp as initializeAdminApp } from 'firebase-admin/app';
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore';
import { initializeApp } from 'firebase/app';
import {
  collection,
  connectFirestoreEmulator,
  doc,
  getDoc,
  getDocs,
  getFirestore,
  query,
  where,
  type Firestore,
} from 'firebase/firestore/lite';
import { decide } from '../src/rules/decide/decide.js';
import { MemoryReader, ruleset, user, wrapRules } from '../src/rules/decide/testing.js';
import { killAllChildren, OURS, spawnEmulator } from './spawn-emulator.js';
import { summarize, type LatencySummary } from './stats.js';

process.on('exit', killAllChildren);
// Keeps google-auth-library (firebase-admin) from probing the GCE metadata server.
process.env['METADATA_SERVER_DETECTION'] = 'none';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 400);
const QUERY_RUNS = Number(process.env['BENCH_QUERY_RUNS'] ?? 40);
const LIST_SIZE = 1000;

const BODY = {
  simple: `
    match /t/{id} { allow get: if request.auth != null && resource.data.owner == request.auth.uid; }
    match /items/{id} { allow list: if request.auth != null && resource.data.owner == request.auth.uid; }`,
  threeGets: `
    match /t/{id} {
      allow get: if get(/databases/$(database)/documents/users/$(request.auth.uid)).data.role == 'shopper'
        && get(/databases/$(database)/documents/stores/s1).data.open == true
        && get(/databases/$(database)/documents/flags/reads).data.enabled == true;
    }
    match /items/{id} { allow list: if request.auth != null && resource.data.owner == request.auth.uid; }`,
};

type Variant = 'none' | keyof typeof BODY;
const VARIANTS: Variant[] = ['none', 'simple', 'threeGets'];
const projectOf = (v: Variant) => `demo-rules-bench-${v.toLowerCase()}`;

async function seed(hostAndPort: string, projectId: string): Promise<void> {
  process.env['FIRESTORE_EMULATOR_HOST'] = hostAndPort;
  const app = initializeAdminApp({ projectId }, `seed-${projectId}`);
  const db = getAdminFirestore(app);
  await db.doc('t/x').set({ owner: 'alice', n: 1 });
  await db.doc('users/alice').set({ role: 'shopper' });
  await db.doc('stores/s1').set({ open: true });
  await db.doc('flags/reads').set({ enabled: true });
  const writer = db.bulkWriter();
  for (let i = 0; i < LIST_SIZE; i++) void writer.set(db.doc(`items/i${i}`), { owner: 'alice', i });
  await writer.close();
  await deleteApp(app);
}

function liteClient(host: string, port: number, projectId: string): Firestore {
  const app = initializeApp({ projectId, apiKey: 'fake-api-key' }, `lite-${projectId}`);
  const db = getFirestore(app);
  connectFirestoreEmulator(db, host, port, { mockUserToken: { sub: 'alice' } });
  return db;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Interleaved: each round runs every variant once, in rotating order. */
async function interleaved(
  rounds: number,
  clients: Record<Variant, Firestore>,
  op: (db: Firestore) => Promise<unknown>,
) {
  const samples: Record<Variant, number[]> = { none: [], simple: [], threeGets: [] };
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const v = VARIANTS[(r + k) % VARIANTS.length]!;
      samples[v].push(await time(() => op(clients[v])));
    }
  }
  return Object.fromEntries(VARIANTS.map((v) => [v, summarize(samples[v])])) as Record<
    Variant,
    LatencySummary
  >;
}

/** Mean microseconds per decide() call, after a warm-up. */
function decideCost(body: string, reader: MemoryReader): number {
  const rules = ruleset(body);
  const req = { method: 'get' as const, path: 't/x', auth: user('alice'), timeNs: 0n };
  const n = 20_000;
  for (let i = 0; i < 2000; i++) decide(rules, req, reader);
  const t = performance.now();
  for (let i = 0; i < n; i++) if (!decide(rules, req, reader).allowed) throw new Error('bench rule denied');
  return ((performance.now() - t) * 1000) / n;
}

const emulator = await spawnEmulator(OURS);
try {
  const [host, port] = [emulator.hostAndPort.split(':')[0]!, emulator.port];
  for (const v of VARIANTS) {
    await seed(emulator.hostAndPort, projectOf(v));
    if (v !== 'none') {
      const res = await fetch(
        `http://${emulator.hostAndPort}/emulator/v1/projects/${projectOf(v)}:securityRules`,
        {
          method: 'PUT',
          body: JSON.stringify({ rules: { files: [{ content: wrapRules(BODY[v]) }] } }),
        },
      );
      if (!res.ok) throw new Error(`rules did not load: ${await res.text()}`);
    }
  }
  const clients = Object.fromEntries(
    VARIANTS.map((v) => [v, liteClient(host, port, projectOf(v))]),
  ) as Record<Variant, Firestore>;
  // Warm-up: connections, JIT, the SDK's first-call setup.
  await interleaved(30, clients, (db) => getDoc(doc(db, 't/x')));
  const gets = await interleaved(RUNS, clients, (db) => getDoc(doc(db, 't/x')));
  const lists = await interleaved(QUERY_RUNS, clients, async (db) => {
    const snap = await getDocs(query(collection(db, 'items'), where('owner', '==', 'alice')));
    if (snap.size !== LIST_SIZE) throw new Error(`expected ${LIST_SIZE} documents, got ${snap.size}`);
  });
  const reader = new MemoryReader({
    't/x': { owner: 'alice' },
    'users/alice': { role: 'shopper' },
    'stores/s1': { open: true },
    'flags/reads': { enabled: true },
  });
  const micro = { simple: decideCost(BODY.simple, reader), threeGets: decideCost(BODY.threeGets, reader) };

  const ms = (x: number) => x.toFixed(2).padStart(7);
  const ratio = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(1).padStart(6)} %`;
  console.log(
    `\nRules overhead — node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}; lite SDK over REST, alice signed in`,
  );
  console.log(
    `\n${'request'.padEnd(44)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'p50 vs none'.padStart(13)}`,
  );
  for (const [label, s] of [
    [`getDoc ×${RUNS}`, gets],
    [`query of ${LIST_SIZE} docs ×${QUERY_RUNS}`, lists],
  ] as const) {
    for (const v of VARIANTS) {
      const name = v === 'none' ? 'no rules' : v === 'simple' ? 'owner rule' : 'three get() calls';
      console.log(
        `${`${label}, ${name}`.padEnd(44)}${ms(s[v].p50)}  ${ms(s[v].p99)}  ${v === 'none' ? '' : ratio(s[v].p50, s.none.p50)}`,
      );
    }
  }
  console.log(
    `\ndecide() alone: owner rule ${micro.simple.toFixed(1)} µs, three get() calls ${micro.threeGets.toFixed(1)} µs per evaluation`,
  );
  console.log('\nRaw numbers:');
  console.log(JSON.stringify({ gets, lists, decideMicroseconds: micro }, null, 2));
} finally {
  await emulator.stop();
}
process.exit(0);
