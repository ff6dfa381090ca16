import type { TestProject } from 'vitest/node';

/** Where the rules suite sends its requests: `inject('firestoreEmulator')` in the test files. */
export interface FirestoreEmulatorAddress {
  host: string;
  port: number;
  /** True when FIRESTORE_EMULATOR_HOST named an emulator this setup did not start (e.g. the official one). */
  external: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    firestoreEmulator: FirestoreEmulatorAddress;
  }
}

/** Parses `host:port` or `[v6host]:port`. */
function parseHostAndPort(value: string): { host: string; port: number } {
  const i = value.lastIndexOf(':');
  const port = Number(value.slice(i + 1));
  if (i < 0 || !Number.isInteger(port)) throw new Error(`FIRESTORE_EMULATOR_HOST is not host:port: ${value}`);
  return { host: value.slice(0, i).replace(/^\[|\]$/g, ''), port };
}

/**
 * Starts the embedded emulator for the whole run, unless FIRESTORE_EMULATOR_HOST names one, in
 * which case the suite runs unchanged against that. Returns the teardown.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['FIRESTORE_EMULATOR_HOST'];
  if (external) {
    project.provide('firestoreEmulator', { ...parseHostAndPort(external), external: true });
    return async () => {};
  }
  // Imported only when needed: against another emulator the embedded one is not even loaded.
  const { FirestoreEmulator } = await import('../../emulator/src/emulator.js');
  const emulator = new FirestoreEmulator();
  const { host, port } = await emulator.start();
  project.provide('firestoreEmulator', { host, port, external: false });
  return () => emulator.stop();
}
