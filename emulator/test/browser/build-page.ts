/**
 * Bundles the test page (page/index.html → page/main.ts with the browser build of firebase@12)
 * with Vite's programmatic build. The result is cached in the OS temp dir under a hash of the page
 * sources and the firebase version, so the suite's files (and reruns) share one build; a build
 * goes to a private directory first and is renamed into place, so files building at the same
 * time never see half a bundle.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'page');

async function cacheKey(): Promise<string> {
  const hash = createHash('sha256');
  const firebase = createRequire(import.meta.url)('firebase/package.json') as { version: string };
  hash.update(firebase.version);
  for (const name of (await readdir(PAGE_DIR)).sort()) hash.update(name).update(await readFile(join(PAGE_DIR, name)));
  return hash.digest('hex').slice(0, 16);
}

/** Returns the directory holding the built page (index.html and its assets). */
export async function buildPage(): Promise<string> {
  const outDir = join(tmpdir(), `firestore-emulator-browser-page-${await cacheKey()}`);
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  const staging = `${outDir}.${randomBytes(4).toString('hex')}`;
  const { build } = await import('vite');
  await build({
    root: PAGE_DIR,
    configFile: false,
    logLevel: 'warn',
    // Relative asset URLs: the page is served from the root of its own static server.
    base: './',
    build: { outDir: staging, emptyOutDir: true, minify: false, sourcemap: false, reportCompressedSize: false },
  });
  try {
    await rename(staging, outDir);
  } catch (e) {
    // Another file finished the same build first; theirs is identical.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(join(outDir, 'index.html'))) throw e;
  }
  return outDir;
}
