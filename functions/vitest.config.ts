import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'functions',
    include: ['test/**/*.test.ts'],
    // One stack (Firestore + Firebase CLI emulators) for the whole run; test files share it.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/bind-stack.ts'],
    // Each file gets its own process, so firebase-admin state never leaks between files.
    pool: 'forks',
    // Calls go through the functions emulator (a cold worker takes seconds) and expiry tests wait
    // for real reservations to lapse.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      // Keeps google-auth-library from probing the GCE metadata server (no network here).
      METADATA_SERVER_DETECTION: 'none',
    },
  },
});
