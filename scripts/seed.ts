// npm run seed: seeds the demo catalog and users into the emulators `npm start` runs (or the ones
// FIRESTORE_EMULATOR_HOST / FIREBASE_AUTH_EMULATOR_HOST / GCLOUD_PROJECT name). Idempotent.
import { configuredEmulator, defaultProjectId } from '../functions/test/support/functions-files.js';
import { runSeed } from './seed/run-seed.js';

function configuredHost(name: string): string {
  const { host, port } = configuredEmulator(name);
  return `${host}:${port}`;
}

const target = {
  projectId: process.env['GCLOUD_PROJECT'] ?? defaultProjectId(),
  firestoreHost: process.env['FIRESTORE_EMULATOR_HOST'] ?? configuredHost('firestore'),
  authHost: process.env['FIREBASE_AUTH_EMULATOR_HOST'] ?? configuredHost('auth'),
};

/** Fails fast with a readable message instead of the Admin SDK retrying an absent emulator for minutes. */
async function assertAnswers(name: string, host: string): Promise<void> {
  try {
    await (await fetch(`http://${host}/`)).arrayBuffer();
  } catch {
    throw new Error(`the ${name} emulator does not answer at ${host}`);
  }
}

try {
  await assertAnswers('Firestore', target.firestoreHost);
  await assertAnswers('Auth', target.authHost);
  const result = await runSeed(target);
  console.log(
    `Seeded project ${target.projectId} (Firestore ${target.firestoreHost}, Auth ${target.authHost}): ` +
      `created ${result.storesCreated} stores, ${result.productsCreated} products, ${result.usersCreated} users (the rest already existed).`,
  );
  process.exit(0);
} catch (e) {
  console.error(`Seeding failed (is \`npm start\` running?): ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
