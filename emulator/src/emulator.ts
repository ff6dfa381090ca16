import * as grpc from '@grpc/grpc-js';
import { createServer, type Server, type Socket } from 'node:net';
import { DEFAULT_DATABASE_OPTIONS, Registry } from './core/registry.js';
import type { DatabaseOptions } from './core/database.js';
import { firestoreHandlers, loadFirestoreService } from './protocol/grpc/service.js';
import { createHttpServer } from './protocol/http/server.js';

export interface EmulatorOptions {
  /** Interface to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Port; 0 (default) picks a free one. */
  readonly port?: number;
  readonly database?: Partial<DatabaseOptions>;
}

// The web SDK allows 17 MiB messages; leave room for a full 500-write commit of 1 MiB documents.
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** HTTP/2 connections start with this preface; nothing an HTTP/1.1 client sends starts with "PRI". */
const isHttp2Preface = (chunk: Buffer): boolean => chunk.length >= 3 && chunk.toString('latin1', 0, 3) === 'PRI';

/**
 * The Firestore emulator: gRPC (HTTP/2 cleartext) and HTTP/1.1 on one port, told apart by the first
 * bytes of each connection (firestore-protocol.md §1).
 */
export class FirestoreEmulator {
  readonly registry: Registry;
  private readonly grpcServer: grpc.Server;
  private readonly httpServer;
  private readonly tcp: Server;
  private readonly sockets = new Set<Socket>();
  private address: { host: string; port: number } | undefined;

  constructor(private readonly options: EmulatorOptions = {}) {
    this.registry = new Registry({ ...DEFAULT_DATABASE_OPTIONS, ...options.database });
    this.grpcServer = new grpc.Server({
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    });
    this.grpcServer.addService(loadFirestoreService(), firestoreHandlers(this.registry));
    this.httpServer = createHttpServer(this.registry);
    const injector = this.grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());
    this.tcp = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      socket.once('data', (chunk: Buffer) => {
        socket.pause();
        socket.unshift(chunk);
        if (isHttp2Preface(chunk)) injector.injectConnection(socket);
        else this.httpServer.emit('connection', socket);
        process.nextTick(() => socket.resume());
      });
    });
  }

  /** Starts listening; resolves with the bound address. */
  async start(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(this.options.port ?? 0, host, () => resolve());
    });
    const addr = this.tcp.address();
    if (addr === null || typeof addr === 'string') throw new Error('emulator did not bind a TCP port');
    this.address = { host, port: addr.port };
    return this.address;
  }

  get host(): string {
    if (!this.address) throw new Error('emulator not started');
    return this.address.host;
  }

  get port(): number {
    if (!this.address) throw new Error('emulator not started');
    return this.address.port;
  }

  /** `host:port` as FIRESTORE_EMULATOR_HOST expects it. */
  get hostAndPort(): string {
    return `${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** Stops accepting connections and closes every open one (streams end with UNAVAILABLE). */
  async stop(): Promise<void> {
    this.registry.close();
    this.grpcServer.forceShutdown();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.tcp.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
