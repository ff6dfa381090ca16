import type { Range } from './ast.js';

/**
 * Compile diagnostics. Wording follows the official compiler where rules-language.md quotes it
 * (§2.2); the rest is ours and says what was expected and where.
 */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly range: Range;
}

export function diagnostic(message: string, range: Range): Diagnostic {
  return { severity: 'error', message, range };
}

/** `L<line>:<col>: message`, the shape the emulator uses in its issue lists. */
export function formatDiagnostic(d: Diagnostic): string {
  return `L${d.range.start.line}:${d.range.start.column}: ${d.message}`;
}

export const messages = {
  // Quoted from the official compiler (rules-language.md §2.2).
  missingIf: () => "Missing 'if' before conditional expression.",
  tooComplex: () => 'Expression is too complex to evaluate safely.',
  tooManyLets: (max: number) => `A function may have at most ${max} let bindings.`,
  // Ours.
  unexpected: (found: string, expected: string) => `Unexpected ${found}; expected ${expected}.`,
  sourceTooLarge: (max: number) => `Rules source exceeds the maximum size of ${max} bytes.`,
  unsupportedVersion: (v: string) => `Unsupported rules_version '${v}'; expected '1' or '2'.`,
  unknownService: (name: string) =>
    `Unknown service '${name}'; expected cloud.firestore or firebase.storage.`,
  unknownMethod: (name: string) =>
    `Unknown method '${name}'; expected one of read, write, get, list, create, update, delete.`,
  unknownType: (name: string) => `Unknown type '${name}' after 'is'.`,
  reservedWord: (name: string) => `'${name}' is a reserved word and cannot be used as a name.`,
  intOutOfRange: (text: string) => `Integer literal ${text} does not fit in 64 bits.`,
  unterminatedString: () => 'Unterminated string literal.',
  unterminatedComment: () => 'Unterminated block comment.',
  badEscape: (esc: string) => `Invalid escape sequence '${esc}'.`,
  badCharacter: (ch: string) => `Unexpected character '${ch}'.`,
  badNumber: (text: string) => `Malformed number '${text}'.`,
  emptyPathSegment: () => 'Expected a path segment after /.',
  matchTooDeep: (max: number) => `Match blocks may be nested at most ${max} deep.`,
  tooManySegments: (max: number) => `A nested match path may have at most ${max} segments.`,
  tooManyCaptures: (max: number) => `A nested match path may capture at most ${max} variables.`,
  multipleRecursive: () => 'A match pattern may contain at most one recursive wildcard {name=**}.',
  recursiveNotLastV1: () => "In rules_version '1' a recursive wildcard must be the last segment.",
  tooManyParams: (max: number) => `A function may have at most ${max} parameters.`,
  tooManyArgs: (max: number) => `A call may have at most ${max} arguments.`,
  tooManyNodes: (max: number) => `Expression has more than ${max} parts.`,
  recursiveFunction: (cycle: readonly string[]) =>
    `Recursive function calls are not allowed: ${cycle.join(' -> ')}.`,
} as const;
