// Vitest setup file (runs in every test worker before its test file): points firebase-admin (and
// so the functions' own db()) at the stack global-setup.ts started, whatever the file imports.
import { inject } from 'vitest';
import { bindAdminSdk } from './stack-client.js';

bindAdminSdk(inject('stack'));
