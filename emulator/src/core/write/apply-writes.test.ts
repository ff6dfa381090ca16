import { beforeEach, describe, expect, it } from 'vitest';
import type { Write__Output } from '../../gen/google/firestore/v1/Write.js';
import type { _google_firestore_v1_DocumentTransform_FieldTransform__Output as FieldTransformInput } from '../../gen/google/firestore/v1/DocumentTransform.js';
import { Code, FirestoreError } from '../errors.js';
import { databaseId } from '../paths.js';
import { DocumentStore } from '../store/database.js';
import { toTimestamp, type Nanos } from '../time.js';
import { MAX_DOCUMENT_BYTES } from '../values/size.js';
import {
  NULL_VALUE,
  arrayValue,
  doubleValue,
  integerValue,
  mapValue,
  type Fields,
  type Value,
} from '../values/value.js';
import { applyWrites, type WriteOutcome } from './apply-writes.js';
import { parseWrite } from './parse-write.js';

const db = databaseId('demo-p');
const NAME = (path: string) => `${db.name}/documents/${path}`;
const int = (n: number | bigint): Value => integerValue(BigInt(n));
const str = (s: string): Value => ({ valueType: 'stringValue', stringValue: s });

// Writes in the shape @grpc/proto-loader decodes them (what the services hand to the core).
const set = (path: string, fields: Fields, extra: Partial<Write__Output> = {}): Write__Output => ({
  update: { name: NAME(path), fields },
  operation: 'update',
  ...extra,
});
const patch = (
  path: string,
  fields: Fields,
  mask: string[],
  extra: Partial<Write__Output> = {},
): Write__Output => set(path, fields, { updateMask: { fieldPaths: mask }, ...extra });
const del = (path: string, extra: Partial<Write__Output> = {}): Write__Output => ({
  delete: NAME(path),
  operation: 'delete',
  ...extra,
});
const verify = (path: string, extra: Partial<Write__Output> = {}): Write__Output => ({
  verify: NAME(path),
  operation: 'verify',
  ...extra,
});
const exists = (e: boolean): Partial<Write__Output> => ({
  currentDocument: { exists: e, conditionType: 'exists' },
});
const updatedAt = (t: Nanos): Partial<Write__Output> => ({
  currentDocument: { updateTime: toTimestamp(t), conditionType: 'updateTime' },
});
const serverTime = (fieldPath: string): FieldTransformInput => ({
  fieldPath,
  setToServerValue: 'REQUEST_TIME',
  transformType: 'setToServerValue',
});
const increment = (fieldPath: string, by: Value): FieldTransformInput => ({
  fieldPath,
  increment: by,
  transformType: 'increment',
});

let store: DocumentStore;
let now: Nanos;

beforeEach(() => {
  store = new DocumentStore(db);
  now = 1_700_000_000_000_000_000n;
});

/** Parses and applies one commit at a fresh commit time, then stores its changes. */
function commit(...writes: Write__Output[]): { time: Nanos; outcomes: WriteOutcome[]; changed: string[] } {
  now += 1_000_000n;
  const parsed = writes.map((w) => parseWrite(db, w));
  const { outcomes, changes } = applyWrites(db, (p) => store.get(p), parsed, now);
  store.apply(now, changes);
  return { time: now, outcomes, changed: changes.map((c) => c.path) };
}

function failure(fn: () => unknown): FirestoreError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FirestoreError);
    return e as FirestoreError;
  }
  throw new Error('expected a FirestoreError, nothing was thrown');
}

describe('set (update without mask)', () => {
  it('creates a document with create and update time = commit time', () => {
    const { time, outcomes, changed } = commit(set('c/d', { a: int(1) }));
    expect(changed).toEqual(['c/d']);
    expect(outcomes).toEqual([{ updateTime: time, transformResults: [] }]);
    expect(store.get('c/d')).toEqual({
      path: 'c/d',
      fields: { a: int(1) },
      createTime: time,
      updateTime: time,
    });
  });

  it('replaces every field and keeps the create time', () => {
    const first = commit(set('c/d', { a: int(1), b: int(2) })).time;
    const second = commit(set('c/d', { c: int(3) })).time;
    const doc = store.get('c/d')!;
    expect(doc.fields).toEqual({ c: int(3) });
    expect(doc.createTime).toBe(first);
    expect(doc.updateTime).toBe(second);
  });
});

