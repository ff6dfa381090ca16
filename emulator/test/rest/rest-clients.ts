/**
 * Clients that speak REST to the emulator: the web SDK's lite build (fetch, proto3 JSON) and
 * firebase-admin with `preferRest` (gax's HTTP/1.1 fallback), plus raw-fetch helpers.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { EmulatorTarget } from '../harness.js';

/** The lite web SDK (REST only) for `projectId`. */
export async function liteFirestore(target: EmulatorTarget, projectId: string) {
  const { initializeApp, deleteApp } = await import('firebase/app');
  const { getFirestore, connectFirestoreEmulator, terminate } = await import('firebase/firestore/lite');
  const app = initializeApp({ projectId, apiKey: 'fake-api-key' }, `lite-${projectId}-${randomBytes(3).toString('hex')}`);
  const db = getFirestore(app);
  connectFirestoreEmulator(db, target.host, target.port);
  return {
    db,
    close: async () => {
      await terminate(db);
      await deleteApp(app);
    },
  };
}

/**
 * firebase-admin over REST. `preferRest` needs a certificate credential before it sends anything
 * (firestore-protocol.md §13 item 12); a throwaway key works offline since the JWT is signed locally.
 */
export async function adminRestFirestore(projectId: string) {
  const { initializeApp, deleteApp, cert } = await import('firebase-admin/app');
  const { getFirestore } = await import('firebase-admin/firestore');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const credential = cert({
    projectId,
    clientEmail: `rest@${projectId}.iam.gserviceaccount.com`,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  const app = initializeApp({ projectId, credential }, `admin-rest-${projectId}-${randomBytes(3).toString('hex')}`);
  const db = getFirestore(app);
  db.settings({ preferRest: true });
  return { db, close: () => deleteApp(app) };
}

/** `http://host:port/v1/projects/{p}/databases/(default)/documents` (percent-encoded like gax does). */
export const documentsUrl = (target: EmulatorTarget, projectId: string): string =>
  `http://${target.hostAndPort}/v1/projects/${projectId}/databases/%28default%29/documents`;

/** The resource name of a document path in the default database. */
export const docName = (projectId: string, path: string): string => `projects/${projectId}/databases/(default)/documents/${path}`;

/**
 * An HTTP/1.1 forwarding proxy in front of the emulator that records `METHOD path` of every
 * request. A client pointed at it can only succeed over REST (an HTTP/2 gRPC preface is not an
 * HTTP/1.1 request), and the log shows which RPCs it used.
 */
export async function recordingProxy(target: EmulatorTarget) {
  const { createServer, request } = await import('node:http');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = request(
      { host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    hostAndPort: `127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
