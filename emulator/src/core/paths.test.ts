import { describe, expect, it } from 'vitest';
import { Code, FirestoreError } from './errors.js';
import {
  databaseId,
  documentName,
  joinPath,
  lastSegment,
  parentPath,
  parseDatabaseName,
  parseDocumentName,
  parseParent,
  validateSegment,
} from './paths.js';

function invalidMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FirestoreError);
    expect((e as FirestoreError).code).toBe(Code.INVALID_ARGUMENT);
    return (e as FirestoreError).message;
  }
  throw new Error('expected INVALID_ARGUMENT, nothing was thrown');
}

const ROOT = 'projects/demo-p/databases/(default)/documents';

describe('databaseId', () => {
  it('builds the database resource name, defaulting to (default)', () => {
    expect(databaseId('demo-p')).toEqual({
      projectId: 'demo-p',
      databaseId: '(default)',
      name: 'projects/demo-p/databases/(default)',
    });
    expect(databaseId('p', 'my-db').name).toBe('projects/p/databases/my-db');
  });

  it('accepts the made-up project ids tests use and rejects unroutable ones', () => {
    for (const ok of ['demo-test', 'a', 'My.Project', 'example.com:proj', 'p_1'])
      expect(databaseId(ok).projectId).toBe(ok);
    for (const bad of ['', 'a/b', 'a b', '-lead']) invalidMessage(() => databaseId(bad));
  });

  it('validates database ids', () => {
    for (const bad of ['', 'Default', '1db', 'db-', 'a/b', '(other)'])
      invalidMessage(() => databaseId('p', bad));
  });
});

describe('parseDatabaseName', () => {
  it('parses projects/{p}/databases/{d}', () => {
    expect(parseDatabaseName('projects/p/databases/(default)')).toEqual(databaseId('p'));
  });

  it('rejects other shapes', () => {
    invalidMessage(() => parseDatabaseName('projects/p/databases/(default)/documents'));
    invalidMessage(() => parseDatabaseName('projects/p'));
    invalidMessage(() => parseDatabaseName(undefined));
  });
});

describe('validateSegment', () => {
  it('accepts ordinary ids, numeric ids and unicode', () => {
    for (const ok of [
      'a',
      'A-b_c',
      '__id42__',
      '__id-9223372036854775808__',
      '\u{1F600}',
      '.a',
      '__a',
      'a__',
      ' ',
    ])
      expect(() => validateSegment(ok, ok)).not.toThrow();
  });

  it('rejects empty, "." and "..", reserved __x__ ids and ids over 1500 bytes', () => {
    expect(invalidMessage(() => validateSegment('', 'x'))).toMatch(/empty/);
    expect(invalidMessage(() => validateSegment('.', '.'))).toMatch(/"\."/);
    invalidMessage(() => validateSegment('..', '..'));
    expect(invalidMessage(() => validateSegment('__foo__', '__foo__'))).toMatch(/reserved/);
    invalidMessage(() => validateSegment('__id__', '__id__'));
    expect(() => validateSegment('a'.repeat(1500), 'x')).not.toThrow();
    invalidMessage(() => validateSegment('a'.repeat(1501), 'x'));
    // 1500 bytes is measured in UTF-8: 376 emoji are 1504 bytes but only 752 UTF-16 units.
    invalidMessage(() => validateSegment('\u{1F600}'.repeat(376), 'x'));
  });
});

describe('parseDocumentName', () => {
  it('splits a document name into database, relative path and segments', () => {
    const r = parseDocumentName(`${ROOT}/c/d/sub/e`);
    expect(r.db).toEqual(databaseId('demo-p'));
    expect(r.path).toBe('c/d/sub/e');
    expect(r.segments).toEqual(['c', 'd', 'sub', 'e']);
  });

  it('rejects collection paths, the root, empty segments, trailing slashes and foreign prefixes', () => {
    expect(invalidMessage(() => parseDocumentName(`${ROOT}/c`))).toMatch(/not a valid document path/);
    invalidMessage(() => parseDocumentName(ROOT));
    invalidMessage(() => parseDocumentName(`${ROOT}/`));
    invalidMessage(() => parseDocumentName(`${ROOT}/c/d/`));
    invalidMessage(() => parseDocumentName(`${ROOT}/c//d/e`));
    invalidMessage(() => parseDocumentName('c/d'));
    invalidMessage(() => parseDocumentName('projects/p/databases/(default)/docs/c/d'));
    invalidMessage(() => parseDocumentName(`${ROOT}/c/__bad__`));
    invalidMessage(() => parseDocumentName(''));
    invalidMessage(() => parseDocumentName(null));
  });
});

describe('parseParent', () => {
  it('accepts the root and document paths', () => {
    expect(parseParent(ROOT).path).toBe('');
    expect(parseParent(ROOT).segments).toEqual([]);
    expect(parseParent(`${ROOT}/c/d`).path).toBe('c/d');
  });

  it('rejects collection paths', () => {
    invalidMessage(() => parseParent(`${ROOT}/c`));
    invalidMessage(() => parseParent(`${ROOT}/c/d/e`));
  });
});

describe('path helpers', () => {
  const db = databaseId('demo-p');

  it('documentName joins the database name and a relative path', () => {
    expect(documentName(db, 'c/d')).toBe(`${ROOT}/c/d`);
    expect(documentName(db, '')).toBe(ROOT);
  });

  it('parentPath, lastSegment and joinPath handle top-level paths', () => {
    expect(parentPath('c/d/e/f')).toBe('c/d/e');
    expect(parentPath('c')).toBe('');
    expect(lastSegment('c/d/e')).toBe('e');
    expect(lastSegment('c')).toBe('c');
    expect(joinPath('', 'c')).toBe('c');
    expect(joinPath('c/d', 'e')).toBe('c/d/e');
  });
});
