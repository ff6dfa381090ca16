/**
 * Projects are isolated: the same paths in two project ids hold independent data, queries and
 * collection groups see one project only, and the emulator's clear endpoint
 * (`DELETE /emulator/v1/projects/{p}/databases/(default)/documents`) empties one project only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearProject, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { SDKS, adminDriver, freshId, webDriver, type Driver, type SdkName } from './sdk-driver.js';

describe.each(SDKS)('project isolation [%s]', (sdk: SdkName) => {
  let target: EmulatorTarget;
  let p1: string;
  let p2: string;
  let one: Driver;
  let two: Driver;
  const open = (projectId: string) =>
    sdk === 'admin' ? adminDriver(projectId) : webDriver(target, projectId);
  beforeAll(async () => {
    target = await startTarget();
    p1 = uniqueProjectId('iso1');
    p2 = uniqueProjectId('iso2');
    one = await open(p1);
    two = await open(p2);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await target.stop();
  });

  it('the same path holds independent documents in two projects', async () => {
    const c = freshId('iso');
    await one.set(`${c}/doc`, { owner: 'one' });
    await two.set(`${c}/doc`, { owner: 'two' });
    await one.set(`${c}/only-one`, { owner: 'one' });
    expect(await one.get(`${c}/doc`)).toEqual({ owner: 'one' });
    expect(await two.get(`${c}/doc`)).toEqual({ owner: 'two' });
    expect(await two.get(`${c}/only-one`)).toBeUndefined();
    expect((await one.query({ from: c })).map((s) => s.id)).toEqual(['doc', 'only-one']);
    expect((await two.query({ from: c })).map((s) => [s.id, s.data])).toEqual([['doc', { owner: 'two' }]]);
  });

  it('collection groups and aggregations stay within one project', async () => {
    const g = freshId('isog');
    await one.set(`a/x/${g}/1`, { v: 1n });
    await one.set(`b/y/${g}/2`, { v: 2n });
    await two.set(`a/x/${g}/3`, { v: 40n });
    expect((await one.query({ from: g, group: true })).map((s) => s.path)).toEqual([
      `a/x/${g}/1`,
      `b/y/${g}/2`,
    ]);
    expect((await two.query({ from: g, group: true })).map((s) => s.path)).toEqual([`a/x/${g}/3`]);
    expect(
      await one.aggregate({ from: g, group: true }, { n: { kind: 'count' }, s: { kind: 'sum', field: 'v' } }),
    ).toEqual(one.expected({ n: 2n, s: 3n }));
  });

  it('clearing one project leaves the other untouched', async () => {
    const c = freshId('iso');
    await one.set(`${c}/doc`, { owner: 'one' });
    await one.set(`${c}/doc/sub/nested`, { owner: 'one' });
    await two.set(`${c}/doc`, { owner: 'two' });
    await clearProject(target, p1);
    expect(await one.get(`${c}/doc`)).toBeUndefined();
    expect(await one.get(`${c}/doc/sub/nested`)).toBeUndefined();
    expect(await two.get(`${c}/doc`)).toEqual({ owner: 'two' });
    // A client without a cache confirms the cleared project's queries come back empty.
    const fresh = await open(p1);
    try {
      expect(await fresh.query({ from: c })).toEqual([]);
      expect(await fresh.aggregate({ from: c }, { n: { kind: 'count' } })).toEqual(fresh.expected({ n: 0n }));
    } finally {
      await fresh.close();
    }
    expect((await two.query({ from: c })).map((s) => s.id)).toEqual(['doc']);
    // The cleared project is usable again right away.
    await one.set(`${c}/doc`, { owner: 'one again' });
    expect(await one.get(`${c}/doc`)).toEqual({ owner: 'one again' });
  });
});
