// Which emulators the repository scripts (seed, admin) talk to: the ones `npm start` runs, unless
// FIRESTORE_EMULATOR_HOST / FIREBASE_AUTH_EMULATOR_HOST / GCLOUD_PROJECT name others.
import { configuredEmulator, defaultProjectId } from '../functions/test/support/functions-files.js';

function configuredHost(name: string): string {
  const { host, port } = configuredEmulator(name);
  return `${host}:${port}`;
}

export interface EmulatorTarget {
  readonly projectId: string;
  readonly firestoreHost: string;
  readonly authHost: string;
}

export const emulatorTarget = (): EmulatorTarget => ({
  projectId: process.env['GCLOUD_PROJECT'] ?? defaultProjectId(),
  firestoreHost: process.env['FIRESTORE_EMULATOR_HOST'] ?? configuredHost('firestore'),
  authHost: process.env['FIREBASE_AUTH_EMULATOR_HOST'] ?? configuredHost('auth'),
});

/** Fails fast with a readable message instead of the Admin SDK retrying an absent emulator for minutes. */
export async function assertEmulatorsAnswer(target: EmulatorTarget): Promise<void> {
  for (const [name, host] of [['Firestore', target.firestoreHost], ['Auth', target.authHost]] as const) {
    try {
      await (await fetch(`http://${host}/`)).arrayBuffer();
    } catch {
      throw new Error(`the ${name} emulator does not answer at ${host} (is \`npm start\` running?)`);
    }
  }
}
