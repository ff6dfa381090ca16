/**
 * What the test page (bundled by Vite, running in Chromium) offers the Node side: one function per
 * SDK operation, each taking the handle of a Firestore instance the page opened. Only plain,
 * structured-cloneable values cross the page boundary, so Firestore's own value classes travel as
 * tagged objects (see WireValue) and are rebuilt on the other side.
 */
import type { DocEvent, QueryEvent, QuerySpec, SnapDoc } from '../../conformance/listen-clients.js';

/**
 * How the page talks to the emulator: the full SDK with WebChannel streaming (the default, with the
 * SDK's automatic long-polling detection on), the full SDK with `experimentalForceLongPolling`, or
 * the lite SDK (REST only, no listeners).
 */
export type PageMode = 'streaming' | 'long-polling' | 'lite';

export interface OpenOptions {
  readonly projectId: string;
  readonly host: string;
  readonly port: number;
  readonly mode: PageMode;
}

/**
 * A Firestore value as it crosses the page boundary. An object whose only key starts with `$` is
 * one of the SDK's value classes or sentinels; anything else is a plain JSON-like value (numbers
 * include NaN, ±Infinity and -0, which the page bridge carries).
 */
export type WireValue =
  | null
  | boolean
  | number
  | string
  | readonly WireValue[]
  | { readonly $timestamp: { readonly seconds: number; readonly nanoseconds: number } }
  | { readonly $geo: { readonly latitude: number; readonly longitude: number } }
  | { readonly $bytes: string }
  | { readonly $ref: string }
  | { readonly $vector: readonly number[] }
  | { readonly $serverTimestamp: true }
  | { readonly $increment: number }
  | { readonly $deleteField: true }
  | { readonly [field: string]: WireValue };

export type WireData = { readonly [field: string]: WireValue };

export type WireOp =
  | { readonly set: string; readonly data: WireData; readonly merge?: boolean }
  | { readonly update: string; readonly data: WireData }
  | { readonly delete: string };

export interface AggregateResult {
  readonly count: number;
  readonly sum: number;
  readonly avg: number | null;
}

/** The page's functions, installed on `globalThis` under PAGE_API_GLOBAL. */
export interface PageApi {
  /** firebase's SDK_VERSION, proving the bundle loaded. */
  version(): string;
  /** Opens a Firestore instance in an app of its own; returns its handle. */
  open(options: OpenOptions): string;
  close(db: string): Promise<void>;
  set(db: string, path: string, data: WireData): Promise<void>;
  update(db: string, path: string, data: WireData): Promise<void>;
  remove(db: string, path: string): Promise<void>;
  /** Creates a document under an automatic id; returns its path. */
  add(db: string, collection: string, data: WireData): Promise<string>;
  /** The document's data, or null when it does not exist. */
  get(db: string, path: string): Promise<WireData | null>;
  query(db: string, spec: QuerySpec): Promise<SnapDoc[]>;
  /** count(), sum(field) and average(field) over the query, in one aggregation request. */
  aggregate(db: string, spec: QuerySpec, field: string): Promise<AggregateResult>;
  /** All ops in one atomic write batch. */
  batch(db: string, ops: readonly WireOp[]): Promise<void>;
  /**
   * runTransaction that reads `path`, waits `holdMs` while holding what it read (so concurrent
   * transactions overlap), and writes `field` + 1. Returns the value written and how many times
   * the SDK ran the function.
   */
  increment(db: string, path: string, field: string, holdMs: number): Promise<{ value: number; attempts: number }>;
  /** Starts onSnapshot on a document; events go to the LISTEN_BINDING with `listenerId`. */
  listenDoc(db: string, path: string, listenerId: string): void;
  listenQuery(db: string, spec: QuerySpec, listenerId: string): void;
  unlisten(listenerId: string): void;
}

/** The global the page installs PageApi under. */
export const PAGE_API_GLOBAL = 'firestorePage';

/** The Node-side binding the page reports listener events through. */
export const LISTEN_BINDING = 'reportSnapshot';

/** What the page passes to LISTEN_BINDING. */
export type ListenReport =
  | { readonly listenerId: string; readonly event: DocEvent | QueryEvent }
  | { readonly listenerId: string; readonly error: { readonly code: string; readonly message: string } };
