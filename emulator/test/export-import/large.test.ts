import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirestoreEmulator } from '../../src/emulator.js';
import { adminAt, exactTime, metadataPath, plain, startEmulator, tempDir } from './helpers.js';

const PROJECT = 'demo-export-large';
const COUNT = 20_000;
const BATCH = 500;

const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;

describe(`${COUNT} documents`, () => {
  let source: FirestoreEmulator;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    dir = await tempDir();
    source = await startEmulator();
    const { Timestamp } = await import('firebase-admin/firestore');
    const a = await adminAt(source.hostAndPort, PROJECT);
    const start = performance.now();
    for (let i = 0; i < COUNT; i += BATCH) {
      const batch = a.db.batch();
      for (let j = i; j < i + BATCH; j++) {
        batch.set(a.db.doc(`items/item-${String(j).padStart(6, '0')}`), {
          index: j,
          name: `Item ${j}`,
          price: j / 100,
          tags: ['a', 'b', j % 7 === 0 ? 'lucky' : 'plain'],
          dims: { w: j % 100, h: (j * 7) % 100 },
          at: new Timestamp(1_700_000_000 + j, j * 1000),
        });
      }
      await batch.commit();
    }
    console.log(`[export-import] wrote ${COUNT} documents through firebase-admin in ${ms(start)}`);
    await a.close();
  }, 120_000);

  afterAll(async () => {
    await source?.stop();
    await dir?.cleanup();
  });

  it('round-trip through export and import, timed', async () => {
    const target = join(dir.path, 'large');
    let start = performance.now();
    const res = await fetch(`http://${source.hostAndPort}/emulator/v1/projects/${PROJECT}:export`, {
      method: 'POST',
      body: JSON.stringify({
        database: `projects/${PROJECT}/databases/(default)`,
        export_directory: target,
        export_name: 'firestore_export',
      }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { documents: number }).documents).toBe(COUNT);
    const file = join(target, 'firestore_export', 'databases', `${PROJECT}_(default).jsonl`);
    const size = (await stat(file)).size;
    console.log(
      `[export-import] exported ${COUNT} documents (${(size / 1e6).toFixed(1)} MB) in ${ms(start)}`,
    );

    start = performance.now();
    const restored = await startEmulator({ import: metadataPath(target) });
    console.log(`[export-import] imported ${COUNT} documents in ${ms(start)}`);

    const a = await adminAt(source.hostAndPort, PROJECT);
    const b = await adminAt(restored.hostAndPort, PROJECT);
    expect((await b.db.collection('items').count().get()).data().count).toBe(BigInt(COUNT));
    const lucky = await b.db.collection('items').where('tags', 'array-contains', 'lucky').count().get();
    expect(lucky.data().count).toBe(BigInt(Math.ceil(COUNT / 7)));
    for (const j of [0, 1, 4_999, 12_345, COUNT - 1]) {
      const path = `items/item-${String(j).padStart(6, '0')}`;
      const [x, y] = await Promise.all([a.db.doc(path).get(), b.db.doc(path).get()]);
      expect(y.get('index')).toBe(BigInt(j));
      expect({ data: await plain(y.data()), c: exactTime(y.createTime), u: exactTime(y.updateTime) }).toEqual(
        {
          data: await plain(x.data()),
          c: exactTime(x.createTime),
          u: exactTime(x.updateTime),
        },
      );
    }
    await a.close();
    await b.close();
    await restored.stop();
  }, 120_000);
});
