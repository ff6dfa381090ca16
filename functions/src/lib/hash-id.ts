import { createHash } from 'node:crypto';

/**
 * A 43-character id (sha256, base64url) derived from `parts`: deterministic, so retries find the
 * same document or task, and uniformly spread, so ids never form a sequential hotspot.
 */
export function hashId(...parts: readonly string[]): string {
  // A separator that cannot occur inside the parts keeps ("a", "bc") apart from ("ab", "c").
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url');
}
