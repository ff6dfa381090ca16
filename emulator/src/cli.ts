import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isFirestoreError } from './core/errors.js';
import { FirestoreEmulator } from './emulator.js';

const USAGE = `Usage: firestore-emulator [--host 127.0.0.1] [--port 8080] [--project demo-storefront]
                          [--import DIR] [--export-on-exit DIR] [--rules FILE]`;

/** Command line: start the emulator, print where it listens, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      project: { type: 'string', default: 'demo-storefront' },
      import: { type: 'string' },
      'export-on-exit': { type: 'string' },
      rules: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  const exportOnExit = values['export-on-exit'];
  const emulator = new FirestoreEmulator({
    host: values.host,
    port,
    import: values.import,
    exportOnExit,
    ...(values.rules !== undefined && { rules: { file: values.rules, projectId: values.project } }),
  });
  const { host } = await emulator.start();
  if (values.import !== undefined) {
    let documents = 0;
    for (const db of emulator.registry.all()) documents += db.store.size;
    console.log(`Imported ${documents} documents from ${resolve(values.import)}`);
  }
  console.log(`Firestore emulator (project ${values.project}) listening on ${host}:${emulator.port}`);
  if (values.rules !== undefined)
    console.log(`Enforcing security rules from ${resolve(values.rules)} for project ${values.project} (reloaded when the file changes)`);
  console.log(`export FIRESTORE_EMULATOR_HOST=${emulator.hostAndPort}`);
  const shutdown = async () => {
    if (exportOnExit !== undefined)
      console.log(`Exporting to ${join(resolve(exportOnExit), 'firestore_export')}`);
    try {
      await emulator.stop();
    } catch (e) {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  // A FirestoreError (e.g. a damaged --import) is not a usage mistake.
  if (!isFirestoreError(e)) console.error(USAGE);
  process.exit(2);
});
