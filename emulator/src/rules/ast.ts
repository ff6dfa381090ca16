/**
 * Rules AST (stage 3 of lexer → parser → ast → check → plan → eval). Every node kind is a member of a
 * discriminated union on `kind` and carries the source range it was parsed from, so later stages can
 * report `L<line>:<col>` the way the official emulator does (rules-language.md §1.1, §10).
 */

/** `offset` is a UTF-16 index into the source; `column` counts code points, 1-based like `line`. */
export interface Pos {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface Range {
  readonly start: Pos;
  readonly end: Pos;
}

interface Node {
  /** Unique within one parse; lets later stages key coverage and plans by node. */
  readonly id: number;
  readonly range: Range;
}

export type BinaryOp =
  '||' | '&&' | '==' | '!=' | 'in' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export const TYPE_NAMES = [
  'bool',
  'int',
  'float',
  'number',
  'string',
  'bytes',
  'list',
  'map',
  'set',
  'map_diff',
  'timestamp',
  'duration',
  'path',
  'latlng',
  'constraint',
  // Not in the Firestore docs but in the Storage reference; accepted per rules-language.md §5.8.
  'null',
] as const;
export type TypeName = (typeof TYPE_NAMES)[number];

export type Expr =
  | (Node & { kind: 'null' })
  | (Node & { kind: 'bool'; value: boolean })
  | (Node & { kind: 'int'; value: bigint })
  | (Node & { kind: 'float'; value: number })
  | (Node & { kind: 'string'; value: string })
  | (Node & { kind: 'bytes'; value: Uint8Array })
  | (Node & { kind: 'ident'; name: string })
  | (Node & { kind: 'path'; segments: PathLiteralSegment[] })
  | (Node & { kind: 'unary'; op: '!' | '-'; operand: Expr })
  | (Node & { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr })
  | (Node & { kind: 'is'; operand: Expr; type: TypeName })
  | (Node & { kind: 'ternary'; cond: Expr; ifTrue: Expr; ifFalse: Expr })
  | (Node & { kind: 'member'; target: Expr; name: string })
  /** `target` is null for a global call `f(x)`; `a.m(x)` and `math.abs(x)` both have a target. */
  | (Node & { kind: 'call'; target: Expr | null; name: string; args: Expr[] })
  | (Node & { kind: 'index'; target: Expr; index: Expr })
  | (Node & { kind: 'slice'; target: Expr; from: Expr | null; to: Expr | null })
  | (Node & { kind: 'list'; elements: Expr[] })
  | (Node & { kind: 'map'; entries: MapEntry[] });

export type ExprKind = Expr['kind'];

export interface MapEntry {
  readonly key: Expr;
  readonly value: Expr;
}

/** `/databases/$(database)/documents` — literal text or an interpolated `$(expr)`. */
export type PathLiteralSegment =
  { kind: 'text'; text: string; range: Range } | { kind: 'interpolation'; expr: Expr; range: Range };

/** A `match` pattern segment: `users`, `{uid}` or `{rest=**}`. */
export type PatternSegment =
  | { kind: 'literal'; text: string; range: Range }
  | { kind: 'wildcard'; name: string; recursive: boolean; range: Range };

export const METHODS = ['read', 'write', 'get', 'list', 'create', 'update', 'delete'] as const;
export type Method = (typeof METHODS)[number];

export interface Named<T extends string = string> {
  readonly name: T;
  readonly range: Range;
}

export interface Allow extends Node {
  readonly kind: 'allow';
  readonly methods: Named<Method>[];
  /** Null for `allow read;`, which always grants (§2.2). */
  readonly condition: Expr | null;
}

export interface LetBinding extends Node {
  readonly kind: 'let';
  readonly name: string;
  readonly value: Expr;
}

export interface FunctionDecl extends Node {
  readonly kind: 'function';
  readonly name: string;
  readonly params: Named[];
  readonly lets: LetBinding[];
  readonly result: Expr;
}

export interface Match extends Node {
  readonly kind: 'match';
  readonly pattern: PatternSegment[];
  /** Source order is kept: allow statements are evaluated in it (§4.3). */
  readonly body: (Match | Allow | FunctionDecl)[];
}

export interface Service extends Node {
  readonly kind: 'service';
  readonly name: 'cloud.firestore' | 'firebase.storage';
  readonly body: (Match | FunctionDecl)[];
}

export interface Ruleset extends Node {
  readonly kind: 'ruleset';
  /** '1' when the file has no `rules_version` (§2.2). */
  readonly version: '1' | '2';
  readonly service: Service;
}
