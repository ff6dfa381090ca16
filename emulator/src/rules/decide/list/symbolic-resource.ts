import { constraint } from '../../eval/constraint.js';
import { map, type Value } from '../../eval/values.js';
import type { Way, WayFilter } from './ways.js';

/**
 * The symbolic `resource` of one way (rules-language.md §8.4): `{data}` holding only the filtered
 * fields, nested field paths as nested maps. A field with a single `EQ` filter holds that value; any
 * other filtered field holds a `constraint`. Filters on `__name__` are not fields (see `namedDocument`).
 */
export function symbolicResource(way: Way): Value {
  const byField = new Map<string, { field: readonly string[]; filters: WayFilter[] }>();
  for (const f of way) {
    if (isName(f)) continue;
    const key = JSON.stringify(f.field);
    const entry = byField.get(key) ?? { field: f.field, filters: [] };
    entry.filters.push(f);
    byField.set(key, entry);
  }
  const data: Tree = new Map();
  for (const { field, filters } of byField.values()) {
    const [only] = filters;
    const leaf = filters.length === 1 && only?.op === 'EQ' ? only.operand : constraint(filters);
    place(data, field, leaf);
  }
  return map(new Map([['data', toValue(data)]]));
}

/**
 * The document path (relative to `documents`) of the way's first `__name__ == <path>` filter in
 * `database`: such a way is decided on that stored document. Other `__name__` filters constrain nothing.
 */
export function namedDocument(way: Way, database: string): string | undefined {
  for (const f of way) {
    const p = f.operand;
    if (!isName(f) || f.op !== 'EQ' || p.t !== 'path') continue;
    const [root, db, documents, ...rest] = p.segs;
    if (root === 'databases' && db === database && documents === 'documents' && rest.length > 0) {
      return rest.join('/');
    }
  }
  return undefined;
}

const isName = (f: WayFilter) => f.field.length === 1 && f.field[0] === '__name__';

/** Fields under construction: a leaf value, or a map of further fields. */
type Tree = Map<string, Value | Tree>;

/** A field filtered directly keeps its value when a nested path under it is filtered too. */
function place(tree: Tree, field: readonly string[], leaf: Value): void {
  const [head, ...rest] = field;
  if (head === undefined) return;
  if (rest.length === 0) {
    tree.set(head, leaf);
    return;
  }
  const sub = tree.get(head) ?? new Map<string, Value | Tree>();
  if (!(sub instanceof Map)) return;
  tree.set(head, sub);
  place(sub, rest, leaf);
}

function toValue(tree: Tree): Value {
  return map(new Map([...tree].map(([k, v]) => [k, v instanceof Map ? toValue(v) : v])));
}
