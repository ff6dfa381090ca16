import type { Expr } from '../ast.js';
import { NAMESPACES } from './globals.js';
import { Index, Member, Slice } from './plan/access.js';
import { GlobalCall, MethodCall, NamespaceCall } from './plan/calls.js';
import { Constant, ListLiteral, MapLiteral, PathLiteral, planSegments, Variable } from './plan/literals.js';
import { Conditional, Logical } from './plan/logical.js';
import type { Planned } from './plan/node.js';
import { Binary, TypeTest, Unary } from './plan/operators.js';
import { bool, NULL, str } from './values.js';

/**
 * Stage "plan" (STYLE §8.2 item 7): each expression is compiled once into a tree of planned nodes, so the
 * dispatch on `kind` happens at plan time rather than on every evaluation. Plans are kept per AST node for
 * as long as the AST lives; a function body or condition evaluated on every request reuses its plan.
 */
const plans = new WeakMap<Expr, Planned>();

export function plan(e: Expr): Planned {
  let p = plans.get(e);
  if (p === undefined) {
    p = build(e);
    plans.set(e, p);
  }
  return p;
}

function build(e: Expr): Planned {
  switch (e.kind) {
    case 'null':
      return new Constant(e, NULL);
    case 'bool':
      return new Constant(e, bool(e.value));
    case 'int':
      return new Constant(e, { t: 'int', v: e.value });
    case 'float':
      return new Constant(e, { t: 'float', v: e.value });
    case 'string':
      return new Constant(e, str(e.value));
    case 'bytes':
      return new Constant(e, { t: 'bytes', v: e.value });
    case 'ident':
      return new Variable(e, e.name);
    case 'path':
      return new PathLiteral(e, planSegments(e.segments, plan));
    case 'unary':
      return new Unary(e, e.op, plan(e.operand));
    case 'binary': {
      const { op } = e;
      return op === '&&' || op === '||'
        ? new Logical(e, op, plan(e.left), plan(e.right))
        : new Binary(e, op, plan(e.left), plan(e.right));
    }
    case 'is':
      return new TypeTest(e, plan(e.operand), e.type);
    case 'ternary':
      return new Conditional(e, plan(e.cond), plan(e.ifTrue), plan(e.ifFalse));
    case 'member':
      return new Member(e, plan(e.target), e.name);
    case 'index':
      return new Index(e, plan(e.target), plan(e.index));
    case 'slice':
      return new Slice(e, plan(e.target), e.from && plan(e.from), e.to && plan(e.to));
    case 'call':
      return planCall(e);
    case 'list':
      return new ListLiteral(e, e.elements.map(plan));
    case 'map':
      return new MapLiteral(
        e,
        e.entries.map((x) => ({ key: plan(x.key), value: plan(x.value) })),
      );
  }
}

function planCall(e: Extract<Expr, { kind: 'call' }>): Planned {
  const args = e.args.map(plan);
  const target = e.target;
  if (target === null) return new GlobalCall(e, e.name, args);
  if (target.kind === 'ident' && NAMESPACES.has(target.name)) {
    return new NamespaceCall(e, target.name, plan(target), e.name, args);
  }
  return new MethodCall(e, plan(target), e.name, args);
}