describe('update with a mask', () => {
  beforeEach(() => {
    commit(set('c/d', { a: int(1), m: mapValue({ x: int(1), y: int(2) }), keep: str('k') }));
  });

  it('changes only the masked paths, including nested ones', () => {
    commit(patch('c/d', { a: int(9), m: mapValue({ x: int(10) }) }, ['a', 'm.x']));
    expect(store.get('c/d')!.fields).toEqual({
      a: int(9),
      m: mapValue({ x: int(10), y: int(2) }),
      keep: str('k'),
    });
  });

  it('deletes a masked path that is absent from the fields', () => {
    commit(patch('c/d', {}, ['a', 'm.y', 'never.there']));
    expect(store.get('c/d')!.fields).toEqual({ m: mapValue({ x: int(1) }), keep: str('k') });
  });

  it('replaces a whole map when the mask names the map', () => {
    commit(patch('c/d', { m: mapValue({ z: int(3) }) }, ['m']));
    expect(store.get('c/d')!.fields['m']).toEqual(mapValue({ z: int(3) }));
  });

  it('with an empty mask, applies only the transforms', () => {
    const { time, outcomes } = commit(
      patch('c/d', {}, [], { updateTransforms: [serverTime('at'), increment('a', int(2))] }),
    );
    const doc = store.get('c/d')!;
    expect(doc.fields).toEqual({
      a: int(3),
      m: mapValue({ x: int(1), y: int(2) }),
      keep: str('k'),
      at: { valueType: 'timestampValue', timestampValue: toTimestamp(time) },
    });
    expect(outcomes[0]!.transformResults).toEqual([
      { valueType: 'timestampValue', timestampValue: toTimestamp(time) },
      int(3),
    ]);
  });

  it('creates the document when it is missing and there is no precondition (upsert)', () => {
    commit(patch('c/new', { a: int(1) }, ['a', 'b']));
    expect(store.get('c/new')!.fields).toEqual({ a: int(1) });
  });

  it('ignores fields outside the mask (web SDK mergeFields sends them) and rejects a path both masked and transformed', () => {
    commit(patch('c/d', { a: int(1), b: int(2) }, ['a']));
    expect(store.get('c/d')?.fields['a']).toEqual(int(1));
    expect(store.get('c/d')?.fields['b']).toBeUndefined();
    expect(
      failure(() => parseWrite(db, patch('c/d', {}, ['m'], { updateTransforms: [serverTime('m.at')] }))).code,
    ).toBe(Code.INVALID_ARGUMENT);
  });
});

describe('preconditions', () => {
  it('exists: true on a missing document fails with NOT_FOUND "No document to update: <name>"', () => {
    const e = failure(() => commit(patch('c/missing', { a: int(1) }, ['a'], exists(true))));
    expect(e.code).toBe(Code.NOT_FOUND);
    expect(e.message).toBe(`No document to update: ${NAME('c/missing')}`);
    expect(store.get('c/missing')).toBeNull();
  });

  it('exists: false on an existing document fails with ALREADY_EXISTS "Document already exists: <name>"', () => {
    commit(set('c/d', { a: int(1) }));
    const e = failure(() => commit(set('c/d', { a: int(2) }, exists(false))));
    expect(e.code).toBe(Code.ALREADY_EXISTS);
    expect(e.message).toBe(`Document already exists: ${NAME('c/d')}`);
    expect(store.get('c/d')!.fields).toEqual({ a: int(1) });
  });

  it('exists: false creates, exists: true updates', () => {
    commit(set('c/d', { a: int(1) }, exists(false)));
    commit(patch('c/d', { b: int(2) }, ['b'], exists(true)));
    expect(store.get('c/d')!.fields).toEqual({ a: int(1), b: int(2) });
  });

  it('updateTime must equal the stored update time exactly, else FAILED_PRECONDITION', () => {
    const t = commit(set('c/d', { a: int(1) })).time;
    const e = failure(() => commit(patch('c/d', { a: int(2) }, ['a'], updatedAt(t + 1000n))));
    expect(e.code).toBe(Code.FAILED_PRECONDITION);
    expect(store.get('c/d')!.fields).toEqual({ a: int(1) });
    commit(patch('c/d', { a: int(3) }, ['a'], updatedAt(t)));
    expect(store.get('c/d')!.fields).toEqual({ a: int(3) });
  });

  it('reports versions as microseconds, like Cloud Firestore', () => {
    const t = commit(set('c/d', { a: int(1) })).time;
    const e = failure(() => commit(set('c/d', {}, updatedAt(t + 5000n))));
    expect(e.message).toBe(
      `the stored version (${t / 1000n}) does not match the required base version (${t / 1000n + 5n})`,
    );
  });

  it('updateTime on a missing document is a version mismatch (FAILED_PRECONDITION), which client transactions retry', () => {
    // The web SDK's transaction runner retries FAILED_PRECONDITION but treats NOT_FOUND as permanent.
    const base = now;
    const e = failure(() => commit(patch('c/missing', { a: int(1) }, ['a'], updatedAt(base))));
    expect(e.code).toBe(Code.FAILED_PRECONDITION);
    expect(e.message).toBe(
      `the stored version (0) does not match the required base version (${base / 1000n})`,
    );
  });

  it('a failed precondition anywhere in the batch applies nothing', () => {
    commit(set('c/d', { a: int(1) }));
    failure(() => commit(set('c/x', { a: int(1) }), set('c/d', { a: int(2) }, exists(false))));
    expect(store.get('c/x')).toBeNull();
  });
});

