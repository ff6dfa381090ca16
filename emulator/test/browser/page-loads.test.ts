/**
 * The suite's own machinery: the Vite bundle loads in Debian's Chromium from an origin other than
 * the emulator's, and exposes the browser build of firebase@12. Needs no emulator transport.
 */
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { browserSuite } from './browser-suite.js';

const suite = browserSuite();
const firebaseVersion = (createRequire(import.meta.url)('firebase/package.json') as { version: string }).version;

it('Chromium loads the bundled page, which reports the firebase SDK version', async () => {
  const { tab } = await suite.setup();
  expect(suite.browser.version()).toMatch(/^\d+\./);
  expect(await tab.call('version')).toBe(firebaseVersion);
  expect(tab.errors).toEqual([]);
});

it('the page is served from an origin other than the emulator, so every SDK request is cross-origin', async () => {
  const { tab } = await suite.setup();
  // Expressions as strings: the suite compiles without the DOM library.
  const pageOrigin = await tab.page.evaluate<string>('location.origin');
  expect(pageOrigin).toBe(suite.pageOrigin);
  expect(pageOrigin).not.toBe(`http://${suite.target.hostAndPort}`);
});

it('the page bundles the browser build (WebChannel), not the Node build (gRPC)', async () => {
  const { tab } = await suite.setup();
  const scripts = await tab.page.evaluate<string[]>('Array.from(document.scripts, (s) => s.src)');
  expect(scripts).toHaveLength(1);
  const bundle = await (await fetch(scripts[0]!)).text();
  expect(bundle).toContain('/channel');
  expect(bundle).not.toContain('@grpc/grpc-js');
});
