/**
 * Firestore orders strings by their UTF-8 bytes, which is Unicode code point order. JavaScript's `<`
 * compares UTF-16 code units, which disagrees for astral characters against U+E000..U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (!sa && !sb) return ca < cb ? -1 : 1;
    // At least one side is part of a surrogate pair: compare whole code points.
    const pa = a.codePointAt(i)!;
    const pb = b.codePointAt(i)!;
    if (pa !== pb) return pa < pb ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const NUMERIC_ID = /^__id(-?\d+)__$/;

/**
 * Compares two path segments the way the clients do (`Path.compareSegments`): numeric ids of the form
 * `__id<n>__` sort first, by value, then all other segments by UTF-8.
 */
export function compareSegments(a: string, b: string): number {
  // Fast path: the regex only matters when a segment can be a numeric id.
  if (!a.startsWith('__id') && !b.startsWith('__id')) return compareUtf8(a, b);
  const na = NUMERIC_ID.exec(a);
  const nb = NUMERIC_ID.exec(b);
  if (na && nb) {
    const x = BigInt(na[1]!);
    const y = BigInt(nb[1]!);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (na) return -1;
  if (nb) return 1;
  return compareUtf8(a, b);
}

function comparePathsBySplitting(a: string, b: string): number {
  const sa = a.split('/');
  const sb = b.split('/');
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    const c = compareSegments(sa[i]!, sb[i]!);
    if (c !== 0) return c;
  }
  return sa.length - sb.length < 0 ? -1 : sa.length === sb.length ? 0 : 1;
}

/**
 * Segment-wise comparison of slash-separated paths: `a/b` < `a/b/c` < `a/b\u0000`. Hot in query
 * sorting, so it compares only the segment where the two paths first differ instead of splitting.
 */
export function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // The shared prefix ends inside (or right after) one segment; both paths agree up to its start.
  const start = i === 0 ? 0 : a.lastIndexOf('/', i - 1) + 1;
  const endA = a.indexOf('/', start);
  const endB = b.indexOf('/', start);
  const segA = a.slice(start, endA < 0 ? a.length : endA);
  const segB = b.slice(start, endB < 0 ? b.length : endB);
  if (segA !== segB) {
    const c = compareSegments(segA, segB);
    // Equal-valued but differently spelled numeric ids (`__id01__`, `__id1__`): compare the rest.
    return c !== 0 ? c : comparePathsBySplitting(a, b);
  }
  // Same segment: one path ends here and the other goes on, so the shorter one sorts first.
  return a.length < b.length ? -1 : 1;
}
