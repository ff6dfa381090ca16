import { resourceExhausted } from '../../core/errors.js';
import type { Registry } from '../../core/registry.js';
import type { CallContext } from '../../service/context.js';
import { ChannelSession } from './channel-session.js';
import type { ChannelRpc } from './wire.js';

/** Tuning of the WebChannel transport (EmulatorOptions.webChannel). */
export interface WebChannelOptions {
  /** A session with no back channel and no request for this long is reclaimed. Default 60 s. */
  readonly abandonAfterMs?: number;
  /** Unacknowledged messages per session beyond which it is dropped. Default 100 000. */
  readonly maxBufferedMessages?: number;
  /** Noop interval on an idle back channel; the client gives up after 45 s of silence. Default 25 s. */
  readonly keepAliveMs?: number;
  /** Largest handshake or forward POST body. Default 48 MiB (a 10 MiB commit, form-encoded). */
  readonly maxBodyBytes?: number;
  /**
   * Live sessions at most (each holds listeners and buffers). At the cap, a new session first
   * reclaims the one idle the longest; if every session is in use, the handshake is refused with
   * RESOURCE_EXHAUSTED (HTTP 429). Default 10 000.
   */
  readonly maxSessions?: number;
}

const DEFAULTS: Required<WebChannelOptions> = {
  abandonAfterMs: 60_000,
  maxBufferedMessages: 100_000,
  keepAliveMs: 25_000,
  maxBodyBytes: 48 * 1024 * 1024,
  maxSessions: 10_000,
};

/** The live sessions of one emulator, and the sweep that reclaims the abandoned ones. */
export class ChannelSessions {
  readonly options: Required<WebChannelOptions>;
  private readonly sessions = new Map<string, ChannelSession>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: WebChannelOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.sweeper = setInterval(() => this.sweep(), Math.max(10, Math.min(this.options.abandonAfterMs / 2, 10_000)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** @throws RESOURCE_EXHAUSTED when the cap is reached and no session is idle. */
  open(rpc: ChannelRpc, ctx: CallContext, database: string | undefined): ChannelSession {
    if (this.sessions.size >= this.options.maxSessions) this.reclaimIdlest();
    const session = new ChannelSession(rpc, ctx, database, this.options, (s) => this.sessions.delete(s.sid));
    this.sessions.set(session.sid, session);
    return session;
  }

  find(sid: string | null): ChannelSession | undefined {
    return sid === null ? undefined : this.sessions.get(sid);
  }

  /** Shuts every session down (their targets and write streams) and stops the sweep. */
  close(): void {
    clearInterval(this.sweeper);
    for (const s of [...this.sessions.values()]) s.shutdown();
  }

  private reclaimIdlest(): void {
    let idlest: ChannelSession | undefined;
    let since = Infinity;
    for (const s of this.sessions.values()) {
      const idle = s.idleSince();
      if (idle !== undefined && idle < since) [idlest, since] = [s, idle];
    }
    if (!idlest)
      throw resourceExhausted(
        `Too many WebChannel sessions (${this.options.maxSessions}), all in use: close some listeners or tabs and retry.`,
      );
    idlest.close();
  }

  /** A tab closed or a network lost leaves a session nobody reads: its listeners would run forever. */
  private sweep(): void {
    const cutoff = Date.now() - this.options.abandonAfterMs;
    for (const s of [...this.sessions.values()]) {
      const idle = s.idleSince();
      if (idle !== undefined && idle <= cutoff) s.close();
    }
  }
}

const byRegistry = new WeakMap<Registry, ChannelSessions>();

/** The sessions of the emulator serving `registry` (created with default options on first use). */
export function channelSessions(registry: Registry): ChannelSessions {
  let sessions = byRegistry.get(registry);
  if (!sessions) byRegistry.set(registry, (sessions = new ChannelSessions()));
  return sessions;
}

/** Sets the options of the WebChannel transport serving `registry`, closing any earlier sessions. */
export function configureWebChannel(registry: Registry, options: WebChannelOptions = {}): ChannelSessions {
  closeWebChannel(registry);
  const sessions = new ChannelSessions(options);
  byRegistry.set(registry, sessions);
  return sessions;
}

/** Closes every WebChannel session serving `registry` (emulator stop): clients see Unknown SID and start over. */
export function closeWebChannel(registry: Registry): void {
  byRegistry.get(registry)?.close();
  byRegistry.delete(registry);
}
