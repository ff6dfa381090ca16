import type { Allow, Expr, Match } from '../ast.js';
import { parseRules } from '../parser.js';
import { isRulesError, type RulesResult } from './errors.js';
import { evaluateExpr, type Activation } from './evaluate-expr.js';
import type { Value } from './values.js';

/**
 * Test support: parses `<expr>` as the condition of `match /x { allow read: if <expr>; }` (the parser has
 * no expression-only entry point) and evaluates it.
 */
export function parseCondition(source: string): Expr {
  const parsed = parseRules(
    `rules_version = '2'; service cloud.firestore { match /x { allow read: if ${source}; } }`,
  );
  if (!parsed.ok) throw new Error(`parse failed: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  const match = parsed.ruleset.service.body[0] as Match;
  const condition = (match.body[0] as Allow).condition;
  if (!condition) throw new Error('no condition');
  return condition;
}

export function run(source: string, vars: Record<string, RulesResult<Value>> = {}): RulesResult<Value> {
  const activation: Activation = new Map(Object.entries(vars));
  return evaluateExpr(parseCondition(source), activation);
}

/** Plain-JS rendering for assertions: bigint for int, arrays, objects, `{error}` for errors. */
export function js(v: RulesResult<Value>): unknown {
  if (isRulesError(v)) return { error: v.reason };
  switch (v.t) {
    case 'null':
      return null;
    case 'list':
      return v.v.map(js);
    case 'set':
      return { set: v.v.map(js) };
    case 'map':
      return Object.fromEntries([...v.v].map(([k, x]) => [k, js(x)]));
    case 'map_diff':
      return { diff: true };
    case 'timestamp':
    case 'duration':
      return { [v.t]: v.ns };
    case 'latlng':
      return { lat: v.lat, lng: v.lng };
    case 'path':
      return { path: v.segs.join('/') };
    case 'constraint':
      return { constraint: v.filters.map((f) => [f.op, js(f.operand)]) };
    default:
      return v.v;
  }
}

/** `run` then `js`. */
export const value = (source: string, vars?: Record<string, RulesResult<Value>>) => js(run(source, vars));

/** The reason of an error result, or `undefined` when the expression produced a value. */
export function reason(source: string, vars?: Record<string, RulesResult<Value>>): string | undefined {
  const r = run(source, vars);
  return isRulesError(r) ? r.reason : undefined;
}
