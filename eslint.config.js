import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// Lint runs at error from day one (STYLE.md §8.2 item 13); import boundaries per STYLE.md §8.1.
export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'functions/lib/**', 'emulator/src/gen/**', 'emulator/proto/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    // Without a TypeScript resolver `./x.js` never resolves to `x.ts` and no-cycle checks nothing.
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            // The emulator imports nothing of the app's.
            { target: './emulator', from: ['./web', './functions', './packages', './scripts'] },
            // The shared domain imports nothing of ours (web and functions both depend on it).
            { target: './packages/domain', from: ['./emulator', './web', './functions', './scripts'] },
            // Functions may use the domain, never the web app or the repo scripts.
            { target: './functions', from: ['./web', './scripts'] },
            // Deployed code stands alone: the emulator and test harness are for tests and benchmarks only.
            { target: './functions/src', from: ['./emulator', './functions/test', './functions/bench'] },
            // scripts/ (npm start, seed) may import anything.
            // Core is protocol-neutral: no service or transport code.
            { target: './emulator/src/core', from: ['./emulator/src/service', './emulator/src/protocol'] },
            // Services do not know transports.
            { target: './emulator/src/service', from: './emulator/src/protocol' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
