import { RE2JS } from 're2js';
import { reasons, rulesError, type Bad, type MethodImpl, type RulesResult } from './errors.js';
import { constraintMethod } from './constraint.js';
import { callTimeMethod } from './time.js';
import { bool, equals, int, list, set, sortedKeys, str, type Value, type ValueOf } from './values.js';

/**
 * Methods by receiver type (rules-language.md §5.10, §6.4–6.9). A method the receiver's type lacks is
 * `Function not found error`; a wrong argument type is `Unsupported operation error` naming the call.
 */
export function callMethod(receiver: Value, name: string, args: readonly Value[]): RulesResult<Value> {
  const sig = `${receiver.t}.${name}(${args.map((a) => a.t).join(', ')})`;
  const bad = (expected: string) =>
    rulesError(reasons.unsupported(sig, `${receiver.t}.${name}(${expected})`));
  const result = dispatch(receiver, name, args, bad);
  return result === undefined ? rulesError(reasons.functionNotFound(name)) : result;
}

function dispatch(r: Value, name: string, args: readonly Value[], bad: Bad): RulesResult<Value> | undefined {
  switch (r.t) {
    case 'null':
      return rulesError(reasons.nullValue());
    case 'constraint':
      return constraintMethod(r, name, args);
    case 'string':
      return stringMethod(r.v, name, args, bad);
    case 'bytes':
      return bytesMethod(r.v, name, args, bad);
    case 'list':
      return collectionMethod(r.v, false, name, args, bad) ?? listMethod(r, name, args, bad);
    case 'set':
      return collectionMethod(r.v, true, name, args, bad) ?? setMethod(r, name, args, bad);
    case 'map':
      return mapMethod(r, name, args, bad);
    case 'map_diff':
      return diffMethod(r, name, args, bad);
    default:
      return callTimeMethod(r, name, args, bad);
  }
}

/**
 * Patterns are RE2, as in the official engine, through re2js: matching time is linear in the input
 * (a rule cannot stall the emulator with a backtracking pattern), RE2-only syntax such as
 * `(?P<name>…)` works, and what RE2 refuses (lookaround, backreferences) is an invalid pattern.
 */
function regex(source: string): RE2JS | null {
  const cached = regexCache.get(source);
  if (cached !== undefined) return cached;
  let re: RE2JS | null;
  try {
    re = RE2JS.compile(source);
  } catch {
    re = null;
  }
  if (regexCache.size >= REGEX_CACHE_SIZE) regexCache.clear();
  regexCache.set(source, re);
  return re;
}

/** Rules re-run the same few patterns on every request; compiled ones are kept (bounded). */
const REGEX_CACHE_SIZE = 256;
const regexCache = new Map<string, RE2JS | null>();

/** ASCII-only case mapping and Java `trim` (§6.4). */
const asciiCase = (s: string, up: boolean) =>
  s.replace(up ? /[a-z]+/g : /[A-Z]+/g, (m) => (up ? m.toUpperCase() : m.toLowerCase()));
function javaTrim(s: string): string {
  let i = 0;
  let j = s.length;
  while (i < j && s.charCodeAt(i) <= 0x20) i++;
  while (j > i && s.charCodeAt(j - 1) <= 0x20) j--;
  return s.slice(i, j);
}

function stringMethod(
  s: string,
  name: string,
  args: readonly Value[],
  bad: Bad,
): RulesResult<Value> | undefined {
  const [a, b] = args;
  switch (name) {
    case 'size':
      return args.length === 0 ? int(BigInt(s.length)) : bad('');
    case 'lower':
    case 'upper':
      return args.length === 0 ? str(asciiCase(s, name === 'upper')) : bad('');
    case 'trim':
      return args.length === 0 ? str(javaTrim(s)) : bad('');
    case 'toUtf8':
      return args.length === 0 ? { t: 'bytes', v: new TextEncoder().encode(s) } : bad('');
    case 'matches': {
      if (args.length !== 1 || a?.t !== 'string') return bad('string');
      const re = regex(a.v);
      return re ? bool(re.testExact(s)) : rulesError(reasons.badArgument(`invalid regex ${a.v}`));
    }
    case 'split': {
      if (args.length !== 1 || a?.t !== 'string') return bad('string');
      const re = regex(a.v);
      // A negative limit keeps trailing empty strings, as JavaScript's split does.
      return re ? list(re.split(s, -1).map(str)) : rulesError(reasons.badArgument(`invalid regex ${a.v}`));
    }
    case 'replace': {
      if (args.length !== 2 || a?.t !== 'string' || b?.t !== 'string') return bad('string, string');
      const re = regex(a.v);
      // The replacement is taken literally (no `$1` group references).
      return re ? str(re.matcher(s).replaceAll(() => b.v)) : rulesError(reasons.badArgument(`invalid regex ${a.v}`));
    }
    default:
      return undefined;
  }
}

