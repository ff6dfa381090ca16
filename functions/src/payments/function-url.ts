import { REGION } from '../lib/config.js';

/**
 * URL of the HTTP function `name` under `origin` (see lib/request-origin.ts), in the emulator's
 * scheme `/<project>/<region>/<name>`: demo mode, its only user, runs only in the emulator.
 */
export function functionUrl(origin: string, name: string): string {
  const project = process.env['GCLOUD_PROJECT'];
  if (!project) throw new Error('GCLOUD_PROJECT is not set');
  return `${origin}/${project}/${REGION}/${name}`;
}
