import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * reliability.md B5's static check: production code signs events only in the demo module (which
 * runs only in demo mode), and verifies them in one place, which fails closed without a secret.
 */

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const filesUsing = (needle: string) =>
  sourceFiles(SRC)
    .filter((file) => readFileSync(file, 'utf8').includes(needle))
    .map((file) => relative(SRC, file));

describe('webhook signing in production code', () => {
  it('only the demo event module signs events', () => {
    expect(filesUsing('generateTestHeader')).toEqual(['payments/demo-events.ts']);
  });

  it('only verify-stripe-event.ts verifies them, and not through a skippable path', () => {
    expect(filesUsing('constructEvent')).toEqual(['payments/verify-stripe-event.ts']);
    expect(filesUsing('WithoutVerification')).toEqual([]);
  });
});