function bytesMethod(
  v: Uint8Array,
  name: string,
  args: readonly Value[],
  bad: Bad,
): RulesResult<Value> | undefined {
  if (name !== 'size' && name !== 'toBase64' && name !== 'toHexString') return undefined;
  if (args.length !== 0) return bad('');
  if (name === 'size') return int(BigInt(v.length));
  if (name === 'toHexString')
    return str(
      [...v]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase(),
    );
  // base64url alphabet with padding (§6.5).
  return str(Buffer.from(v).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'));
}

const contains = (xs: readonly Value[], x: Value) => xs.some((y) => equals(x, y, true));

/** `size()` and `hasAll` / `hasAny` / `hasOnly`, shared by lists and sets (only sets accept a set argument). */
function collectionMethod(
  mine: readonly Value[],
  acceptsSet: boolean,
  name: string,
  args: readonly Value[],
  bad: Bad,
): RulesResult<Value> | undefined {
  if (name === 'size') return args.length === 0 ? int(BigInt(mine.length)) : bad('');
  if (name !== 'hasAll' && name !== 'hasAny' && name !== 'hasOnly') return undefined;
  const [a] = args;
  const theirs = a?.t === 'list' || (acceptsSet && a?.t === 'set') ? a.v : undefined;
  if (args.length !== 1 || theirs === undefined) return bad(acceptsSet ? 'list|set' : 'list');
  if (name === 'hasAll') return bool(theirs.every((x) => contains(mine, x)));
  if (name === 'hasAny') return bool(theirs.some((x) => contains(mine, x)));
  return bool(mine.every((x) => contains(theirs, x)));
}

const listMethod: MethodImpl<ValueOf<'list'>> = (r, name, args, bad) => {
  const [a] = args;
  switch (name) {
    case 'toSet':
      return args.length === 0 ? set(r.v) : bad('');
    case 'concat':
      return args.length === 1 && a?.t === 'list' ? list([...r.v, ...a.v]) : bad('list');
    case 'removeAll':
      return args.length === 1 && a?.t === 'list' ? list(r.v.filter((x) => !contains(a.v, x))) : bad('list');
    case 'join': {
      if (args.length !== 1 || a?.t !== 'string') return bad('string');
      const parts: string[] = [];
      for (const x of r.v) {
        if (x.t !== 'string')
          return rulesError(reasons.unsupported(`list.join() of ${x.t}`, 'list of string'));
        parts.push(x.v);
      }
      return str(parts.join(a.v));
    }
    default:
      return undefined;
  }
};

const setMethod: MethodImpl<ValueOf<'set'>> = (r, name, args, bad) => {
  const [a] = args;
  switch (name) {
    case 'union':
    case 'intersection':
    case 'difference': {
      if (args.length !== 1 || a?.t !== 'set') return bad('set');
      if (name === 'union') return set([...r.v, ...a.v]);
      const keep = name === 'intersection';
      return set(r.v.filter((x) => contains(a.v, x) === keep));
    }
    default:
      return undefined;
  }
};

const mapMethod: MethodImpl<ValueOf<'map'>> = (r, name, args, bad) => {
  const [a, b] = args;
  switch (name) {
    case 'size':
      return args.length === 0 ? int(BigInt(r.v.size)) : bad('');
    case 'keys':
      return args.length === 0 ? list(sortedKeys(r.v).map(str)) : bad('');
    case 'values':
      return args.length === 0 ? list(sortedKeys(r.v).map((k) => r.v.get(k)!)) : bad('');
    case 'diff':
      return args.length === 1 && a?.t === 'map' ? { t: 'map_diff', a: r.v, b: a.v } : bad('map');
    case 'get': {
      if (args.length !== 2 || a === undefined || b === undefined) return bad('string|list, any');
      if (a.t === 'string') return r.v.get(a.v) ?? b;
      if (a.t !== 'list') return bad('string|list, any');
      let cur: Value = r;
      for (const k of a.v) {
        if (k.t !== 'string') return bad('list of string, any');
        // A missing key or a non-map on the way yields the default (§6.8, [I]).
        const next: Value | undefined = cur.t === 'map' ? cur.v.get(k.v) : undefined;
        if (next === undefined) return b;
        cur = next;
      }
      return cur;
    }
    default:
      return undefined;
  }
};

/** §6.9: each method answers a set of keys. */
const diffMethod: MethodImpl<ValueOf<'map_diff'>> = (r, name, args, bad) => {
  const { a, b } = r;
  const keys = (pred: (k: string) => boolean, from: ReadonlyMap<string, Value>) =>
    sortedKeys(from).filter(pred).map(str);
  const changed = (k: string) => b.has(k) && !equals(a.get(k)!, b.get(k)!, true);
  const unchanged = (k: string) => b.has(k) && equals(a.get(k)!, b.get(k)!, true);
  let result: Value[];
  switch (name) {
    case 'addedKeys':
      result = keys((k) => !b.has(k), a);
      break;
    case 'removedKeys':
      result = keys((k) => !a.has(k), b);
      break;
    case 'changedKeys':
      result = keys(changed, a);
      break;
    case 'unchangedKeys':
      result = keys(unchanged, a);
      break;
    case 'affectedKeys':
      result = [...keys((k) => !b.has(k) || changed(k), a), ...keys((k) => !a.has(k), b)];
      break;
    default:
      return undefined;
  }
  return args.length === 0 ? set(result) : bad('');
};
