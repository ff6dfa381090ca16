/**
 * Known data planted before bad input is sent, and the check that proves afterwards that the
 * server still serves normal clients and that not a byte of stored data changed (nor was added).
 */
import { expect } from 'vitest';
import type { Firestore } from 'firebase-admin/firestore';
import { docName, type RawFirestore } from './raw-firestore.js';

const SENTINEL_DATA: Record<string, Record<string, unknown>> = {
  'sentinel/a': { n: 1, s: 'alpha', nested: { list: [1, 'two', { three: 3 }], flag: true }, nil: null },
  'sentinel/b': { n: 2.5, bytes: Buffer.from([0, 1, 2, 255]), when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) },
  'sentinel/a/sub/c': { deep: 'value', big: '9007199254740993' },
};

/**
 * Root collections whose name starts with this hold writes a test expects to succeed; the
 * "nothing added" check skips them. Everything else must be exactly the planted sentinel.
 */
export const ACCEPTED_PREFIX = 'ok-';

/** Every stored document of the project's default database (except accepted writes): name → fields and times. */
async function allDocuments(raw: RawFirestore, projectId: string): Promise<Map<string, unknown>> {
  const outcome = await raw.call('RunQuery', {
    parent: docName(projectId),
    structuredQuery: { from: [{ allDescendants: true }] },
  });
  expect(outcome.code, `listing every document failed: ${outcome.details}`).toBe(0);
  const docs = new Map<string, unknown>();
  for (const r of outcome.responses) {
    const d = r['document'] as { name: string; fields?: unknown; updateTime?: unknown; createTime?: unknown } | undefined;
    if (d && !d.name.startsWith(docName(projectId, ACCEPTED_PREFIX)))
      docs.set(d.name, { fields: d.fields, createTime: d.createTime, updateTime: d.updateTime });
  }
  return docs;
}

export class Sentinel {
  private probes = 0;

  private constructor(
    private readonly db: Firestore,
    private readonly raw: RawFirestore,
    private readonly projectId: string,
    private planted: Map<string, unknown>,
  ) {}

  /** Writes the sentinel documents through the Admin SDK and records the full stored state. */
  static async plant(db: Firestore, raw: RawFirestore, projectId: string): Promise<Sentinel> {
    const batch = db.batch();
    for (const [path, data] of Object.entries(SENTINEL_DATA)) batch.set(db.doc(path), data);
    await batch.commit();
    const planted = await allDocuments(raw, projectId);
    expect(planted.size).toBe(Object.keys(SENTINEL_DATA).length);
    return new Sentinel(db, raw, projectId, planted);
  }

  /**
   * The per-case check: the stored state is exactly what was planted (every document, field and
   * update time; nothing added), and the Admin SDK is still served (one read).
   */
  async assertUnchanged(): Promise<void> {
    const now = await allDocuments(this.raw, this.projectId);
    try {
      expect(now).toEqual(this.planted);
    } finally {
      // Compare the next case against this state, so a change is blamed on one case only.
      this.planted = now;
    }
    expect((await this.db.doc('sentinel/a').get()).get('s')).toBe('alpha');
  }

  /**
   * Asserts that the stored state is exactly what was planted (same documents, same fields, same
   * update times: nothing changed, nothing added) and that the Admin SDK can still write, read
   * and delete in this project.
   */
  async assertIntact(): Promise<void> {
    expect(await allDocuments(this.raw, this.projectId)).toEqual(this.planted);
    const snaps = await this.db.getAll(...Object.keys(SENTINEL_DATA).map((p) => this.db.doc(p)));
    for (const snap of snaps) {
      const expected = SENTINEL_DATA[snap.ref.path]!;
      const data = snap.data();
      expect(data, snap.ref.path).toBeDefined();
      const when = expected['when'];
      // Timestamps come back as Firestore Timestamps; compare them by instant.
      if (when instanceof Date) expect({ ...data, when: data!['when'].toDate() }).toEqual(expected);
      else expect(data).toEqual(expected);
    }
    const probe = this.db.doc(`${ACCEPTED_PREFIX}health/probe-${++this.probes}`);
    await probe.set({ ok: true });
    expect((await probe.get()).data()).toEqual({ ok: true });
    await probe.delete();
    expect((await probe.get()).exists).toBe(false);
  }
}
