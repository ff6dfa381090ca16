import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'emulator',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each file gets its own process (and so its own embedded emulator and SDK instances).
    pool: 'forks',
    env: {
      // Keeps google-auth-library from probing the GCE metadata server (no network here).
      METADATA_SERVER_DETECTION: 'none',
    },
  },
});
