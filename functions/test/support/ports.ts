import { createServer, type Server } from 'node:net';

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * `count` distinct ports that are free right now on `host`. They are all held open together while
 * the OS picks them (so no two coincide) and released before returning; a process may still take
 * one before our emulators bind it, which start-up then reports as a port in use.
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listen(0, host)));
  const ports = servers.map((s) => {
    const address = s.address();
    if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
    return address.port;
  });
  await Promise.all(servers.map(close));
  return ports;
}

/** Fails with a message naming the port and its role when any of `ports` is taken on `host`. */
export async function assertPortsFree(
  ports: Readonly<Record<string, number>>,
  host = '127.0.0.1',
): Promise<void> {
  for (const [role, port] of Object.entries(ports)) {
    try {
      await close(await listen(port, host));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      throw new Error(
        `port ${port} on ${host} (${role}) is already in use: is another \`npm start\` running? Stop it or free the port.`,
      );
    }
  }
}
