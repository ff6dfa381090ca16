import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server standing in for api.stripe.com: it records every request the Stripe SDK
 * sends and answers each with the next scripted reply (or `fallback`, else a 500 saying nothing
 * was scripted). Point the functions' Stripe client at it with STRIPE_API_BASE = `base`.
 */

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  form: Record<string, string>;
}
export type Reply = { status: number; body: unknown };

export interface FakeStripe {
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** Every request so far, oldest first. */
  requests: Recorded[];
  /** Replies for the next requests, in order. */
  replies: ((r: Recorded) => Reply)[];
  /** The reply when none is scripted; unset: a 500. */
  fallback: ((r: Recorded) => Reply) | undefined;
  close(): Promise<void>;
}

export const stripeError = (type: string, message: string, code?: string) => ({ error: { type, message, ...(code ? { code } : {}) } });

export async function startFakeStripe(): Promise<FakeStripe> {
  let server: Server | undefined = undefined;
  const fake: FakeStripe = {
    base: '',
    requests: [],
    replies: [],
    fallback: undefined,
    close: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const recorded: Recorded = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        form: Object.fromEntries(new URLSearchParams(body)),
      };
      fake.requests.push(recorded);
      const reply = (fake.replies.shift() ?? fake.fallback ?? (() => ({ status: 500, body: stripeError('api_error', 'no reply scripted') })))(recorded);
      res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': `req_${fake.requests.length}` });
      res.end(JSON.stringify(reply.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return Object.assign(fake, { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}
