// Bundles the functions into lib/index.js (firebase.json's runtime loads package.json "main").
// Our workspace packages (@storefront/domain: TypeScript source, not published) are inlined;
// every other package stays an import resolved from node_modules at run time, as on deploy.
// Usage: node functions/build.js (from anywhere). Exits non-zero with a readable message on failure.
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const entry = join(root, 'src', 'index.ts');

/** Every bare import except a workspace package (@storefront/*) is left for Node to resolve. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@storefront/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * A running functions emulator watches lib/ and reloads every trigger when a file changes. Several
 * test stacks may share this directory, so an unchanged bundle is not rewritten (no needless
 * reload) and a changed one appears in one rename (no emulator ever loads half a file).
 */
function writeIfChanged(path, contents) {
  if (existsSync(path) && readFileSync(path).equals(contents)) return;
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

if (!existsSync(entry)) {
  console.error(
    `functions build: ${entry} does not exist yet (it re-exports every trigger); nothing to bundle.`,
  );
  process.exit(1);
}

try {
  const result = await build({
    entryPoints: [entry],
    outfile: join(root, 'lib', 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    write: false,
    plugins: [externalPackages],
  });
  for (const file of result.outputFiles) writeIfChanged(file.path, Buffer.from(file.contents));
} catch {
  // esbuild has already printed each error with its location.
  process.exit(1);
}
