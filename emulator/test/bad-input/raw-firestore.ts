/**
 * A gRPC client for google.firestore.v1.Firestore that sends whatever it is given: proto-shaped
 * objects the SDKs would refuse to build, or raw bytes that are not protobuf at all. Every call
 * has a deadline, so a server that hangs fails the test instead of stalling the suite.
 */
import * as grpc from '@grpc/grpc-js';
import { loadFirestoreService } from '../../src/protocol/grpc/service.js';

/** Every RPC of the service, with its streaming shape (firestore-protocol.md §4.1). */
export const RPCS = {
  GetDocument: 'unary',
  ListDocuments: 'unary',
  CreateDocument: 'unary',
  UpdateDocument: 'unary',
  DeleteDocument: 'unary',
  BatchGetDocuments: 'server-stream',
  BeginTransaction: 'unary',
  Commit: 'unary',
  Rollback: 'unary',
  RunQuery: 'server-stream',
  ExecutePipeline: 'server-stream',
  RunAggregationQuery: 'server-stream',
  PartitionQuery: 'unary',
  Write: 'bidi',
  Listen: 'bidi',
  ListCollectionIds: 'unary',
  BatchWrite: 'unary',
} as const;
export type RpcName = keyof typeof RPCS;
export const RPC_NAMES = Object.keys(RPCS) as RpcName[];

/** How a call ended: the status, plus every message received before it. */
export interface Outcome {
  readonly code: grpc.status;
  readonly details: string;
  readonly responses: Record<string, unknown>[];
}

const DEFAULT_DEADLINE_MS = 5000;
/** For raw calls the "request" already is the encoded message. */
const identity = (b: unknown): Buffer => b as Buffer;
const SERVICE = loadFirestoreService();

/** Serializes a request with the service's own codec (to mix valid and hand-made messages on one stream). */
export const encodeRequest = (method: RpcName, request: object): Buffer =>
  (SERVICE[method]!.requestSerialize as (v: object) => Buffer)(request);

export class RawFirestore {
  private readonly client: grpc.Client;

  constructor(hostAndPort: string) {
    this.client = new grpc.Client(hostAndPort, grpc.credentials.createInsecure());
  }

  close(): void {
    this.client.close();
  }

  /** The Admin SDK's credential against an emulator: bypasses rules, so only validation is tested. */
  private metadata(): grpc.Metadata {
    const md = new grpc.Metadata();
    md.set('authorization', 'Bearer owner');
    return md;
  }

  private options(deadlineMs: number): grpc.CallOptions {
    return { deadline: Date.now() + deadlineMs };
  }

  private codec(method: RpcName, raw: boolean) {
    const def = SERVICE[method]!;
    return {
      path: def.path,
      serialize: raw ? identity : (def.requestSerialize as (v: unknown) => Buffer),
      deserialize: def.responseDeserialize as (b: Buffer) => Record<string, unknown>,
    };
  }

  /** Sends one request object (or raw bytes) to any RPC and resolves with how the call ended. */
  call(method: RpcName, request: object | Buffer, deadlineMs = DEFAULT_DEADLINE_MS): Promise<Outcome> {
    const raw = Buffer.isBuffer(request);
    const shape = RPCS[method];
    if (shape === 'unary') return this.unary(method, request, raw, deadlineMs);
    if (shape === 'server-stream') return this.serverStream(method, request, raw, deadlineMs);
    return this.bidiOnce(method, [request], raw, deadlineMs);
  }

