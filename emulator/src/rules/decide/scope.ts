import type { FunctionDecl } from '../ast.js';
import { reasons, rulesError, type RulesResult } from '../eval/errors.js';
import { evaluateExpr, type Activation } from '../eval/evaluate-expr.js';
import { ExpressionBudget } from '../eval/expression-budget.js';
import { bool, NULL, type Value } from '../eval/values.js';
import { resourceValue } from './context.js';
import type { Frame } from './match-path.js';
import {
  AccessBudget,
  SINGLE_REQUEST_ACCESS_LIMIT,
  type DecideRequest,
  type DocumentReader,
} from './types.js';

/**
 * Activations for one request: user-defined functions (rules-language.md §2.2, §5.10) and the document
 * access functions `get`, `exists`, `getAfter`, `existsAfter` (§6.14, §7.3).
 */

/** §2.2: the official compiler's limit on call chains (recursion is rejected at load time). */
export const MAX_CALL_DEPTH = 20;

export interface RequestScope {
  readonly database: string;
  /** `request`, `resource` and anything else visible everywhere. */
  readonly globals: ReadonlyMap<string, RulesResult<Value>>;
  readonly reader: DocumentReader;
  /** This operation's 10-call budget. */
  readonly operationBudget: AccessBudget;
  /** The commit's 20-call budget, when the operation belongs to a batch or transaction. */
  readonly commitBudget: AccessBudget | undefined;
  /** The 1000-expression budget of the whole request (§5.10). */
  readonly expressionBudget: ExpressionBudget;
  /** Coverage recording, when the caller keeps a report (see Activation.observe). */
  readonly observe?: Activation['observe'];
}

/**
 * The scope of one request, without globals yet: its budgets are shared by everything the request
 * evaluates (every way of a list request included).
 */
export function requestScope(req: DecideRequest, reader: DocumentReader): RequestScope {
  return {
    database: req.database ?? '(default)',
    globals: new Map(),
    reader,
    operationBudget: new AccessBudget(SINGLE_REQUEST_ACCESS_LIMIT),
    commitBudget: req.accessBudget,
    expressionBudget: new ExpressionBudget(),
    ...(req.observe ? { observe: req.observe } : {}),
  };
}

/** The activation for an `allow` condition evaluated in `frame`. */
export function activationFor(scope: RequestScope, frame: Frame): Activation {
  return activation(scope, frame, frame.bindings, 0);
}

function activation(
  scope: RequestScope,
  frame: Frame,
  vars: ReadonlyMap<string, RulesResult<Value>>,
  depth: number,
): Activation {
  const entries = new Map([...scope.globals, ...vars]);
  return Object.assign(entries, {
    callGlobal: (name: string, args: readonly Value[]) => callGlobal(scope, frame, depth, name, args),
    budget: scope.expressionBudget,
    ...(scope.observe ? { observe: scope.observe } : {}),
  });
}

function callGlobal(
  scope: RequestScope,
  frame: Frame,
  depth: number,
  name: string,
  args: readonly Value[],
): RulesResult<Value> | undefined {
  switch (name) {
    case 'get':
    case 'exists':
    case 'getAfter':
    case 'existsAfter':
      return access(scope, name, args);
  }
  for (let f: Frame | null = frame; f; f = f.parent) {
    const decl = f.functions.get(name);
    if (decl) return callUser(scope, f, decl, args, depth + 1);
  }
  return undefined;
}

function callUser(
  scope: RequestScope,
  declaredIn: Frame,
  decl: FunctionDecl,
  args: readonly Value[],
  depth: number,
): RulesResult<Value> {
  if (depth > MAX_CALL_DEPTH) {
    return rulesError(
      `Maximum allowed call depth of ${MAX_CALL_DEPTH} is reached for [${decl.name}] call stack.`,
    );
  }
  if (args.length !== decl.params.length) {
    return rulesError(
      reasons.unsupported(`${decl.name}() with ${args.length} arguments`, `${decl.params.length} arguments`),
    );
  }
  // Visible: the wildcards where the function is declared, its parameters, then its lets in order (§5.10).
  const vars = new Map<string, RulesResult<Value>>(declaredIn.bindings);
  decl.params.forEach((p, i) => vars.set(p.name, args[i]!));
  for (const l of decl.lets) {
    vars.set(l.name, evaluateExpr(l.value, activation(scope, declaredIn, vars, depth)));
  }
  return evaluateExpr(decl.result, activation(scope, declaredIn, vars, depth));
}

type AccessName = 'get' | 'exists' | 'getAfter' | 'existsAfter';

function access(scope: RequestScope, name: AccessName, args: readonly Value[]): RulesResult<Value> {
  const [p] = args;
  const argText = p ? `${p.t}_value` : 'none';
  const serviceError = () => rulesError(`Service call error. Function: [${name}], Argument: [${argText}].`);
  if (args.length !== 1 || p?.t !== 'path') return serviceError();
  const segs = p.segs;
  const docSegs = segs.slice(3);
  const isDocument =
    segs[0] === 'databases' &&
    segs[1] === scope.database &&
    segs[2] === 'documents' &&
    docSegs.length >= 2 &&
    docSegs.length % 2 === 0 &&
    docSegs.every((s) => s !== '');
  if (!isDocument) return serviceError();
  const docPath = docSegs.join('/');
  const after = name === 'getAfter' || name === 'existsAfter';
  const key = `${after ? 'after' : 'before'}:${docPath}`;
  if (!scope.operationBudget.accepts(key)) return limitError(SINGLE_REQUEST_ACCESS_LIMIT);
  if (scope.commitBudget && !scope.commitBudget.accepts(key)) return limitError(scope.commitBudget.limit);
  scope.operationBudget.record(key);
  scope.commitBudget?.record(key);
  const data = after ? scope.reader.readDocumentAfter(docPath) : scope.reader.readDocument(docPath);
  if (name === 'exists' || name === 'existsAfter') return bool(data !== null);
  return data === null ? NULL : resourceValue(scope.database, docPath, data);
}

const limitError = (n: number) =>
  rulesError(`Exceeded maximum of ${n} document access calls (get, exists, getAfter, existsAfter).`);
