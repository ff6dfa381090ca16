/**
 * Raw TCP conversations with the emulator's port, for bytes no HTTP client would send, and a
 * proxy that re-segments a client's first bytes (to exercise protocol sniffing on short reads).
 */
import net from 'node:net';

export interface TcpExchange {
  /** Everything the server sent before the connection ended. */
  readonly received: Buffer;
  /** True when the server closed the connection; false when the test had to give up waiting. */
  readonly closedByServer: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Connects, writes `chunks` (each as its own segment, `gapMs` apart), half-closes when `end` is
 * set, and waits up to `waitMs` for the server to close the connection.
 */
export function tcpExchange(
  host: string,
  port: number,
  chunks: readonly Buffer[],
  { gapMs = 0, end = true, waitMs = 3000 }: { gapMs?: number; end?: boolean; waitMs?: number } = {},
): Promise<TcpExchange> {
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const socket = net.connect({ host, port, noDelay: true });
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received: Buffer.concat(received), closedByServer });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('close', () => finish(true));
    // A reset by the server is also the server closing the connection.
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      void (async () => {
        for (const c of chunks) {
          if (socket.destroyed) return;
          socket.write(c);
          if (gapMs > 0) await sleep(gapMs);
        }
        if (end && !socket.destroyed) socket.end();
      })();
    });
  });
}

/**
 * A TCP proxy to `host:port` that forwards the first `splitBytes` bytes of every client
 * connection one byte per segment, `gapMs` apart, and the rest as it comes.
 */
export async function splittingProxy(host: string, port: number, splitBytes: number, gapMs: number): Promise<{ hostAndPort: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port, noDelay: true });
    sockets.add(client).add(upstream);
    let forwarded = 0;
    let queue = Promise.resolve();
    client.on('data', (d: Buffer) => {
      // Chained, so segments leave in order even while the split ones are being paced.
      queue = queue.then(async () => {
        let i = 0;
        for (; i < d.length && forwarded < splitBytes; i++, forwarded++) {
          if (upstream.destroyed) return;
          upstream.write(d.subarray(i, i + 1));
          await sleep(gapMs);
        }
        if (i < d.length && !upstream.destroyed) upstream.write(d.subarray(i));
      });
    });
    upstream.on('data', (d: Buffer) => client.write(d));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as net.AddressInfo;
  return {
    hostAndPort: `127.0.0.1:${addr.port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