describe('delete and verify', () => {
  it('deletes a document and reports no update time', () => {
    commit(set('c/d', { a: int(1) }));
    const { outcomes, changed } = commit(del('c/d'));
    expect(store.get('c/d')).toBeNull();
    expect(changed).toEqual(['c/d']);
    expect(outcomes).toEqual([{ transformResults: [] }]);
  });

  it('deleting a missing document succeeds without a change, unless exists: true', () => {
    expect(commit(del('c/missing')).changed).toEqual([]);
    expect(failure(() => commit(del('c/missing', exists(true)))).code).toBe(Code.NOT_FOUND);
  });

  it('verify checks its precondition and changes nothing', () => {
    const t = commit(set('c/d', { a: int(1) })).time;
    const { outcomes, changed } = commit(verify('c/d', updatedAt(t)));
    expect(changed).toEqual([]);
    expect(outcomes[0]!.updateTime).toBe(t);
    expect(failure(() => commit(verify('c/gone', exists(true)))).code).toBe(Code.NOT_FOUND);
    expect(failure(() => commit(verify('c/d', updatedAt(t - 1000n)))).code).toBe(Code.FAILED_PRECONDITION);
  });
});

describe('no-op writes', () => {
  it('keep the old update time and produce no change', () => {
    const first = commit(set('c/d', { a: int(1), m: mapValue({ x: str('y') }) })).time;
    const again = commit(set('c/d', { m: mapValue({ x: str('y') }), a: int(1) }));
    expect(again.changed).toEqual([]);
    expect(again.outcomes[0]!.updateTime).toBe(first);
    expect(store.get('c/d')!.updateTime).toBe(first);
    const masked = commit(patch('c/d', { a: int(1) }, ['a', 'absent']));
    expect(masked.changed).toEqual([]);
    expect(masked.outcomes[0]!.updateTime).toBe(first);
  });

  it('a value of another type is a change (1 → 1.0)', () => {
    commit(set('c/d', { a: int(1) }));
    expect(commit(set('c/d', { a: doubleValue(1) })).changed).toEqual(['c/d']);
  });

  it('an array transform that finds its element already present is a no-op', () => {
    const first = commit(set('c/d', { a: arrayValue([int(1)]) })).time;
    const r = commit(
      patch('c/d', {}, [], {
        updateTransforms: [{ fieldPath: 'a', appendMissingElements: { values: [int(1)] } }],
      }),
    );
    expect(r.changed).toEqual([]);
    expect(r.outcomes[0]).toEqual({ updateTime: first, transformResults: [NULL_VALUE] });
  });
});

