import { describe, expect, it } from 'vitest';
import type { Allow, FunctionDecl, Match } from './ast.js';
import { formatDiagnostic } from './errors.js';
import { wrapRules } from './decide/testing.js';
import { parseRules } from './parser.js';


function parse(src: string) {
  const r = parseRules(src);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.ruleset;
}

/** The body of the `/databases/{database}/documents` block of `wrapRules(body)`. */
function docs(body: string): Match['body'] {
  return (parse(wrapRules(body)).service.body[0] as Match).body;
}

function errors(src: string): string[] {
  const r = parseRules(src);
  return r.ok ? [] : r.diagnostics.map(formatDiagnostic);
}

describe('ruleset structure', () => {
  it('reads rules_version, the service and the document root', () => {
    const r = parse(wrapRules(''));
    expect(r.version).toBe('2');
    expect(r.service.name).toBe('cloud.firestore');
    const root = r.service.body[0] as Match;
    expect(root.pattern).toMatchObject([
      { kind: 'literal', text: 'databases' },
      { kind: 'wildcard', name: 'database', recursive: false },
      { kind: 'literal', text: 'documents' },
    ]);
    expect(root.range.start).toEqual({ line: 3, column: 3, offset: 49 });
  });

  it('defaults to version 1, accepts firebase.storage and an optional semicolon', () => {
    expect(parse('service firebase.storage {}')).toMatchObject({
      version: '1',
      service: { name: 'firebase.storage' },
    });
    expect(parse('rules_version = "1"\nservice cloud.firestore {}').version).toBe('1');
  });

  it('nests matches with literal, single and recursive wildcards', () => {
    const [outer] = docs('match /users/{uid} { match /orders/{orderId} {} match /{rest=**} {} }') as [Match];
    expect(outer.pattern.map((p) => p.kind)).toEqual(['literal', 'wildcard']);
    const inner = outer.body as Match[];
    expect(inner.map((m) => m.pattern.at(-1))).toMatchObject([
      { name: 'orderId', recursive: false },
      { name: 'rest', recursive: true },
    ]);
  });

  it('accepts a mid-path recursive wildcard in version 2 and literal segments with parentheses', () => {
    const [m] = docs('match /{path=**}/posts/{post} { allow read; }') as [Match];
    expect(m.pattern).toMatchObject([{ recursive: true }, { text: 'posts' }, { name: 'post' }]);
    const [d] = parse('service cloud.firestore { match /databases/(default)/documents {} }').service.body as [
      Match,
    ];
    expect(d.pattern[1]).toMatchObject({ kind: 'literal', text: '(default)' });
  });

  it('reads every method, with and without conditions and semicolons', () => {
    const src = wrapRules(`match /t/{id} {
      allow read;
      allow get, list: if true
      allow create, update, delete: if false;
      allow write: if a
    }`);
    const allows = ((parse(src).service.body[0] as Match).body[0] as Match).body as Allow[];
    expect(allows.map((a) => a.methods.map((m) => m.name))).toEqual([
      ['read'],
      ['get', 'list'],
      ['create', 'update', 'delete'],
      ['write'],
    ]);
    expect(allows.map((a) => a.condition?.kind ?? null)).toEqual([null, 'bool', 'bool', 'ident']);
    const list = allows[1]?.methods[1]?.range.start;
    expect(list).toMatchObject({ line: 6, column: 18 });
    expect(src.slice(list?.offset, (list?.offset ?? 0) + 4)).toBe('list');
  });

  it('reads functions at service and match level, with lets, before or after use', () => {
    const r = parse(`rules_version = '2';
service cloud.firestore {
  function signedIn() { return request.auth != null; }
  match /databases/{database}/documents {
    match /t/{id} { allow read: if isOwner(id); }
    function isOwner(uid) {
      let me = request.auth.uid;
      let same = me == uid;
      return signedIn() && same;
    }
    function pair(a, b) { return [a, b] }
  }
}`);
    const [fn, root] = r.service.body as [FunctionDecl, Match];
    expect(fn).toMatchObject({ kind: 'function', name: 'signedIn', params: [], lets: [] });
    const fns = root.body.filter((s): s is FunctionDecl => s.kind === 'function');
    expect(fns.map((f) => [f.name, f.params.map((p) => p.name), f.lets.map((l) => l.name)])).toEqual([
      ['isOwner', ['uid'], ['me', 'same']],
      ['pair', ['a', 'b'], []],
    ]);
    expect(fns[0]?.range.start.line).toBe(6);
  });

  it('skips line and block comments', () => {
    expect(
      docs('// line\n/* block\n over lines */ match /t/{id} { /* x */ allow read; // y\n }'),
    ).toHaveLength(1);
  });
});

