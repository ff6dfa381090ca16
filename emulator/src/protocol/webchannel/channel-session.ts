import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { invalidArgument } from '../../core/errors.js';
import type { CallContext } from '../../service/context.js';
import type { ChannelMap } from './channel-body.js';
import { openChannelStream, type ChannelStream } from './channel-stream.js';
import { errorPayload } from './error-payload.js';
import { asciiJson, CLOSE, frame, NOOP, TEXT_HEADERS, type ChannelRpc } from './wire.js';

export const ChannelStep = {
  /** Serving the stream. */
  OPEN: 'open',
  /** The stream failed; its error payload waits for the client to read it. */
  CLOSING: 'closing',
  /** Terminated or reclaimed: unknown to the client from now on. */
  CLOSED: 'closed',
} as const;
export type ChannelStep = (typeof ChannelStep)[keyof typeof ChannelStep];

export interface SessionLimits {
  /** Arrays queued and not yet acknowledged beyond which the session is dropped (a client that stopped reading). */
  readonly maxBufferedMessages: number;
  /** A streaming back channel gets a noop this often; a waiting long poll is answered with one. */
  readonly keepAliveMs: number;
}

/**
 * Arrays written but not acknowledged beyond which a streaming back channel is ended: the client
 * acknowledges (AID) only when it opens the next request, and a Listen-only session sends none.
 */
const RECYCLE_AFTER_ARRAYS = 1000;

interface BackChannel {
  readonly res: ServerResponse;
  /** CI=1: the response ends after each flush. */
  readonly longPoll: boolean;
  /** Highest array id the client has or has been sent on this response. */
  sentUpTo: number;
  readonly keepAlive: NodeJS.Timeout;
}

interface PendingArray {
  readonly id: number;
  readonly text: string;
}

/**
 * One WebChannel session (firestore-protocol.md §8.7): the Listen or Write stream it carries,
 * the numbered arrays queued for the client until it acknowledges them, and the back channel
 * (at most one) they are written to.
 */
export class ChannelSession {
  readonly sid = randomBytes(12).toString('base64url');
  /** Session-affinity value for `X-HTTP-Session-Id`; the client echoes it as `gsessionid`. */
  readonly affinity = randomBytes(12).toString('base64url');
  private step: ChannelStep = ChannelStep.OPEN;
  private readonly stream: ChannelStream;
  /** Array 0 is the `c` array of the handshake response. */
  private lastArrayId = 0;
  private lastWrittenId = 0;
  private unacked: PendingArray[] = [];
  private lastMapId = -1;
  private back: BackChannel | undefined;
  private flushQueued = false;
  /** Forward messages are handled one after another, so a write never overtakes the one before it. */
  private forward: Promise<void> = Promise.resolve();
  private lastActivity = Date.now();

  constructor(
    readonly rpc: ChannelRpc,
    ctx: CallContext,
    /** The channel's routing database (URL `database`, or the google-cloud-resource-prefix header). */
    private readonly database: string | undefined,
    private readonly limits: SessionLimits,
    private readonly onClosed: (session: ChannelSession) => void,
  ) {
    this.stream = openChannelStream(rpc, ctx, { send: (m) => this.queue([m]), fail: (e) => this.fail(e) });
  }

  /** When the session was last used, or undefined while a back channel is attached. */
  idleSince(): number | undefined {
    return this.back ? undefined : this.lastActivity;
  }

  /** The client has every array up to `aid`: they need not be kept for a resend. */
  acknowledge(aid: number | undefined): void {
    this.lastActivity = Date.now();
    if (aid === undefined || !Number.isSafeInteger(aid)) return;
    if (this.unacked.length > 0 && this.unacked[0]!.id <= aid) this.unacked = this.unacked.filter((a) => a.id > aid);
  }

  /** Feeds the stream the maps it has not seen (a retried POST re-sends the same map ids). */
  receive(maps: readonly ChannelMap[]): Promise<void> {
    const fresh = maps.filter((m) => m.id > this.lastMapId);
    if (fresh.length > 0) this.lastMapId = fresh[fresh.length - 1]!.id;
    for (const map of fresh)
      this.forward = this.forward.then(() => {
        if (this.step !== ChannelStep.OPEN) return;
        if (map.message === undefined) return this.fail(invalidArgument(`Message ${map.id} could not be encoded by the client.`));
        return this.stream.receive(this.routed(map.message));
      });
    return this.forward;
  }

  /** A message that names no database is for the channel's (the SDK names it in every Listen request and the Write handshake). */
  private routed(message: unknown): unknown {
    const bare = this.database !== undefined && typeof message === 'object' && message !== null && !Array.isArray(message) && !('database' in message);
    return bare ? { database: this.database, ...message } : message;
  }

