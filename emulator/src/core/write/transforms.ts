import { invalidArgument } from '../errors.js';
import { getField, parseFieldPath, setField, type FieldPath } from '../field-path.js';
import { compareNumbers, valuesEqual } from '../values/compare.js';
import { normalizeValue } from '../values/normalize.js';
import {
  NULL_VALUE,
  arrayValue,
  doubleValue,
  integerValue,
  isNumber,
  timestampValue,
  type Fields,
  type Value,
} from '../values/value.js';
import type { _google_firestore_v1_DocumentTransform_FieldTransform__Output as FieldTransformInput } from '../../gen/google/firestore/v1/DocumentTransform.js';

export type FieldTransform =
  | { readonly path: FieldPath; readonly kind: 'serverTimestamp' }
  | { readonly path: FieldPath; readonly kind: 'increment' | 'maximum' | 'minimum'; readonly operand: Value }
  | { readonly path: FieldPath; readonly kind: 'arrayUnion' | 'arrayRemove'; readonly elements: Value[] };

/** Validates one field transform from a request. */
export function parseTransform(t: FieldTransformInput): FieldTransform {
  const path = parseFieldPath(t.fieldPath);
  const type =
    t.transformType ??
    (['setToServerValue', 'increment', 'maximum', 'minimum', 'appendMissingElements', 'removeAllFromArray'] as const).find(
      (k) => t[k] !== undefined,
    );
  switch (type) {
    case 'setToServerValue':
      if (t.setToServerValue !== 'REQUEST_TIME' && (t.setToServerValue as unknown) !== 1)
        throw invalidArgument(`Unsupported server value: ${String(t.setToServerValue)}`);
      return { path, kind: 'serverTimestamp' };
    case 'increment':
    case 'maximum':
    case 'minimum': {
      const operand = normalizeValue(t[type]);
      if (!isNumber(operand)) throw invalidArgument(`${type} transform requires a numeric operand.`);
      return { path, kind: type, operand };
    }
    case 'appendMissingElements':
    case 'removeAllFromArray': {
      const elements = normalizeValue({ arrayValue: t[type] ?? {} }).arrayValue?.values ?? [];
      return { path, kind: type === 'appendMissingElements' ? 'arrayUnion' : 'arrayRemove', elements };
    }
    default:
      throw invalidArgument('Field transform must set a transform type.');
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Integer addition saturates at the int64 bounds instead of wrapping. */
function add(a: Value, b: Value): Value {
  if (a.valueType === 'integerValue' && b.valueType === 'integerValue') {
    const sum = BigInt(a.integerValue!) + BigInt(b.integerValue!);
    return integerValue(sum > INT64_MAX ? INT64_MAX : sum < INT64_MIN ? INT64_MIN : sum);
  }
  const x = a.valueType === 'integerValue' ? Number(a.integerValue) : a.doubleValue!;
  const y = b.valueType === 'integerValue' ? Number(b.integerValue) : b.doubleValue!;
  return doubleValue(x + y);
}

const isNaNNum = (v: Value): boolean => v.valueType === 'doubleValue' && Number.isNaN(v.doubleValue);

/**
 * maximum/minimum: NaN wins; equal values (3 and 3.0, 0 and -0) keep the stored value.
 */
function extreme(current: Value, operand: Value, sign: 1 | -1): Value {
  if (isNaNNum(current)) return current;
  if (isNaNNum(operand)) return operand;
  const c = compareNumbers(operand, current);
  return c * sign > 0 ? operand : current;
}

/**
 * Applies transforms in order to `fields`. Returns the new fields and one result per transform:
 * the resulting value, or null for array transforms (clients recompute those themselves).
 */
export function applyTransforms(
  fields: Fields,
  transforms: readonly FieldTransform[],
  commitTime: { seconds: string; nanos: number },
): { fields: Fields; results: Value[] } {
  let out = fields;
  const results: Value[] = [];
  for (const t of transforms) {
    const current = getField(out, t.path);
    let next: Value;
    let result: Value;
    switch (t.kind) {
      case 'serverTimestamp':
        next = result = timestampValue(commitTime);
        break;
      case 'increment':
        next = result = current && isNumber(current) ? add(current, t.operand) : t.operand;
        break;
      case 'maximum':
      case 'minimum':
        next = result = current && isNumber(current) ? extreme(current, t.operand, t.kind === 'maximum' ? 1 : -1) : t.operand;
        break;
      case 'arrayUnion': {
        const values = current?.valueType === 'arrayValue' ? [...(current.arrayValue?.values ?? [])] : [];
        for (const e of t.elements) if (!values.some((v) => valuesEqual(v, e))) values.push(e);
        next = arrayValue(values);
        result = NULL_VALUE;
        break;
      }
      case 'arrayRemove': {
        const values = current?.valueType === 'arrayValue' ? (current.arrayValue?.values ?? []) : [];
        next = arrayValue(values.filter((v) => !t.elements.some((e) => valuesEqual(v, e))));
        result = NULL_VALUE;
        break;
      }
    }
    out = setField(out, t.path, next);
    results.push(result);
  }
  return { fields: out, results };
}
