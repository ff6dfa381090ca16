import type { _google_firestore_v1_StructuredQuery_Filter__Output as FilterInput } from '../../gen/google/firestore/v1/StructuredQuery.js';
import { invalidArgument } from '../errors.js';
import { formatFieldPath, getField, isNameField, parseFieldPath, type FieldPath } from '../field-path.js';
import { parseDocumentName, type DatabaseId } from '../paths.js';
import { compareValues, valuesEqual } from '../values/compare.js';
import { normalizeValue, normalizeValueList } from '../values/normalize.js';
import { arrayValues, typeOrder, type Value } from '../values/value.js';
import type { Doc } from '../store/document.js';

/** Reads a field of a document; `__name__` reads the document's reference. */
export type FieldReader = (doc: Doc, path: FieldPath) => Value | undefined;

export interface CompiledFilter {
  readonly matches: (doc: Doc) => boolean;
  /** Fields with inequality filters: they join the implicit order (Firestore's ordering rule). */
  readonly inequalityFields: FieldPath[];
}

const MAX_DISJUNCTION = 30;

// Proto enum names, also accepted as numbers (REST clients with enum-encoding=int).
export const FIELD_OPS = ['OPERATOR_UNSPECIFIED', 'LESS_THAN', 'LESS_THAN_OR_EQUAL', 'GREATER_THAN', 'GREATER_THAN_OR_EQUAL', 'EQUAL', 'NOT_EQUAL', 'ARRAY_CONTAINS', 'IN', 'ARRAY_CONTAINS_ANY', 'NOT_IN'];
export const UNARY_OPS: Record<string, string> = { '2': 'IS_NAN', '3': 'IS_NULL', '4': 'IS_NOT_NAN', '5': 'IS_NOT_NULL' };
export const COMPOSITE_OPS: Record<string, string> = { '1': 'AND', '2': 'OR' };

export const enumName = (value: unknown, names: string[] | Record<string, string>): string => {
  if (typeof value === 'number') return (Array.isArray(names) ? names[value] : names[String(value)]) ?? String(value);
  return String(value);
};

const isNaNV = (v: Value | undefined): boolean => v?.valueType === 'doubleValue' && Number.isNaN(v.doubleValue);

function comparison(op: string, c: number): boolean {
  switch (op) {
    case 'LESS_THAN':
      return c < 0;
    case 'LESS_THAN_OR_EQUAL':
      return c <= 0;
    case 'GREATER_THAN':
      return c > 0;
    case 'GREATER_THAN_OR_EQUAL':
      return c >= 0;
    case 'EQUAL':
      return c === 0;
    default:
      return c !== 0;
  }
}

/**
 * Compiles a StructuredQuery filter into a predicate. The semantics mirror the clients' own matching
 * (they re-check every document a listener sends), so server and client never disagree:
 * range and equality filters only match values of the same type order; `!=` and `not-in` skip
 * missing fields and nulls; `in`/`array-contains` use strict equality.
 */
