/**
 * The rules value model (rules-language.md §6, Appendix A). Ints are signed 64-bit held as `bigint`
 * (results outside the range are errors, §5.6); timestamps and durations are whole nanoseconds as
 * `bigint`; strings are JS strings, which index by UTF-16 code units like the official engine.
 */
export type Value =
  | { readonly t: 'null' }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'int'; readonly v: bigint }
  | { readonly t: 'float'; readonly v: number }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'bytes'; readonly v: Uint8Array }
  | { readonly t: 'list'; readonly v: readonly Value[] }
  | { readonly t: 'map'; readonly v: ReadonlyMap<string, Value> }
  /** Distinct members, first occurrence order. */
  | { readonly t: 'set'; readonly v: readonly Value[] }
  | { readonly t: 'map_diff'; readonly a: ReadonlyMap<string, Value>; readonly b: ReadonlyMap<string, Value> }
  /** Nanoseconds since the Unix epoch, UTC. */
  | { readonly t: 'timestamp'; readonly ns: bigint }
  | { readonly t: 'duration'; readonly ns: bigint }
  | { readonly t: 'latlng'; readonly lat: number; readonly lng: number }
  | { readonly t: 'path'; readonly segs: readonly string[] }
  /** A list request's symbolic field (§8.4): the query's (comparator, operand) filters on it. */
  | { readonly t: 'constraint'; readonly filters: readonly FieldFilter[] };

/** The query comparators a `constraint` records (§8.4); `LIST_CONTAINS` is `array-contains`. */
export type Comparator = 'EQ' | 'NEQ' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'LIST_CONTAINS';

export interface FieldFilter {
  readonly op: Comparator;
  readonly operand: Value;
}

export type ValueType = Value['t'];
export type ValueOf<T extends ValueType> = Extract<Value, { t: T }>;

export const INT_MIN = -(2n ** 63n);
export const INT_MAX = 2n ** 63n - 1n;
/** ±315,576,000,000 s (§6.11). */
export const DURATION_MAX_NS = 315_576_000_000n * 1_000_000_000n;
/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z (§6). */
export const TIMESTAMP_MIN_NS = -62_135_596_800n * 1_000_000_000n;
export const TIMESTAMP_MAX_NS = 253_402_300_800n * 1_000_000_000n - 1n;

export const NULL: Value = { t: 'null' };
export const TRUE: Value = { t: 'bool', v: true };
export const FALSE: Value = { t: 'bool', v: false };

export const bool = (v: boolean): Value => (v ? TRUE : FALSE);
export const int = (v: bigint): Value => ({ t: 'int', v });
export const float = (v: number): Value => ({ t: 'float', v });
export const str = (v: string): Value => ({ t: 'string', v });
export const list = (v: readonly Value[]): Value => ({ t: 'list', v });
export const map = (v: ReadonlyMap<string, Value>): Value => ({ t: 'map', v });
export const path = (segs: readonly string[]): Value => ({ t: 'path', segs });

export function set(members: readonly Value[]): Value {
  const out: Value[] = [];
  for (const m of members) if (!out.some((o) => equals(o, m, true))) out.push(m);
  return { t: 'set', v: out };
}

/**
 * Structural equality (§5.4). `looseNumbers` makes int and float compare by value: true at the top level
 * and anywhere inside sets and map diffs; inside lists and maps the comparison is type-strict.
 */
