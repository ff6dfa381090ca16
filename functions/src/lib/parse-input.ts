import { HttpsError } from 'firebase-functions/https';
import type { z } from 'zod';

/** One validation problem, as sent to the client in the error's `details`. */
export interface InputIssue {
  path: string;
  message: string;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'input' : path.map(String).join('.');
}

/**
 * Parses untrusted callable data with a domain schema.
 * @returns the parsed (and stripped) value.
 * @throws HttpsError('invalid-argument') whose message names every bad field path
 *   (e.g. "lines.0.quantity: quantity must be at least 1") and whose details list the issues.
 */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues: InputIssue[] = result.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));
  throw new HttpsError('invalid-argument', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
}
