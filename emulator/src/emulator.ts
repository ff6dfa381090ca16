import * as grpc from '@grpc/grpc-js';
import { createServer, type Server, type Socket } from 'node:net';
import { DEFAULT_DATABASE_OPTIONS, Registry } from './core/registry.js';
import type { DatabaseOptions } from './core/database.js';
import { firestoreHandlers, loadFirestoreService } from './protocol/grpc/service.js';
import { createHttpServer } from './protocol/http/server.js';
import { exportDatabases } from './core/persistence/export-database.js';
import { importExport } from './core/persistence/import-database.js';
import { rulesCatalog } from './service/security/rules-catalog.js';
import { watchRulesFile, type RulesFileWatch } from './service/security/rules-file.js';
import { closeWebChannel, configureWebChannel, type WebChannelOptions } from './protocol/webchannel/channel-sessions.js';

export interface EmulatorOptions {
  /** Interface to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Port; 0 (default) picks a free one. */
  readonly port?: number;
  readonly database?: Partial<DatabaseOptions>;
  /**
   * HTTP/2 keepalive: each gRPC connection is pinged every `intervalMs` and dropped when the ack
   * takes longer than `timeoutMs`. Besides finding vanished clients, this is what reclaims a
   * connection after an HTTP/2 protocol error: Node (20.x) sends GOAWAY and then never closes
   * the socket, not even when the client disconnects. Default 60 s / 20 s.
   */
  readonly keepalive?: { readonly intervalMs: number; readonly timeoutMs: number };
  /**
   * Serve an existing registry (its data, transactions and clock) instead of a new one: a restart on
   * the same port then looks to clients like a dropped connection, not like data loss. The registry
   * stays open when this emulator stops; `database` is ignored.
   */
  readonly registry?: Registry;
  /**
   * An export to load before listening (docs/export-format.md): its metadata file, or the directory
   * holding it (or holding `firestore_export/`). A damaged export makes start() reject, with nothing
   * imported.
   */
  readonly import?: string;
  /** A directory to export every database to when stop() is called (as `<dir>/firestore_export`). */
  readonly exportOnExit?: string;
  /** WebChannel (browser Listen/Write) tuning: abandoned-session timeout, buffer and body limits. */
  readonly webChannel?: WebChannelOptions;
  /**
   * A security rules file enforced for `projectId` and reloaded whenever it changes (`--rules`).
   * Without it (and until a client loads rules through `:securityRules`) every request is allowed.
   */
  readonly rules?: { readonly file: string; readonly projectId: string; readonly log?: (line: string) => void };
}

// The web SDK allows 17 MiB messages; leave room for a full 500-write commit of 1 MiB documents.
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** HTTP/2 connections start with this preface; nothing an HTTP/1.1 client sends starts with "PRI". */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/**
 * Which protocol a connection speaks, from its first bytes: 'h2' once they are the whole HTTP/2
 * preface, 'http1' as soon as they differ from it, undefined while they are still a prefix of it.
 * TCP may deliver the preface in several reads (one byte at a time through some proxies), so the
 * decision waits for enough bytes instead of looking at the first read alone.
 */
function sniffProtocol(head: Buffer): 'h2' | 'http1' | undefined {
  const n = Math.min(head.length, HTTP2_PREFACE.length);
  if (!head.subarray(0, n).equals(HTTP2_PREFACE.subarray(0, n))) return 'http1';
  return head.length >= HTTP2_PREFACE.length ? 'h2' : undefined;
}

// Generous, so a client paused in a debugger is not dropped while a breakpoint is inspected.
const DEFAULT_KEEPALIVE = { intervalMs: 60_000, timeoutMs: 20_000 };

/** A connection that has not sent enough bytes to be routed by then is closed (Node's own headersTimeout). */
const SNIFF_TIMEOUT_MS = 60_000;

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
  private rulesWatch: RulesFileWatch | undefined;

  constructor(private readonly options: EmulatorOptions = {}) {
    this.registry = options.registry ?? new Registry({ ...DEFAULT_DATABASE_OPTIONS, ...options.database });
    this.grpcServer = new grpc.Server({
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': options.keepalive?.intervalMs ?? DEFAULT_KEEPALIVE.intervalMs,
      'grpc.keepalive_timeout_ms': options.keepalive?.timeoutMs ?? DEFAULT_KEEPALIVE.timeoutMs,
    });
    this.grpcServer.addService(loadFirestoreService(), firestoreHandlers(this.registry));
    configureWebChannel(this.registry, options.webChannel);
    this.httpServer = createHttpServer(this.registry);
    const injector = this.grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());
    this.tcp = createServer((socket) => {
      // Node's HTTP server disables Nagle only on sockets it accepted itself, not on ones handed
      // to it: without this, a long-poll answer's final chunk waits ~40 ms for the client's ACK.
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      // Removed on hand-over: the HTTP and HTTP/2 servers manage their own timeouts after that.
      const onSilent = () => socket.destroy();
      socket.setTimeout(SNIFF_TIMEOUT_MS);
      socket.on('timeout', onSilent);
      const head: Buffer[] = [];
      const onData = (chunk: Buffer) => {
        head.push(chunk);
        const bytes = head.length === 1 ? chunk : Buffer.concat(head);
        const protocol = sniffProtocol(bytes);
        if (protocol === undefined) return;
        socket.off('data', onData);
        socket.setTimeout(0);
        socket.off('timeout', onSilent);
        socket.pause();
        socket.unshift(bytes);
        if (protocol === 'h2') injector.injectConnection(socket);
        else this.httpServer.emit('connection', socket);
        process.nextTick(() => socket.resume());
      };
      socket.on('data', onData);
    });
  }

  /** Starts listening; resolves with the bound address. */
  async start(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    // Before listening, so no client ever sees a half-imported emulator.
    if (this.options.import !== undefined) await importExport(this.registry, this.options.import);
    const rules = this.options.rules;
    if (rules) this.rulesWatch = watchRulesFile(rulesCatalog(this.registry), rules.projectId, rules.file, rules.log ?? console.log);
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

  /**
   * Destroys every open client connection but keeps listening, the way a network blip or a proxy
   * restart looks to clients: their Listen and Write streams fail with UNAVAILABLE and they
   * reconnect and resume (firestore-protocol.md §6.3). Server-side sessions end as for a cancel.
   * Returns the number of connections dropped.
   */
  dropConnections(): number {
    const n = this.sockets.size;
    for (const s of this.sockets) s.destroy();
    return n;
  }

  /** Stops accepting connections and closes every open one (streams end with UNAVAILABLE). */
  async stop(): Promise<void> {
    if (!this.options.registry) this.registry.close();
    this.rulesWatch?.close();
    this.grpcServer.forceShutdown();
    closeWebChannel(this.registry);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    // Only an emulator that started exports: after a failed import, writing its (empty) state over
    // `--export-on-exit` — often the same directory as `--import` — would destroy the seed data.
    if (this.options.exportOnExit !== undefined && this.address)
      await exportDatabases(this.registry.all(), this.registry.clock, {
        directory: this.options.exportOnExit,
      });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
