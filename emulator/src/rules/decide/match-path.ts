import type { Allow, FunctionDecl, Match, Method, PatternSegment, Ruleset } from '../ast.js';
import { rulesError, type RulesResult } from '../eval/errors.js';
import { path, str, type Value } from '../eval/values.js';
import type { RequestMethod } from './types.js';

/**
 * Matching a target path against nested `match` blocks (rules-language.md §4.2) and collecting the
 * applicable `allow` statements in source order (§4.3).
 */

/** Stands for the unknown document id of a list request (§4.1): no literal matches it. */
export const UNKNOWN_ID: unique symbol = Symbol('unknown document id');
/**
 * Stands for the unknown collections and documents between a collection-group query's parent and a
 * matching document (§8.2): any even number of segments, zero included. Only a recursive wildcard can
 * consume it, since nothing else matches every depth.
 */
export const ANY_DEPTH: unique symbol = Symbol('any depth');
export type TargetSegment = string | typeof UNKNOWN_ID | typeof ANY_DEPTH;

/** Functions declared at one level plus the wildcard bindings visible there (outer levels included). */
export interface Frame {
  readonly functions: ReadonlyMap<string, FunctionDecl>;
  readonly bindings: ReadonlyMap<string, RulesResult<Value>>;
  readonly parent: Frame | null;
}

export interface Candidate {
  readonly allow: Allow;
  readonly frame: Frame;
}

type Bindings = readonly (readonly [string, RulesResult<Value>])[];

/** A capture over a list request's unknown segments is unbound: using it errors (§8.1, J13). */
const unbound = () => rulesError('evaluation error: the wildcard is not bound for a list request.');

function capture(segs: readonly TargetSegment[]): RulesResult<Value> {
  return segs.every((s) => typeof s === 'string') ? path(segs) : unbound();
}

/** Every way `pattern` can consume a prefix of `segs` from `i`: the index it stops at and its captures. */
export function matchPattern(
  pattern: readonly PatternSegment[],
  segs: readonly TargetSegment[],
  i: number,
  version: '1' | '2',
): { end: number; bindings: Bindings }[] {
  const [head, ...rest] = pattern;
  if (!head) return [{ end: i, bindings: [] }];
  if (head.kind === 'literal') {
    return segs[i] === head.text ? matchPattern(rest, segs, i + 1, version) : [];
  }
  if (!head.recursive) {
    const s = segs[i];
    if (s === undefined || s === ANY_DEPTH) return [];
    const value = s === UNKNOWN_ID ? unbound() : str(s);
    return matchPattern(rest, segs, i + 1, version).map((m) => ({
      end: m.end,
      bindings: [[head.name, value] as const, ...m.bindings],
    }));
  }
  // `{x=**}` takes the rest in v1 (at least one segment); in v2 any count, zero included.
  const out: { end: number; bindings: Bindings }[] = [];
  const min = version === '1' ? i + 1 : i;
  for (let j = segs.length; j >= min; j--) {
    const value = capture(segs.slice(i, j));
    for (const m of matchPattern(rest, segs, j, version)) {
      out.push({ end: m.end, bindings: [[head.name, value] as const, ...m.bindings] });
    }
  }
  return out;
}

function functionsOf(body: readonly (Match | Allow | FunctionDecl)[]): Map<string, FunctionDecl> {
  const fns = new Map<string, FunctionDecl>();
  for (const item of body) if (item.kind === 'function') fns.set(item.name, item);
  return fns;
}

export function grants(allow: Allow, method: RequestMethod): boolean {
  const broad: Method = method === 'get' || method === 'list' ? 'read' : 'write';
  return allow.methods.some((m) => m.name === method || m.name === broad);
}

/** The applicable statements for `method` on `segs` (full path: `databases/<db>/documents/...`). */
export function collectAllows(
  ruleset: Ruleset,
  segs: readonly TargetSegment[],
  method: RequestMethod,
): Candidate[] {
  const root: Frame = { functions: functionsOf(ruleset.service.body), bindings: new Map(), parent: null };
  const out: Candidate[] = [];
  const visit = (blocks: readonly (Match | Allow | FunctionDecl)[], from: number, outer: Frame) => {
    for (const block of blocks) {
      if (block.kind !== 'match') continue;
      for (const m of matchPattern(block.pattern, segs, from, ruleset.version)) {
        const frame: Frame = {
          functions: functionsOf(block.body),
          bindings: new Map([...outer.bindings, ...m.bindings]),
          parent: outer,
        };
        if (m.end === segs.length) {
          for (const item of block.body) {
            if (item.kind === 'allow' && grants(item, method)) out.push({ allow: item, frame });
          }
        } else {
          visit(block.body, m.end, frame);
        }
      }
    }
  };
  visit(ruleset.service.body, 0, root);
  // A block with a mid-path `**` can complete through several splits; each statement is tried once.
  const seen = new Set<number>();
  return out
    .filter((c) => !seen.has(c.allow.id) && seen.add(c.allow.id))
    .sort((a, b) => a.allow.range.start.offset - b.allow.range.start.offset);
}
