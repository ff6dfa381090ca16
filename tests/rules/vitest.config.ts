import { defineConfig } from 'vitest/config';

// The store's security rules (firestore.rules) through @firebase/rules-unit-testing, against the
// embedded emulator (started once by global-setup.ts) or whatever FIRESTORE_EMULATOR_HOST names
// (e.g. the official one).
export default defineConfig({
  test: {
    name: 'rules',
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { METADATA_SERVER_DETECTION: 'none' },
  },
});
