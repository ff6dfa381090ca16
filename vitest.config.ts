import { defineConfig } from 'vitest/config';

// One runner for every workspace (STYLE.md §8.4); each workspace is a vitest project.
// .ci/run sets VITEST_JSON_REPORT to get a machine-readable summary next to the usual output.
const json = process.env['VITEST_JSON_REPORT'];

export default defineConfig({
  test: {
    projects: ['emulator', 'packages/domain', 'functions', 'scripts', 'tests/rules'],
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
  },
});