  /** The forward POST's answer: `[backChannelPresent, lastArrayIdSent, outstandingBytes]`. */
  forwardAck(): [number, number, number] {
    let outstanding = 0;
    for (const a of this.unacked) if (a.id <= this.lastWrittenId) outstanding += a.text.length;
    return [this.back ? 1 : 0, this.lastWrittenId, outstanding];
  }

  /**
   * Makes `res` the back channel, replacing any other, and writes what the client has not
   * acknowledged. A streaming one gets bytes at once (a noop if nothing is pending): the client
   * falls back to long-polling when the first byte is slow (§8.3).
   */
  attachBackChannel(res: ServerResponse, mode: { longPoll: boolean; aid: number; timeoutMs: number | undefined }): void {
    this.endBackChannel();
    res.writeHead(200, TEXT_HEADERS);
    res.flushHeaders();
    const { longPoll, aid } = mode;
    // A long poll must be answered before the client's own timeout (`TO`), if it set one.
    const keepAliveMs = longPoll && mode.timeoutMs ? Math.min(mode.timeoutMs / 2, this.limits.keepAliveMs) : this.limits.keepAliveMs;
    const back: BackChannel = {
      res,
      longPoll,
      sentUpTo: Math.min(aid, this.lastArrayId),
      keepAlive: setInterval(() => this.queue(NOOP), keepAliveMs),
    };
    back.keepAlive.unref();
    this.back = back;
    res.on('close', () => {
      if (this.back === back) this.detach();
    });
    if (this.unacked.some((a) => a.id > back.sentUpTo)) this.flush();
    // An ended stream whose last payload the client has read has nothing more to say.
    else if (this.step !== ChannelStep.OPEN) this.close();
    else if (!longPoll) this.queue(NOOP);
  }

  /** Ends the stream with an error payload; the client reads it and closes the channel. */
  fail(e: unknown): void {
    if (this.step !== ChannelStep.OPEN) return;
    this.queue(errorPayload(e, `WebChannel ${this.rpc}`));
    this.step = ChannelStep.CLOSING;
    this.stream.close();
  }

  /**
   * Server-side clean close (emulator stop): `["close"]` goes out at once, then the session is
   * dropped. The client terminates and opens a new channel, resuming its targets (§8.5).
   */
  shutdown(): void {
    if (this.step === ChannelStep.OPEN) {
      this.queue(CLOSE);
      this.flush();
    }
    this.close();
  }

  /** Drops the session at once: its stream, its back channel and its buffered arrays. Safe twice. */
  close(): void {
    if (this.step === ChannelStep.CLOSED) return;
    this.step = ChannelStep.CLOSED;
    this.stream.close();
    this.unacked = [];
    this.endBackChannel();
    this.onClosed(this);
  }

  private queue(payload: readonly unknown[]): void {
    if (this.step !== ChannelStep.OPEN) return;
    const id = ++this.lastArrayId;
    this.unacked.push({ id, text: asciiJson([id, payload]) });
    if (this.unacked.length > this.limits.maxBufferedMessages) {
      console.warn(`[firestore-emulator] WebChannel session ${this.sid} dropped: over ${this.limits.maxBufferedMessages} unread messages.`);
      return this.close();
    }
    // Messages queued in one turn (a target's ADD, documents, CURRENT, snapshot) go out as one chunk.
    if (!this.flushQueued && this.back) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  private flush(): void {
    const back = this.back;
    if (!back) return;
    const pending = this.unacked.filter((a) => a.id > back.sentUpTo);
    if (pending.length === 0) return;
    const text = frame(`[${pending.map((a) => a.text).join(',')}]\n`);
    back.sentUpTo = pending[pending.length - 1]!.id;
    this.lastWrittenId = Math.max(this.lastWrittenId, back.sentUpTo);
    // The last chunk and the end go out in one write: a separate end-of-body segment would wait
    // for the client's delayed ACK wherever Nagle is on (~40 ms per long poll).
    if (back.longPoll || this.unacked.length >= RECYCLE_AFTER_ARRAYS || this.step !== ChannelStep.OPEN) this.endBackChannel(text);
    else back.res.write(text);
  }

  private endBackChannel(lastChunk?: string): void {
    const back = this.back;
    if (!back) return;
    this.detach();
    back.res.end(lastChunk);
  }

  private detach(): void {
    if (!this.back) return;
    clearInterval(this.back.keepAlive);
    this.back = undefined;
    this.lastActivity = Date.now();
  }
}

