/**
 * One browser context (a tab with its own cookies, cache and connections) holding the test page,
 * seen from Node: typed calls into PageApi, listeners whose snapshots land in a Recorder, and the
 * log of requests the page sent to the emulator (to tell streaming from long-polling).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Recorder, type DocEvent, type QueryEvent, type QuerySpec } from '../conformance/listen-clients.js';
import {
  LISTEN_BINDING,
  PAGE_API_GLOBAL,
  type ListenReport,
  type PageApi,
  type PageMode,
} from './page/page-api.js';

type Result<K extends keyof PageApi> = Awaited<ReturnType<PageApi[K]>>;
type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;

/** The PageApi operations on one Firestore instance, its handle bound. */
type BoundOps = {
  [K in Exclude<keyof PageApi, 'version' | 'open' | 'listenDoc' | 'listenQuery' | 'unlisten'>]: (
    ...args: Tail<Parameters<PageApi[K]>>
  ) => Promise<Result<K>>;
};

/** A Recorder that also notes when (Node's performance.now()) each event reached Node. */
export class ArrivalRecorder<T> extends Recorder<T> {
  readonly arrivals: number[] = [];

  override push(e: T): void {
    this.arrivals.push(performance.now());
    super.push(e);
  }
}

export interface PageListener<T> {
  readonly rec: ArrivalRecorder<T>;
  stop(): Promise<void>;
}

/** A Firestore instance living in the page. */
export interface PageFirestore extends BoundOps {
  listenDoc(path: string): Promise<PageListener<DocEvent>>;
  listenQuery(spec: QuerySpec): Promise<PageListener<QueryEvent>>;
}

export interface PageTab {
  readonly page: Page;
  readonly context: BrowserContext;
  /** `METHOD url` of every request the page sent to the emulator, in order. */
  readonly requests: string[];
  /** Console errors and uncaught exceptions of the page (for failure messages). */
  readonly errors: string[];
  /** The `CI` parameter of every WebChannel back-channel GET so far: '0' streaming, '1' long-polling. */
  backChannelModes(): string[];
  call<K extends keyof PageApi>(name: K, ...args: Parameters<PageApi[K]>): Promise<Result<K>>;
  /** Opens a Firestore instance in the page, connected to the emulator. */
  firestore(projectId: string, mode?: PageMode): Promise<PageFirestore>;
  close(): Promise<void>;
}

export interface Endpoints {
  /** Where the page is served from. */
  readonly pageOrigin: string;
  readonly emulatorHost: string;
  readonly emulatorPort: number;
}

let listenerIds = 0;

export async function openTab(browser: Browser, at: Endpoints): Promise<PageTab> {
  const context = await browser.newContext();
  const recorders = new Map<string, ArrivalRecorder<DocEvent | QueryEvent>>();
  await context.exposeBinding(LISTEN_BINDING, (_source, r: ListenReport) => {
    const rec = recorders.get(r.listenerId);
    if (!rec) return;
    if ('error' in r) rec.fail(Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code }));
    else rec.push(r.event);
  });
  const requests: string[] = [];
  const errors: string[] = [];
  const emulatorOrigin = `http://${at.emulatorHost.includes(':') ? `[${at.emulatorHost}]` : at.emulatorHost}:${at.emulatorPort}`;
  context.on('request', (r) => {
    if (r.url().startsWith(emulatorOrigin)) requests.push(`${r.method()} ${r.url()}`);
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${at.pageOrigin}/index.html`);
  await page.waitForFunction((g) => g in globalThis, PAGE_API_GLOBAL);

  const call = <K extends keyof PageApi>(name: K, ...args: Parameters<PageApi[K]>): Promise<Result<K>> =>
    page.evaluate(
      ([g, n, a]) => (globalThis as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>)[g]![n]!(...a),
      [PAGE_API_GLOBAL, name, args] as [string, string, unknown[]],
    ) as Promise<Result<K>>;

  const listen = async <T extends DocEvent | QueryEvent>(
    start: (listenerId: string) => Promise<void>,
    label: string,
  ): Promise<PageListener<T>> => {
    const listenerId = `l${++listenerIds}`;
    const rec = new ArrivalRecorder<T>(label);
    recorders.set(listenerId, rec as ArrivalRecorder<DocEvent | QueryEvent>);
    await start(listenerId);
    return {
      rec,
      stop: async () => {
        recorders.delete(listenerId);
        await call('unlisten', listenerId);
      },
    };
  };

  return {
    page,
    context,
    requests,
    errors,
    backChannelModes: () =>
      requests
        .filter((r) => r.startsWith('GET ') && r.includes('/channel?') && r.includes('TYPE=xmlhttp'))
        .map((r) => new URL(r.slice('GET '.length)).searchParams.get('CI') ?? '?'),
    call,
    async firestore(projectId, mode = 'streaming') {
      const db = await call('open', { projectId, host: at.emulatorHost, port: at.emulatorPort, mode });
      const bound = (name: keyof BoundOps) => (...args: unknown[]) =>
        (call as (n: string, ...a: unknown[]) => Promise<unknown>)(name, db, ...args);
      return {
        close: bound('close'),
        set: bound('set'),
        update: bound('update'),
        remove: bound('remove'),
        add: bound('add'),
        get: bound('get'),
        query: bound('query'),
        aggregate: bound('aggregate'),
        batch: bound('batch'),
        increment: bound('increment'),
        listenDoc: (path) => listen((id) => call('listenDoc', db, path, id), `page doc ${path}`),
        listenQuery: (spec) => listen((id) => call('listenQuery', db, spec, id), `page query ${JSON.stringify(spec)}`),
      } as PageFirestore;
    },
    close: () => context.close(),
  };
}
