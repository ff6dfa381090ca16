import type { Expr, FunctionDecl, Match, Ruleset } from './ast.js';
import { diagnostic, messages, type Diagnostic } from './errors.js';

/**
 * Stage "check": user functions may not call themselves, directly or through other functions
 * (rules-language.md §2.2, §11 A06), so the ruleset fails to load instead of failing each request.
 * A call resolves as it does at run time (decide/scope.ts): to the nearest function of that name in the
 * scopes enclosing the caller's declaration; the document access functions are never user functions.
 */
export function recursionDiagnostics(ruleset: Ruleset): Diagnostic[] {
  const calls = new Map<FunctionDecl, FunctionDecl[]>();
  const visit = (body: readonly (Match | FunctionDecl | { kind: 'allow' })[], outer: readonly Scope[]) => {
    const scope: Scope = new Map();
    for (const item of body) if (item.kind === 'function') scope.set(item.name, item);
    const chain = [scope, ...outer];
    for (const fn of scope.values()) {
      const names = [...fn.lets.map((l) => l.value), fn.result].flatMap(calledNames);
      calls.set(
        fn,
        names.flatMap((n) => resolve(chain, n) ?? []),
      );
    }
    for (const item of body) if (item.kind === 'match') visit(item.body, chain);
  };
  visit(ruleset.service.body, []);
  const out: Diagnostic[] = [];
  for (const fn of calls.keys()) {
    const cycle = cycleThrough(fn, calls);
    if (cycle) out.push(diagnostic(messages.recursiveFunction(cycle.map((f) => f.name)), fn.range));
  }
  return out;
}

type Scope = Map<string, FunctionDecl>;

const ACCESS_FUNCTIONS = new Set(['get', 'exists', 'getAfter', 'existsAfter']);

function resolve(chain: readonly Scope[], name: string): FunctionDecl | undefined {
  if (ACCESS_FUNCTIONS.has(name)) return undefined;
  for (const scope of chain) {
    const fn = scope.get(name);
    if (fn) return fn;
  }
  return undefined;
}

/** A call path from `start` back to itself (`[start, …, start]`), if there is one. */
function cycleThrough(
  start: FunctionDecl,
  calls: ReadonlyMap<FunctionDecl, readonly FunctionDecl[]>,
): FunctionDecl[] | undefined {
  const seen = new Set<FunctionDecl>();
  const search = (fn: FunctionDecl, trail: FunctionDecl[]): FunctionDecl[] | undefined => {
    for (const next of calls.get(fn) ?? []) {
      if (next === start) return [...trail, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = search(next, [...trail, next]);
      if (found) return found;
    }
    return undefined;
  };
  return search(start, [start]);
}

/** Names of the global calls `f(...)` anywhere in `e`. */
function calledNames(e: Expr): string[] {
  const own = e.kind === 'call' && e.target === null ? [e.name] : [];
  return [...own, ...children(e).flatMap(calledNames)];
}

function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'null':
    case 'bool':
    case 'int':
    case 'float':
    case 'string':
    case 'bytes':
    case 'ident':
      return [];
    case 'path':
      return e.segments.flatMap((s) => (s.kind === 'interpolation' ? [s.expr] : []));
    case 'unary':
    case 'is':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'ternary':
      return [e.cond, e.ifTrue, e.ifFalse];
    case 'member':
      return [e.target];
    case 'call':
      return [...(e.target ? [e.target] : []), ...e.args];
    case 'index':
      return [e.target, e.index];
    case 'slice':
      return [e.target, ...(e.from ? [e.from] : []), ...(e.to ? [e.to] : [])];
    case 'list':
      return e.elements;
    case 'map':
      return e.entries.flatMap((m) => [m.key, m.value]);
  }
}