export function equals(a: Value, b: Value, looseNumbers: boolean): boolean {
  if (looseNumbers && isNumber(a) && isNumber(b) && a.t !== b.t) return compareNumbers(a, b) === 0;
  switch (a.t) {
    case 'null':
      return b.t === 'null';
    case 'bool':
    case 'int':
    case 'float':
    case 'string':
      return b.t === a.t && a.v === b.v;
    case 'bytes':
      return b.t === 'bytes' && bytesEqual(a.v, b.v);
    case 'list':
      return b.t === 'list' && a.v.length === b.v.length && a.v.every((x, i) => equals(x, b.v[i]!, false));
    case 'map':
      return b.t === 'map' && mapsEqual(a.v, b.v, false);
    case 'set':
      return (
        b.t === 'set' && a.v.length === b.v.length && a.v.every((x) => b.v.some((y) => equals(x, y, true)))
      );
    case 'map_diff':
      return b.t === 'map_diff' && mapsEqual(a.a, b.a, true) && mapsEqual(a.b, b.b, true);
    case 'timestamp':
    case 'duration':
      return b.t === a.t && a.ns === b.ns;
    case 'latlng':
      return b.t === 'latlng' && a.lat === b.lat && a.lng === b.lng;
    case 'path':
      return b.t === 'path' && a.segs.length === b.segs.length && a.segs.every((s, i) => s === b.segs[i]);
    case 'constraint':
      // Top-level comparisons never get here (operators.ts); nested in a list or map it is only itself.
      return a === b;
  }
}

function mapsEqual(a: ReadonlyMap<string, Value>, b: ReadonlyMap<string, Value>, loose: boolean): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !equals(v, w, loose)) return false;
  }
  return true;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function isNumber(v: Value): v is ValueOf<'int'> | ValueOf<'float'> {
  return v.t === 'int' || v.t === 'float';
}

/**
 * Exact three-way comparison of two numbers, 'nan' when either is NaN. An int and a float are compared
 * without rounding the int to a double, so 2^53 + 1 and 2^53 (float) differ.
 */
export function compareNumbers(
  a: ValueOf<'int'> | ValueOf<'float'>,
  b: ValueOf<'int'> | ValueOf<'float'>,
): number | 'nan' {
  if (a.t === 'int' && b.t === 'int') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if (a.t === 'float' && b.t === 'float') {
    if (Number.isNaN(a.v) || Number.isNaN(b.v)) return 'nan';
    return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  }
  if (a.t === 'float') {
    const c = compareNumbers(b, a);
    return c === 'nan' ? c : -c;
  }
  const f = (b as ValueOf<'float'>).v;
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f > 0 ? -1 : 1;
  const floor = Math.floor(f);
  const i = BigInt(floor);
  if (a.v !== i) return a.v < i ? -1 : 1;
  return f > floor ? -1 : 0;
}

/** Three-way comparison, or null when the pair has no ordering (§5.5). NaN compares as unordered. */
export function compare(a: Value, b: Value): number | null | 'nan' {
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (a.t === 'string' && b.t === 'string') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if ((a.t === 'timestamp' && b.t === 'timestamp') || (a.t === 'duration' && b.t === 'duration')) {
    return a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0;
  }
  if (a.t === 'bool' && b.t === 'bool') return Number(a.v) - Number(b.v);
  if (a.t === 'bytes' && b.t === 'bytes') {
    const n = Math.min(a.v.length, b.v.length);
    for (let i = 0; i < n; i++) if (a.v[i] !== b.v[i]) return a.v[i]! - b.v[i]!;
    return a.v.length - b.v.length;
  }
  return null;
}

export function numeric(v: ValueOf<'int'> | ValueOf<'float'>): number {
  return v.t === 'int' ? Number(v.v) : v.v;
}

export function inIntRange(v: bigint): boolean {
  return v >= INT_MIN && v <= INT_MAX;
}

/** Keys sorted by UTF-16 code units (§6.8 recommendation for `keys()` / `values()`). */
export function sortedKeys(m: ReadonlyMap<string, Value>): string[] {
  return [...m.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

/**
 * Text for `string(float)`: integral values keep a `.0` like Java. Exponent forms follow JS (`1e+21`), not
 * Java (`1.0E21`); §6.4 leaves them open.
 */
export function floatText(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(f) && Math.abs(f) < 1e21 ? f.toFixed(1) : String(f);
}

/** `x is T` (§5.8): `number` is int or float. */
export function typeMatches(v: Value, type: string): boolean {
  return type === 'number' ? isNumber(v) : v.t === type;
}