  private unary(method: RpcName, request: object | Buffer, raw: boolean, deadlineMs: number): Promise<Outcome> {
    const { path, serialize, deserialize } = this.codec(method, raw);
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(path, serialize, deserialize, request, this.metadata(), this.options(deadlineMs), (err, res) => {
        if (err) resolve({ code: err.code, details: err.details, responses: [] });
        else resolve({ code: grpc.status.OK, details: '', responses: res ? [res] : [] });
      });
    });
  }

  private serverStream(method: RpcName, request: object | Buffer, raw: boolean, deadlineMs: number): Promise<Outcome> {
    const { path, serialize, deserialize } = this.codec(method, raw);
    return new Promise((resolve) => {
      const responses: Record<string, unknown>[] = [];
      const call = this.client.makeServerStreamRequest(path, serialize, deserialize, request, this.metadata(), this.options(deadlineMs));
      call.on('data', (m: Record<string, unknown>) => responses.push(m));
      call.on('error', () => undefined); // the status below carries the same code and details
      call.on('status', (s: grpc.StatusObject) => resolve({ code: s.code, details: s.details, responses }));
    });
  }

  /**
   * Opens a bidi stream, writes `requests`, half-closes, and resolves with the final status. A
   * stream the server keeps open past the deadline ends with DEADLINE_EXCEEDED.
   */
  bidiOnce(method: RpcName, requests: (object | Buffer)[], raw = requests.some((r) => Buffer.isBuffer(r)), deadlineMs = DEFAULT_DEADLINE_MS): Promise<Outcome> {
    const stream = this.bidi(method, raw, deadlineMs);
    for (const r of requests) stream.write(r);
    stream.end();
    return stream.ended;
  }

  /** An open bidi stream: write to it, read what has arrived so far, and await its end. */
  bidi(method: RpcName, raw = false, deadlineMs = DEFAULT_DEADLINE_MS): BidiStream {
    const { path, serialize, deserialize } = this.codec(method, raw);
    const call = this.client.makeBidiStreamRequest(path, serialize, deserialize, this.metadata(), this.options(deadlineMs));
    return new BidiStream(call);
  }
}

export class BidiStream {
  readonly responses: Record<string, unknown>[] = [];
  readonly ended: Promise<Outcome>;
  private status: grpc.StatusObject | undefined;

  constructor(private readonly call: grpc.ClientDuplexStream<unknown, Record<string, unknown>>) {
    call.on('data', (m: Record<string, unknown>) => this.responses.push(m));
    call.on('error', () => undefined); // reported through `ended`
    this.ended = new Promise((resolve) => {
      call.on('status', (s: grpc.StatusObject) => {
        this.status = s;
        resolve({ code: s.code, details: s.details, responses: this.responses });
      });
    });
  }

  get isOpen(): boolean {
    return this.status === undefined;
  }

  write(message: object | Buffer): void {
    this.call.write(message);
  }

  end(): void {
    this.call.end();
  }

  cancel(): void {
    this.call.cancel();
  }

  /** Resolves once `predicate` holds for the responses so far; rejects after `timeoutMs`. */
  async waitFor(predicate: (responses: Record<string, unknown>[]) => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.responses)) {
      if (this.status) throw new Error(`stream ended (${this.status.code} ${this.status.details}) while waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** `projects/{p}/databases/(default)` */
export const dbName = (projectId: string): string => `projects/${projectId}/databases/(default)`;
/** `projects/{p}/databases/(default)/documents[/path]` */
export const docName = (projectId: string, path = ''): string => `${dbName(projectId)}/documents${path ? `/${path}` : ''}`;

/**
 * A small valid request for each RPC against `projectId` (a query over `c`, the document `c/d`).
 * Tests derive bad requests from these, so each RPC is exercised with its real shape.
 */
export function sampleRequest(method: RpcName, projectId: string): object {
  const database = dbName(projectId);
  const root = docName(projectId);
  const structuredQuery = { from: [{ collectionId: 'c' }] };
  switch (method) {
    case 'GetDocument':
    case 'DeleteDocument':
      return { name: docName(projectId, 'c/d') };
    case 'ListDocuments':
      return { parent: root, collectionId: 'c' };
    case 'CreateDocument':
      return { parent: root, collectionId: 'c', documentId: 'created', document: { fields: {} } };
    case 'UpdateDocument':
      return { document: { name: docName(projectId, 'c/d'), fields: {} } };
    case 'BatchGetDocuments':
      return { database, documents: [docName(projectId, 'c/d')] };
    case 'BeginTransaction':
    case 'ExecutePipeline':
    case 'Write':
      return { database };
    case 'Commit':
    case 'BatchWrite':
      return { database, writes: [] };
    case 'Rollback':
      return { database, transaction: Buffer.from('not-a-transaction') };
    case 'RunQuery':
    case 'PartitionQuery':
      return { parent: root, structuredQuery };
    case 'RunAggregationQuery':
      return { parent: root, structuredAggregationQuery: { structuredQuery, aggregations: [{ alias: 'n', count: {} }] } };
    case 'Listen':
      return { database, addTarget: { targetId: 1, query: { parent: root, structuredQuery } } };
    case 'ListCollectionIds':
      return { parent: root };
  }
}
