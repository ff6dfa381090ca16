import { defineConfig } from 'vitest/config';

// One runner for every workspace (STYLE.md §8.4); each workspace is a vitest project.
export default defineConfig({
  test: {
    projects: ['emulator'],
  },
});
