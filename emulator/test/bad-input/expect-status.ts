import { status } from '@grpc/grpc-js';
import { expect } from 'vitest';
import type { Outcome } from './raw-firestore.js';

export { status };

/** Asserts the call ended with exactly `code` and, when given, a message matching `words`. */
export function expectStatus(outcome: Outcome, code: status, words?: RegExp): void {
  expect(`${status[outcome.code]}: ${outcome.details}`).toMatch(new RegExp(`^${status[code]}: `));
  if (words) expect(outcome.details).toMatch(words);
}
