// npm run seed: seeds the demo catalog and users into the emulators `npm start` runs (or the ones
// FIRESTORE_EMULATOR_HOST / FIREBASE_AUTH_EMULATOR_HOST / GCLOUD_PROJECT name). Idempotent.
import { assertEmulatorsAnswer, emulatorTarget } from './emulator-target.js';
import { runSeed } from './seed/run-seed.js';

const target = emulatorTarget();
try {
  await assertEmulatorsAnswer(target);
  const result = await runSeed(target);
  console.log(
    `Seeded project ${target.projectId} (Firestore ${target.firestoreHost}, Auth ${target.authHost}): ` +
      `created ${result.storesCreated} stores, ${result.productsCreated} products, ${result.usersCreated} users (the rest already existed).`,
  );
  process.exit(0);
} catch (e) {
  console.error(`Seeding failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