export function compileFilter(db: DatabaseId, input: FilterInput | undefined, read: FieldReader): CompiledFilter {
  const inequalityFields: FieldPath[] = [];
  const compile = (f: FilterInput, depth: number): ((doc: Doc) => boolean) => {
    if (depth > 20) throw invalidArgument('Filter is nested too deeply.');
    const type = f.filterType ?? (f.compositeFilter ? 'compositeFilter' : f.fieldFilter ? 'fieldFilter' : f.unaryFilter ? 'unaryFilter' : undefined);
    if (type === 'compositeFilter') {
      const op = enumName(f.compositeFilter?.op, COMPOSITE_OPS);
      const parts = (f.compositeFilter?.filters ?? []).map((x) => compile(x, depth + 1));
      if (parts.length === 0) throw invalidArgument('A composite filter must contain at least one filter.');
      if (op === 'AND') return (doc) => parts.every((p) => p(doc));
      if (op === 'OR') return (doc) => parts.some((p) => p(doc));
      throw invalidArgument(`Invalid composite filter operator: ${op}`);
    }
    if (type === 'unaryFilter') {
      const u = f.unaryFilter!;
      const path = parseFieldPath(u.field?.fieldPath);
      const op = enumName(u.op, UNARY_OPS);
      switch (op) {
        case 'IS_NAN':
          return (doc) => isNaNV(read(doc, path));
        case 'IS_NULL':
          return (doc) => read(doc, path)?.valueType === 'nullValue';
        case 'IS_NOT_NAN':
          inequalityFields.push(path);
          return (doc) => {
            const v = read(doc, path);
            return v !== undefined && v.valueType !== 'nullValue' && !isNaNV(v);
          };
        case 'IS_NOT_NULL':
          inequalityFields.push(path);
          return (doc) => {
            const v = read(doc, path);
            return v !== undefined && v.valueType !== 'nullValue';
          };
        default:
          throw invalidArgument(`Invalid unary filter operator: ${op}`);
      }
    }
    if (type === 'fieldFilter') {
      const ff = f.fieldFilter!;
      const path = parseFieldPath(ff.field?.fieldPath);
      const op = enumName(ff.op, FIELD_OPS);
      // Members of an in / not-in list may be arrays themselves (they match whole array fields).
      const listOp = op === 'IN' || op === 'NOT_IN' || op === 'ARRAY_CONTAINS_ANY';
      const value = listOp ? normalizeValueList(ff.value) : normalizeValue(ff.value);
      checkQueryValueSize(value, formatFieldPath(path));
      if (isNameField(path)) validateNameOperand(db, op, value);
      switch (op) {
        case 'LESS_THAN':
        case 'LESS_THAN_OR_EQUAL':
        case 'GREATER_THAN':
        case 'GREATER_THAN_OR_EQUAL':
        case 'EQUAL': {
          if (op !== 'EQUAL') inequalityFields.push(path);
          const order = typeOrder(value);
          // Cloud Firestore (and the official emulator) never match NaN with a range filter.
          const rangeExcludesNaN = op !== 'EQUAL';
          return (doc) => {
            const v = read(doc, path);
            if (v === undefined || typeOrder(v) !== order) return false;
            if (rangeExcludesNaN && isNaNV(v)) return false;
            return comparison(op, compareValues(v, value));
          };
        }
        case 'NOT_EQUAL':
          inequalityFields.push(path);
          return (doc) => {
            const v = read(doc, path);
            return v !== undefined && v.valueType !== 'nullValue' && compareValues(v, value) !== 0;
          };
        case 'ARRAY_CONTAINS':
          return (doc) => {
            const v = read(doc, path);
            return v?.valueType === 'arrayValue' && arrayValues(v).some((e) => valuesEqual(e, value));
          };
        case 'IN':
        case 'NOT_IN':
        case 'ARRAY_CONTAINS_ANY': {
          if (value.valueType !== 'arrayValue') throw invalidArgument(`A filter with operator ${op} requires an array value.`);
          const list = arrayValues(value);
          if (list.length === 0) throw invalidArgument(`A filter with operator ${op} requires a non-empty array.`);
          if (list.length > MAX_DISJUNCTION)
            throw invalidArgument(`'${op.replace(/_/g, ' ')}' supports up to ${MAX_DISJUNCTION} comparison values.`);
          const has = (v: Value) => list.some((e) => valuesEqual(e, v));
          if (op === 'IN')
            return (doc) => {
              const v = read(doc, path);
              return v !== undefined && has(v);
            };
          if (op === 'ARRAY_CONTAINS_ANY')
            return (doc) => {
              const v = read(doc, path);
              return v?.valueType === 'arrayValue' && arrayValues(v).some(has);
            };
          inequalityFields.push(path);
          const hasNull = list.some((e) => e.valueType === 'nullValue');
          return (doc) => {
            if (hasNull) return false;
            const v = read(doc, path);
            return v !== undefined && v.valueType !== 'nullValue' && !has(v);
          };
        }
        default:
          throw invalidArgument(`Invalid field filter operator: ${op}`);
      }
    }
    throw invalidArgument('Filter must set a filter type.');
  };
  const matches = input ? compile(input, 0) : () => true;
  return { matches, inequalityFields };
}

function validateNameOperand(db: DatabaseId, op: string, value: Value): void {
  const check = (v: Value) => {
    if (v.valueType !== 'referenceValue')
      throw invalidArgument(`__key__ filter value must be a Key`);
    const r = parseDocumentName(v.referenceValue);
    if (r.db.name !== db.name) throw invalidArgument(`__key__ filter value must be in the query's database.`);
  };
  if (op === 'IN' || op === 'NOT_IN') arrayValues(value).forEach(check);
  else if (op === 'ARRAY_CONTAINS' || op === 'ARRAY_CONTAINS_ANY')
    throw invalidArgument(`'${op}' is not supported on __name__.`);
  else check(value);
}

/** Index entries are limited to 1500 bytes, so Cloud Firestore refuses larger strings and bytes in queries. */
const MAX_QUERY_VALUE_BYTES = 1500;
export function checkQueryValueSize(value: Value, field: string): void {
  const bytes =
    value.valueType === 'stringValue' ? Buffer.byteLength(value.stringValue ?? '') : value.valueType === 'bytesValue' ? (value.bytesValue?.length ?? 0) : 0;
  if (bytes >= MAX_QUERY_VALUE_BYTES) throw invalidArgument(`value for ${field} is too large to be used in a query`);
  if (value.valueType === 'arrayValue') for (const e of arrayValues(value)) checkQueryValueSize(e, field);
  if (value.valueType === 'mapValue') for (const e of Object.values(value.mapValue?.fields ?? {})) checkQueryValueSize(e, field);
}

export const readDocField =
  (nameOf: (doc: Doc) => string): FieldReader =>
  (doc, path) =>
    isNameField(path) ? { valueType: 'referenceValue', referenceValue: nameOf(doc) } : getField(doc.fields, path);
