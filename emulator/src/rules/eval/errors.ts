import type { Range } from '../ast.js';
import type { Value } from './values.js';

/**
 * Evaluation errors are values (STYLE §8.2 item 7, rules-language.md §5.1): every evaluator function
 * returns `RulesResult<T>`, and only `&&`, `||` and `?:` may discard an error.
 */
const brand: unique symbol = Symbol('RulesError');

export interface RulesError {
  readonly [brand]: true;
  /** The official wording where §5.1 quotes it, e.g. `Null value error.`. */
  readonly reason: string;
  /** Where the error arose, when known; used for `evaluation error at L<line>:<col>`. */
  readonly range?: Range;
}

export type RulesResult<T> = T | RulesError;

export function isRulesError(x: unknown): x is RulesError {
  return typeof x === 'object' && x !== null && brand in x;
}

export function rulesError(reason: string, range?: Range): RulesError {
  return range === undefined ? { [brand]: true, reason } : { [brand]: true, reason, range };
}

/** Attaches a range to an error that has none yet (the innermost range wins). */
export function locate(e: RulesError, range: Range): RulesError {
  return e.range === undefined ? rulesError(e.reason, range) : e;
}

export const reasons = {
  nullValue: () => 'Null value error.',
  undefinedProperty: (k: string) => `Property ${k} is undefined on object.`,
  unsupported: (received: string, expected?: string) =>
    `Unsupported operation error. Received: ${received}.` + (expected ? ` Expected: ${expected}.` : ''),
  functionNotFound: (name: string) => `Function not found error: Name: [${name}].`,
  indexOutOfBound: (i: bigint, n: number) => `Index out of bound error. Index: [${i}] , size: [${n}].`,
  divisionByZero: () => 'Division by zero.',
  overflow: () => 'Integer overflow.',
  outOfRange: (what: string) => `${what} out of range.`,
  badArgument: (what: string) => `Invalid argument: ${what}.`,
} as const;

/** Builds the `Unsupported operation error` of one call from the expected argument list. */
export type Bad = (expected: string) => RulesResult<Value>;

/** A method family for one receiver type: undefined when the type has no method of that name. */
export type MethodImpl<R> = (
  receiver: R,
  name: string,
  args: readonly Value[],
  bad: Bad,
) => RulesResult<Value> | undefined;
