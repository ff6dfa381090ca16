/**
 * A raw WebChannel (VER=8) client over node:http for the protocol tests: the requests the browser
 * SDK sends (firestore-protocol.md §8, wire-transcripts/browser-*.txt), byte for byte where it matters.
 */
import { request, type IncomingMessage } from 'node:http';
import { waitFor, type EmulatorTarget } from '../harness.js';

export type Rpc = 'Listen' | 'Write';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Splits `<len>\n<text>` frames; the length counts UTF-16 units of the text. */
export function parseFrames(text: string): unknown[] {
  const frames: unknown[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) throw new Error(`unterminated frame length at ${at}: ${JSON.stringify(text.slice(at))}`);
    const len = Number(text.slice(at, nl));
    if (!Number.isInteger(len)) throw new Error(`bad frame length ${JSON.stringify(text.slice(at, nl))}`);
    if (nl + 1 + len > text.length) throw new Error('truncated frame');
    frames.push(JSON.parse(text.slice(nl + 1, nl + 1 + len)));
    at = nl + 1 + len;
  }
  return frames;
}

export const formBody = (messages: readonly unknown[], ofs: number, headers?: Record<string, string>): string => {
  const form = new URLSearchParams();
  if (headers) form.set('headers', Object.entries(headers).map(([k, v]) => `${k}:${v}\r\n`).join(''));
  form.set('count', String(messages.length));
  form.set('ofs', String(ofs));
  messages.forEach((m, i) => form.set(`req${i}___data__`, JSON.stringify(m)));
  return form.toString();
};

/** One HTTP request, its whole body read as text. */
export function send(target: EmulatorTarget, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: target.host, port: target.port, agent: false, method, path, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A back channel GET kept open: its frames as they arrive. */
export class BackChannel {
  readonly frames: unknown[] = [];
  status = 0;
  ended = false;
  private text = '';
  private readonly req;

  constructor(target: EmulatorTarget, path: string) {
    this.req = request({ host: target.host, port: target.port, agent: false, method: 'GET', path }, (res) => {
      this.status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        this.text += c;
        this.drain();
      });
      res.on('end', () => (this.ended = true));
      res.on('error', () => (this.ended = true));
    });
    this.req.on('error', () => (this.ended = true));
    this.req.end();
  }

  private drain(): void {
    for (;;) {
      const nl = this.text.indexOf('\n');
      if (nl < 0) return;
      const len = Number(this.text.slice(0, nl));
      if (this.text.length < nl + 1 + len) return;
      this.frames.push(JSON.parse(this.text.slice(nl + 1, nl + 1 + len)));
      this.text = this.text.slice(nl + 1 + len);
    }
  }

  /** Every `[arrayId, payload]` pair received so far, in order. */
  arrays(): [number, unknown[]][] {
    return (this.frames as [number, unknown[]][][]).flat();
  }

  /** The Firestore messages (payload[0]) received so far, noops left out. */
  messages(): Record<string, unknown>[] {
    return this.arrays()
      .map(([, p]) => p[0])
      .filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null);
  }

  abort(): void {
    this.req.destroy();
  }
}

/** A client-side WebChannel session on one RPC, as the SDK drives it. */
export class ChannelClient {
  sid = '';
  gsessionid = '';
  private rid = Math.floor(Math.random() * 100_000);
  private nextMapId = 0;
  aid = 0;

  constructor(
    private readonly target: EmulatorTarget,
    readonly rpc: Rpc,
    readonly database: string,
  ) {}

  private url(params: Record<string, string | number>): string {
    const q = Object.entries({ VER: 8, database: this.database, ...params })
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
      .join('&');
    return `/google.firestore.v1.Firestore/${this.rpc}/channel?${q}`;
  }

  /** The handshake POST, carrying `messages` as maps 0…; resolves with the raw answer. */
  async open(messages: readonly unknown[], headers: Record<string, string> = { 'X-Goog-Api-Client': 'gl-js/ fire/12.0.0', 'Content-Type': 'text/plain' }): Promise<RawResponse> {
    const res = await send(this.target, 'POST', this.url({ RID: this.rid++, CVER: 22, 'X-HTTP-Session-Id': 'gsessionid', zx: 'x', t: 1 }), formBody(messages, 0, headers));
    this.nextMapId = messages.length;
    if (res.status === 200) {
      const [[[, c]]] = parseFrames(res.body) as [[[number, [string, string]]]];
      this.sid = c[1];
      this.gsessionid = String(res.headers['x-http-session-id'] ?? '');
    }
    return res;
  }

  backChannel(ci: 0 | 1, aid = this.aid, extra: Record<string, string | number> = {}): BackChannel {
    return new BackChannel(this.target, this.url({ gsessionid: this.gsessionid, RID: 'rpc', SID: this.sid, AID: aid, CI: ci, ...extra, TYPE: 'xmlhttp', zx: 'y', t: 1 }));
  }

  /** A forward POST; `ofs` defaults to the next map id (pass an old one to simulate a retry). */
  forward(messages: readonly unknown[], ofs = this.nextMapId): Promise<RawResponse> {
    this.nextMapId = Math.max(this.nextMapId, ofs + messages.length);
    return send(this.target, 'POST', this.url({ gsessionid: this.gsessionid, SID: this.sid, RID: this.rid++, AID: this.aid, zx: 'z', t: 1 }), formBody(messages, ofs));
  }

  forwardRaw(body: string): Promise<RawResponse> {
    return send(this.target, 'POST', this.url({ SID: this.sid, RID: this.rid++, AID: this.aid, zx: 'z', t: 1 }), body);
  }

  terminate(): Promise<RawResponse> {
    return send(this.target, 'POST', this.url({ gsessionid: this.gsessionid, SID: this.sid, RID: this.rid++, TYPE: 'terminate', zx: 'w' }), '', { 'Content-Type': 'text/plain;charset=UTF-8' });
  }
}

/** A session opened with `messages` and a streaming back channel, once `count` messages have come back on it. */
export async function openStreaming(target: EmulatorTarget, rpc: Rpc, database: string, messages: readonly unknown[], count: number) {
  const c = new ChannelClient(target, rpc, database);
  const res = await c.open(messages);
  if (res.status !== 200) throw new Error(`handshake failed: ${res.status} ${res.body}`);
  const back = c.backChannel(0);
  await waitFor(() => back.messages().length >= count, `${count} ${rpc} messages`);
  return { c, back };
}
