import { parseArgs } from 'node:util';
import { FirestoreEmulator } from './emulator.js';

const USAGE = `Usage: firestore-emulator [--host 127.0.0.1] [--port 8080] [--project demo-storefront]
                          [--import DIR] [--export-on-exit DIR]`;

/** Command line: start the emulator, print where it listens, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      project: { type: 'string', default: 'demo-storefront' },
      import: { type: 'string' },
      'export-on-exit': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  const emulator = new FirestoreEmulator({ host: values.host, port });
  const { host } = await emulator.start();
  console.log(`Firestore emulator (project ${values.project}) listening on ${host}:${emulator.port}`);
  console.log(`export FIRESTORE_EMULATOR_HOST=${emulator.hostAndPort}`);
  const shutdown = async () => {
    await emulator.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  console.error(USAGE);
  process.exit(2);
});