describe('several writes to one document in one batch', () => {
  it('each write sees the previous one; one net change with the first before-state', () => {
    const created = commit(set('c/d', { n: int(1) })).time;
    now += 1_000_000n;
    const t = now;
    const parsed = [
      patch('c/d', { a: int(1) }, ['a']),
      patch('c/d', {}, [], { updateTransforms: [increment('n', int(10))] }),
      patch('c/d', { b: int(2) }, ['b']),
    ].map((w) => parseWrite(db, w));
    const before = store.get('c/d');
    const { outcomes, changes } = applyWrites(db, (p) => store.get(p), parsed, t);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.before).toBe(before);
    expect(changes[0]!.after).toEqual({
      path: 'c/d',
      fields: { n: int(11), a: int(1), b: int(2) },
      createTime: created,
      updateTime: t,
    });
    expect(outcomes.map((o) => o.updateTime)).toEqual([t, t, t]);
    expect(outcomes[1]!.transformResults).toEqual([int(11)]);
  });

  it('create then delete in one batch leaves nothing and reports no change', () => {
    expect(commit(set('c/tmp', { a: int(1) }), del('c/tmp')).changed).toEqual([]);
    expect(store.get('c/tmp')).toBeNull();
  });

  it('a precondition sees the earlier writes of the same batch', () => {
    commit(set('c/d', { a: int(1) }), patch('c/d', { b: int(1) }, ['b'], exists(true)));
    expect(store.get('c/d')!.fields).toEqual({ a: int(1), b: int(1) });
    expect(failure(() => commit(del('c/d'), verify('c/d', exists(true)))).code).toBe(Code.NOT_FOUND);
    expect(store.get('c/d')).not.toBeNull();
  });
});

describe('transform-only writes (legacy DocumentTransform)', () => {
  it('creates the document if needed and returns one result per transform', () => {
    const { time, outcomes } = commit({
      transform: { document: NAME('c/t'), fieldTransforms: [serverTime('at')] },
      operation: 'transform',
    });
    expect(store.get('c/t')!.fields).toEqual({
      at: { valueType: 'timestampValue', timestampValue: toTimestamp(time) },
    });
    expect(outcomes[0]!.transformResults).toHaveLength(1);
  });
});

describe('document size limit', () => {
  // c/big → 4 + 2 + 16 = 22 name bytes, + 32, + field 's' (2), + string bytes + 1.
  const overhead = 22 + 32 + 2 + 1;

  it('accepts a document of exactly 1 MiB and rejects one byte more', () => {
    commit(set('c/big', { s: str('x'.repeat(MAX_DOCUMENT_BYTES - overhead)) }));
    expect(store.get('c/big')).not.toBeNull();
    const e = failure(() => commit(set('c/big', { s: str('y'.repeat(MAX_DOCUMENT_BYTES - overhead + 1)) })));
    expect(e.code).toBe(Code.INVALID_ARGUMENT);
    expect(e.message).toContain('exceeds the maximum allowed size of 1,048,576 bytes');
  });

  it('counts transforms towards the limit', () => {
    const e = failure(() =>
      commit(
        set(
          'c/big',
          { s: str('x'.repeat(MAX_DOCUMENT_BYTES - overhead)) },
          { updateTransforms: [serverTime('t')] },
        ),
      ),
    );
    expect(e.code).toBe(Code.INVALID_ARGUMENT);
  });
});

describe('parseWrite', () => {
  it('rejects a document outside the request database and writes without an operation', () => {
    const other = { update: { name: 'projects/other/databases/(default)/documents/c/d', fields: {} } };
    expect(failure(() => parseWrite(db, other)).code).toBe(Code.INVALID_ARGUMENT);
    expect(failure(() => parseWrite(db, {})).code).toBe(Code.INVALID_ARGUMENT);
  });

  it('rejects the same field transformed twice', () => {
    const w = set('c/d', {}, { updateTransforms: [serverTime('a'), increment('a', int(1))] });
    expect(failure(() => parseWrite(db, w)).code).toBe(Code.INVALID_ARGUMENT);
  });

  it('infers the operation and precondition kind when proto-loader oneof names are absent (REST)', () => {
    const w = parseWrite(db, { delete: NAME('c/d'), currentDocument: { exists: false } });
    expect(w).toEqual({ kind: 'delete', path: 'c/d', precondition: { exists: false } });
  });
});