describe('compile errors: message and position', () => {
  const line5 = (stmt: string) => wrapRules(`    match /t/{id} {\n      ${stmt}\n    }`);
  it.each([
    [
      'missing if (official wording)',
      line5('allow read: true;'),
      "L5:19: Missing 'if' before conditional expression.",
    ],
    ['missing colon', line5('allow read if true;'), "L5:18: Unexpected 'if'; expected ':' before 'if'."],
    [
      'unknown method',
      line5('allow fetch: if true;'),
      "L5:13: Unknown method 'fetch'; expected one of read, write, get, list, create, update, delete.",
    ],
    ['empty method', line5('allow read, : if true;'), "L5:19: Unexpected ':'; expected a method name."],
    [
      'dangling operator',
      line5('allow read: if request.auth.uid == ;'),
      "L5:42: Unexpected ';'; expected an expression.",
    ],
    ['unterminated string', line5("allow read: if 'abc;"), 'L5:22: Unterminated string literal.'],
    ['bad escape', line5("allow read: if 'a\\q';"), "L5:22: Invalid escape sequence '\\q'."],
    [
      'int overflow',
      line5('allow read: if 99999999999999999999 > 1;'),
      'L5:22: Integer literal 99999999999999999999 does not fit in 64 bits.',
    ],
    [
      '2^63 without minus',
      line5('allow read: if 9223372036854775808;'),
      'L5:22: Integer literal 9223372036854775808 does not fit in 64 bits.',
    ],
    ['stray character', line5('allow read: if a # b;'), "L5:24: Unexpected character '#'."],
    ['unclosed parenthesis', line5('allow read: if (a && b;'), "L5:29: Unexpected ';'; expected ')'."],
    ['unknown type', line5('allow read: if x is str;'), "L5:27: Unknown type 'str' after 'is'."],
    [
      'reserved word',
      line5('allow read: if in;'),
      "L5:22: 'in' is a reserved word and cannot be used as a name.",
    ],
    ['empty index', line5('allow read: if a[];'), "L5:24: Unexpected ']'; expected an expression."],
    [
      'trailing comma in call',
      line5('allow read: if f(a,);'),
      "L5:26: Unexpected ')'; expected an expression.",
    ],
    ['empty path segment', line5('allow read: if /a//b;'), 'L5:25: Expected a path segment after /.'],
    [
      'let without semicolon',
      line5('function f(x) { let y = x return y; }'),
      "L5:33: Unexpected 'return'; expected ';'.",
    ],
    [
      'function without return',
      line5('function f(x) { x }'),
      "L5:23: Unexpected 'x'; expected 'let' or 'return'.",
    ],
    [
      'unclosed wildcard',
      wrapRules('    match /t/{id {\n    }'),
      "L4:17: Unexpected whitespace; expected '}' or '=**'.",
    ],
    ['single-star wildcard', wrapRules('    match /t/{id=*} {\n    }'), "L4:19: Unexpected '}'; expected '**'."],
    [
      'pattern without slash',
      wrapRules('    match t/{id} {\n    }'),
      "L4:11: Unexpected 't'; expected '/' to start a path pattern.",
    ],
    ['unterminated comment', wrapRules('    /* never closed'), 'L4:5: Unterminated block comment.'],
    [
      'unsupported version',
      "rules_version = '3';\nservice cloud.firestore {}",
      "L1:17: Unsupported rules_version '3'; expected '1' or '2'.",
    ],
    [
      'unknown service',
      'service cloud.storage {}',
      "L1:9: Unknown service 'cloud.storage'; expected cloud.firestore or firebase.storage.",
    ],
    [
      'two services',
      'service cloud.firestore {}\nservice cloud.firestore {}',
      "L2:1: Unexpected 'service'; expected end of input.",
    ],
    [
      'reserved parameter name',
      line5('function f(null) { return true; }'),
      "L5:18: 'null' is a reserved word and cannot be used as a name.",
    ],
    ['empty file', '', "L1:1: Unexpected end of input; expected 'rules_version' or 'service'."],
    [
      'two recursive wildcards',
      wrapRules('    match /{a=**}/x/{b=**} {}'),
      'L4:21: A match pattern may contain at most one recursive wildcard {name=**}.',
    ],
    [
      'mid-path recursive wildcard in v1',
      'service cloud.firestore { match /{a=**}/x { allow read; } }',
      "L1:34: In rules_version '1' a recursive wildcard must be the last segment.",
    ],
  ])('%s', (_name, src, expected) => expect(errors(src)).toEqual([expected]));

  it('keeps parsing after recoverable problems and reports them in source order', () => {
    const src = wrapRules('    match /t/{id} {\n      allow fetch: if true;\n      allow read: true;\n    }');
    expect(errors(src)).toEqual([
      "L5:13: Unknown method 'fetch'; expected one of read, write, get, list, create, update, delete.",
      "L6:19: Missing 'if' before conditional expression.",
    ]);
  });

  it('never throws on arbitrary input', () => {
    const inputs = [
      '}',
      '{{{{',
      'service',
      'service cloud.firestore { match',
      "allow read: if '",
      'match /$(x)',
      '\u0000',
      '/',
    ];
    for (const src of inputs) expect(parseRules(src).ok).toBe(false);
    // Deep nesting of every recursive construct stops at a limit instead of overflowing the stack.
    const deep = 20_000;
    const nests = [
      'match /a { '.repeat(deep),
      '('.repeat(deep),
      '['.repeat(deep),
      '-'.repeat(deep),
      'f('.repeat(deep),
    ];
    for (const n of nests)
      expect(parseRules(`service cloud.firestore { match /t { allow read: if ${n}`).ok).toBe(false);
    expect(parseRules(`service cloud.firestore { ${'match /a { '.repeat(deep)}`).ok).toBe(false);
  });
});
