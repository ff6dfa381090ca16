// Starts @firestore-emulator/server (the comparison point) as a process of its own, so the bench
// measures its startup and memory the same way as ours: `node launch-firestore-emulator-server.js --port N`.
import { parseArgs } from 'node:util';
import { FirestoreServer } from '@firestore-emulator/server';

const { values } = parseArgs({ options: { port: { type: 'string' } }, strict: true });
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
const server = new FirestoreServer();
await server.start(port);
console.log(`@firestore-emulator/server listening on 0.0.0.0:${port}`);
const shutdown = () => {
  server.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
