import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The functions workspace (functions/), whatever the caller's working directory. */
export const FUNCTIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The repository root (firebase.json lives there). */
export const REPO_ROOT = resolve(FUNCTIONS_DIR, '..');

export interface FirebaseJson {
  functions: { ignore?: string[] }[];
  emulators: Record<string, { host?: string; port?: number }>;
}

/** The repository's firebase.json (functions config, emulator ports). */
export function readFirebaseJson(): FirebaseJson {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'firebase.json'), 'utf8')) as FirebaseJson;
}

/** Where firebase.json puts emulator `name` (the addresses `npm start` uses). */
export function configuredEmulator(name: string): { host: string; port: number } {
  const { host, port } = readFirebaseJson().emulators[name] ?? {};
  if (host === undefined || port === undefined)
    throw new Error(`firebase.json has no emulators.${name}.host and .port`);
  return { host, port };
}

/** The project id of .firebaserc's default alias (demo-storefront). */
export function defaultProjectId(): string {
  return (
    JSON.parse(readFileSync(join(REPO_ROOT, '.firebaserc'), 'utf8')) as { projects: { default: string } }
  ).projects.default;
}

/** Bundles functions/src into functions/lib with functions/build.js; rejects with esbuild's messages. */
export async function buildFunctions(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, [join(FUNCTIONS_DIR, 'build.js')]);
  } catch (e) {
    const { stderr, stdout } = e as { stderr?: string; stdout?: string };
    throw new Error(`building the functions failed:\n${stderr || stdout || String(e)}`);
  }
}

/** `KEY=value` lines as the Firebase CLI reads them (dotenv: # comments, optional quotes). */
function parseEnvFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) vars.set(match[1]!, match[2]!.replace(/^(['"])(.*)\1$/, '$2'));
  }
  return vars;
}

function readEnvFile(file: string): Map<string, string> {
  return existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : new Map();
}

export interface LocalSecrets {
  webhookSecret: string;
  /** Whether a Stripe key is configured, i.e. real PaymentIntents instead of demo payments. */
  stripeKey: boolean;
}

/**
 * functions/.secret.local is where the functions emulator finds secrets. A local webhook secret is
 * generated the first time (the demo payment endpoint signs with it); whatever else the developer
 * put there (a Stripe test key) is kept.
 */
export function ensureSecretLocal(): LocalSecrets {
  const file = join(FUNCTIONS_DIR, '.secret.local');
  const line = `STRIPE_WEBHOOK_SECRET=whsec_${randomBytes(24).toString('hex')}\n`;
  if (!existsSync(file)) {
    try {
      // 'wx': of several stacks starting at once, exactly one creates the file.
      writeFileSync(file, line, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  let vars = readEnvFile(file);
  if (!vars.get('STRIPE_WEBHOOK_SECRET')) {
    const existing = readFileSync(file, 'utf8');
    appendFileSync(file, `${existing === '' || existing.endsWith('\n') ? '' : '\n'}${line}`);
    vars = readEnvFile(file);
  }
  return {
    webhookSecret: vars.get('STRIPE_WEBHOOK_SECRET')!,
    stripeKey: Boolean(vars.get('STRIPE_SECRET_KEY')),
  };
}

/**
 * The params the functions emulator gives project `projectId`: functions/.env, then
 * .env.<projectId>, then .env.local, each overriding the one before (firebase-tools
 * functions/env.ts; .env.local applies to every project, in the emulator only).
 */
export function functionsEnv(projectId: string): Map<string, string> {
  return new Map(
    ['.env', `.env.${projectId}`, '.env.local'].flatMap((f) => [...readEnvFile(join(FUNCTIONS_DIR, f))]),
  );
}

/** Creates functions/.env.<projectId> (committed) holding `defaults` when it does not exist yet. */
export function ensureProjectEnv(
  projectId: string,
  defaults: Readonly<Record<string, string>>,
  comment: string,
): void {
  const file = join(FUNCTIONS_DIR, `.env.${projectId}`);
  if (!existsSync(file))
    writeFileSync(
      file,
      `# ${comment}\n${Object.entries(defaults)
        .map(([k, v]) => `${k}=${v}\n`)
        .join('')}`,
    );
}
