import type { Expr, PathLiteralSegment } from '../../ast.js';
import type { Activation } from '../activation.js';
import { isRulesError, reasons, rulesError, type RulesResult } from '../errors.js';
import { list, map, path, type Value } from '../values.js';
import { evalAll, PlannedNode, type Planned } from './node.js';

/** Nodes that produce a value from their source alone or from the activation: literals and variables. */

/** `null`, `true`, `42`, `1.5`, `'s'`, `b'..'`: the value is built once, at plan time. */
export class Constant extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly value: Value,
  ) {
    super(expr);
  }

  protected override run(): RulesResult<Value> {
    return this.value;
  }
}

export class Variable extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly name: string,
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    return act.get(this.name) ?? rulesError(`Variable ${this.name} is not defined.`);
  }
}

export class ListLiteral extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly elements: readonly Planned[],
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const items = evalAll(this.elements, act);
    return isRulesError(items) ? items : list(items);
  }
}

/** `{k: v, ...}`: each key then its value, left to right; keys must be strings. */
export class MapLiteral extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly entries: readonly { key: Planned; value: Planned }[],
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const m = new Map<string, Value>();
    for (const entry of this.entries) {
      const k = entry.key.eval(act);
      if (isRulesError(k)) return k;
      if (k.t !== 'string') return rulesError(reasons.unsupported(`map key ${k.t}`, 'map key string'));
      const v = entry.value.eval(act);
      if (isRulesError(v)) return v;
      m.set(k.v, v);
    }
    return map(m);
  }
}

export type PlannedSegment = { kind: 'text'; text: string } | { kind: 'interpolation'; expr: Planned };

/** Interpolated strings become one segment each; an interpolated path is spliced in (§1.6). */
export class PathLiteral extends PlannedNode {
  constructor(
    expr: Expr,
    private readonly segments: readonly PlannedSegment[],
  ) {
    super(expr);
  }

  protected override run(act: Activation): RulesResult<Value> {
    const segs: string[] = [];
    for (const s of this.segments) {
      if (s.kind === 'text') {
        segs.push(s.text);
        continue;
      }
      const v = s.expr.eval(act);
      if (isRulesError(v)) return v;
      if (v.t === 'string') segs.push(v.v);
      else if (v.t === 'path') segs.push(...v.segs);
      else if (v.t === 'null') return rulesError(reasons.nullValue());
      else return rulesError(reasons.unsupported(`path segment ${v.t}`, 'path segment string'));
    }
    return path(segs);
  }
}

/** Plans each `$(expr)` of a path literal with `plan`; text segments stay as they are. */
export function planSegments(
  segments: readonly PathLiteralSegment[],
  plan: (e: Expr) => Planned,
): PlannedSegment[] {
  return segments.map((s) =>
    s.kind === 'text' ? { kind: 'text', text: s.text } : { kind: 'interpolation', expr: plan(s.expr) },
  );
}
