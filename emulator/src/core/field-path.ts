import { invalidArgument } from './errors.js';
import { compareSegments } from './values/compare-strings.js';
import type { Fields, Value } from './values/value.js';

/**
 * Field paths as the API writes them: dot-separated segments, where a segment that is not a plain
 * identifier is quoted in backticks (with `\`` and `\\` escapes). Parsed once into segments.
 */
export type FieldPath = readonly string[];

const SIMPLE = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
export const NAME_FIELD = '__name__';

export function parseFieldPath(text: unknown): FieldPath {
  if (typeof text !== 'string' || text === '') throw invalidArgument('Field path must not be empty.');
  const segments: string[] = [];
  let i = 0;
  while (i < text.length) {
    let segment = '';
    if (text[i] === '`') {
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '\\' && i + 1 < text.length) {
          segment += text[i + 1];
          i += 2;
        } else if (c === '`') {
          closed = true;
          i++;
          break;
        } else {
          segment += c;
          i++;
        }
      }
      if (!closed) throw invalidArgument(`Invalid field path: ${text} (unterminated backtick).`);
      if (segment === '') throw invalidArgument(`Invalid field path: ${text} (empty segment).`);
    } else {
      const dot = text.indexOf('.', i);
      segment = dot < 0 ? text.slice(i) : text.slice(i, dot);
      i = dot < 0 ? text.length : dot;
      if (!SIMPLE.test(segment)) throw invalidArgument(`Invalid property path "${text}".`);
    }
    segments.push(segment);
    if (i < text.length) {
      if (text[i] !== '.') throw invalidArgument(`Invalid property path "${text}".`);
      i++;
      if (i === text.length) throw invalidArgument(`Invalid property path "${text}".`);
    }
  }
  if (Buffer.byteLength(text) > 1500) throw invalidArgument(`Field path ${text.slice(0, 20)}... is too long.`);
  return segments;
}

export const formatFieldPath = (path: FieldPath): string =>
  path.map((s) => (SIMPLE.test(s) ? s : '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`')).join('.');

export const isNameField = (path: FieldPath): boolean => path.length === 1 && path[0] === NAME_FIELD;

/** The value at `path`, or undefined when any step is missing or not a map. */
export function getField(fields: Fields, path: FieldPath): Value | undefined {
  let current: Fields | undefined = fields;
  for (let i = 0; i < path.length; i++) {
    const v: Value | undefined = current?.[path[i]!];
    if (v === undefined) return undefined;
    if (i === path.length - 1) return v;
    if (v.valueType !== 'mapValue') return undefined;
    current = v.mapValue?.fields;
  }
  return undefined;
}

/** Returns a copy of `fields` with `value` at `path` (creating maps on the way); shares untouched parts. */
export function setField(fields: Fields, path: FieldPath, value: Value | undefined): Fields {
  const [head, ...rest] = path;
  const out: Fields = { ...fields };
  if (rest.length === 0) {
    if (value === undefined) delete out[head!];
    else out[head!] = value;
    return out;
  }
  const child = fields[head!];
  const childFields = child?.valueType === 'mapValue' ? (child.mapValue?.fields ?? {}) : undefined;
  if (childFields === undefined && value === undefined) return out;
  out[head!] = { valueType: 'mapValue', mapValue: { fields: setField(childFields ?? {}, rest, value) } };
  return out;
}

export const fieldPathKey = (path: FieldPath): string => path.join('\u0000');

export const isPrefixOf = (prefix: FieldPath, path: FieldPath): boolean =>
  prefix.length <= path.length && prefix.every((s, i) => path[i] === s);

/** Segment-wise order of field paths, as the SDKs sort them (`FieldPath.comparator`): ['a'] < ['a', 'b'] < ['a b']. */
export function compareFieldPaths(a: FieldPath, b: FieldPath): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareSegments(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
