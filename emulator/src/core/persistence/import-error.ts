import { Code, FirestoreError } from '../errors.js';

/**
 * An export that cannot be imported: names the file and, when the problem is inside a database
 * file, the 1-based line. An INVALID_ARGUMENT so it stays inside the core's closed error set.
 */
export class ImportError extends FirestoreError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(Code.INVALID_ARGUMENT, `Cannot import ${line === undefined ? file : `${file}:${line}`}: ${reason}`);
    this.name = 'ImportError';
  }
}
