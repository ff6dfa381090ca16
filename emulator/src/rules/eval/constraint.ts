import { rulesError, type RulesError, type RulesResult } from './errors.js';
import {
  bool,
  compare,
  compareNumbers,
  equals,
  isNumber,
  TRUE,
  type FieldFilter,
  type Value,
  type ValueOf,
} from './values.js';

/**
 * The `constraint` value of a list request's symbolic `resource` (rules-language.md §8.4): what the
 * query's filters say about one field. Rules cannot learn a document's value from it, only whether a
 * single filter implies a comparison; anything that is not implied is an error without message
 * (reported as `evaluation error at L<line>:<col>`), never `false`, since another document could differ.
 */
export type Constraint = ValueOf<'constraint'>;

export const constraint = (filters: readonly FieldFilter[]): Value => ({ t: 'constraint', filters });

/** The message-less error of every question a constraint cannot answer. */
export const notImplied = (): RulesError => rulesError('');

export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

const MIRRORED: Record<Comparison, Comparison> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** `a OP b` where at least one side is a constraint (§8.4, "`c` on either side"). */
export function compareConstraint(op: Comparison, a: Value, b: Value): RulesResult<Value> {
  if (a.t === 'constraint' && b.t === 'constraint') return notImplied();
  const [c, v, cmp] = a.t === 'constraint' ? [a, b, op] : [b as Constraint, a, MIRRORED[op]];
  if (cmp === '!=' && v.t === 'null') return TRUE;
  return c.filters.some((f) => implies(f, cmp, v)) ? TRUE : notImplied();
}

/** `x in c`: only an `array-contains` filter answers it. */
export function constraintContains(c: Constraint, x: Value): RulesResult<Value> {
  return listContains(c, x) ? TRUE : notImplied();
}

/** `c.hasAny(list)`; every other method of a constraint errors. */
export function constraintMethod(c: Constraint, name: string, args: readonly Value[]): RulesResult<Value> {
  const [a] = args;
  if (name !== 'hasAny' || args.length !== 1 || a?.t !== 'list') return notImplied();
  return a.v.some((x) => listContains(c, x)) ? TRUE : notImplied();
}

/** `c in list` is false: a list literal in the rule cannot hold the query's constraint. */
export const constraintInList = () => bool(false);

const listContains = (c: Constraint, x: Value) =>
  c.filters.some((f) => f.op === 'LIST_CONTAINS' && equals(f.operand, x, true));

const isNaNValue = (v: Value) => v.t === 'float' && Number.isNaN(v.v);

/**
 * Orders the filter's operand `a` against the rule's operand `b`, or null when the filter says nothing
 * about values like `b`: other types, and (§8.4) a float filter operand against an int in the rule.
 */
function order(a: Value, b: Value): number | 'nan' | null {
  if (isNumber(a) && isNumber(b)) return a.t === 'float' && b.t === 'int' ? null : compareNumbers(a, b);
  if (a.t === 'null' && b.t === 'null') return 0;
  return compare(a, b);
}

/** Does `field <f.op> f.operand` imply `field <op> b`? */
function implies(f: FieldFilter, op: Comparison, b: Value): boolean {
  const a = f.operand;
  // Every numeric filter but `EQ NaN` leaves NaN out; `EQ NaN` lets nothing through (§8.4).
  if (isNumber(a) && isNumber(b)) {
    if (f.op === 'EQ' && isNaNValue(a)) return true;
    if (op === '!=' && isNaNValue(b) && f.op !== 'LIST_CONTAINS') return true;
  }
  if (f.op === 'EQ') return pinned(a, op, b);
  const c = order(a, b);
  if (c === null || c === 'nan') return false;
  switch (f.op) {
    case 'NEQ':
      return op === '!=' && c === 0;
    case 'GT':
      return (op === '>' || op === '>=' || op === '!=') && c >= 0;
    case 'GTE':
      return ((op === '>' || op === '!=') && c > 0) || (op === '>=' && c >= 0);
    case 'LT':
      return (op === '<' || op === '<=' || op === '!=') && c <= 0;
    case 'LTE':
      return ((op === '<' || op === '!=') && c < 0) || (op === '<=' && c <= 0);
    case 'LIST_CONTAINS':
      return false;
  }
}

/** An `EQ a` filter pins the value, so the comparison is simply evaluated on `a`. */
function pinned(a: Value, op: Comparison, b: Value): boolean {
  const c = order(a, b);
  if (op === '==') return c === 0 || (c === null && a.t === b.t && equals(a, b, false));
  if (op === '!=') return c === null ? !(a.t === b.t && equals(a, b, false)) : c !== 0;
  if (c === null || c === 'nan') return false;
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}
