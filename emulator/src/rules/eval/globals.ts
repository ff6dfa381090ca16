import { createHash } from 'node:crypto';
import { reasons, rulesError, type Bad, type RulesResult } from './errors.js';
import { checkInt } from './operators.js';
import { callTimeNamespace } from './time.js';
import { float, floatText, isNumber, numeric, path, str, type Value } from './values.js';

/**
 * Global conversion functions and the `math` / `hashing` / `timestamp` / `duration` / `latlng`
 * namespaces (rules-language.md §6.3–6.5, §6.10–6.14). `get`/`exists`/`debug` belong to the request
 * stage and are not here.
 */
export const NAMESPACES: ReadonlySet<string> = new Set([
  'math',
  'hashing',
  'timestamp',
  'duration',
  'latlng',
]);

const badCall = (name: string, args: readonly Value[], expected: string) =>
  rulesError(reasons.unsupported(`${name}(${args.map((a) => a.t).join(', ')})`, expected));

export function callGlobal(name: string, args: readonly Value[]): RulesResult<Value> {
  const [a] = args;
  const bad = (expected: string) => badCall(name, args, expected);
  switch (name) {
    case 'int':
      if (args.length !== 1 || !a) return bad('int(string), int(float)');
      if (a.t === 'int') return a;
      if (a.t === 'string') {
        return /^[+-]?\d+$/.test(a.v)
          ? checkInt(BigInt(a.v))
          : rulesError(reasons.badArgument(`int('${a.v}')`));
      }
      if (a.t === 'float') {
        return Number.isFinite(a.v)
          ? checkInt(BigInt(Math.trunc(a.v)))
          : rulesError(reasons.badArgument(`int(${a.v})`));
      }
      return bad('int(string), int(float)');
    case 'float':
      if (args.length !== 1 || !a) return bad('float(string), float(int)');
      if (isNumber(a)) return float(numeric(a));
      if (a.t === 'string') {
        const ok = /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|NaN|Infinity)\s*$/.test(a.v);
        return ok ? float(Number(a.v)) : rulesError(reasons.badArgument(`float('${a.v}')`));
      }
      return bad('float(string), float(int)');
    case 'string':
      if (args.length !== 1 || !a) return bad('string(any)');
      if (a.t === 'string') return a;
      if (a.t === 'null') return str('null');
      if (a.t === 'bool' || a.t === 'int') return str(String(a.v));
      if (a.t === 'float') return str(floatText(a.v));
      return bad('string(bool), string(int), string(float), string(null)');
    case 'path':
      if (args.length !== 1 || a?.t !== 'string') return bad('path(string)');
      return path(a.v.split('/').filter((s) => s !== ''));
    default:
      return rulesError(reasons.functionNotFound(name));
  }
}

export function callNamespace(ns: string, name: string, args: readonly Value[]): RulesResult<Value> {
  const full = `${ns}.${name}`;
  const bad = (expected: string) => badCall(full, args, `${full}(${expected})`);
  const result =
    ns === 'math'
      ? mathCall(name, args, bad)
      : ns === 'hashing'
        ? hashCall(name, args, bad)
        : callTimeNamespace(ns, name, args, bad);
  return result ?? rulesError(reasons.functionNotFound(full));
}

function mathCall(name: string, args: readonly Value[], bad: Bad): RulesResult<Value> | undefined {
  const [a, b] = args;
  const unary = ['abs', 'ceil', 'floor', 'round', 'sqrt', 'isNaN', 'isInfinite'];
  if (unary.includes(name) && (args.length !== 1 || !a || !isNumber(a))) return bad('int|float');
  if (name === 'pow' && (args.length !== 2 || !a || !b || !isNumber(a) || !isNumber(b))) {
    return bad('int|float, int|float');
  }
  if (!a || !isNumber(a)) return undefined;
  const x = numeric(a);
  const toInt = (f: number) =>
    Number.isFinite(f) ? checkInt(BigInt(f)) : rulesError(reasons.badArgument(`${name}(${f})`));
  switch (name) {
    case 'abs':
      return a.t === 'int' ? checkInt(a.v < 0n ? -a.v : a.v) : float(Math.abs(a.v));
    case 'ceil':
      return a.t === 'int' ? a : toInt(Math.ceil(x));
    case 'floor':
      return a.t === 'int' ? a : toInt(Math.floor(x));
    case 'round':
      // Halves round away from zero (§6.3).
      return a.t === 'int' ? a : toInt(Math.sign(x) * Math.round(Math.abs(x)));
    case 'sqrt':
      return float(Math.sqrt(x));
    case 'isNaN':
      return { t: 'bool', v: Number.isNaN(x) };
    case 'isInfinite':
      return { t: 'bool', v: x === Infinity || x === -Infinity };
    case 'pow':
      return b && isNumber(b) ? float(Math.pow(x, numeric(b))) : undefined;
    default:
      return undefined;
  }
}

function crcTable(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}
const CRC32 = crcTable(0xedb88320);
const CRC32C = crcTable(0x82f63b78);

function crc(table: Uint32Array, data: Uint8Array): Uint8Array {
  let c = 0xffffffff;
  for (const byte of data) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
  c = (c ^ 0xffffffff) >>> 0;
  return new Uint8Array([c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff]);
}

/** Digests as bytes; strings are hashed as UTF-8 (§6.5). */
function hashCall(name: string, args: readonly Value[], bad: Bad): RulesResult<Value> | undefined {
  if (!['crc32', 'crc32c', 'md5', 'sha256'].includes(name)) return undefined;
  const [a] = args;
  if (args.length !== 1 || (a?.t !== 'string' && a?.t !== 'bytes')) return bad('bytes|string');
  const data = a.t === 'string' ? new TextEncoder().encode(a.v) : a.v;
  if (name === 'crc32' || name === 'crc32c')
    return { t: 'bytes', v: crc(name === 'crc32' ? CRC32 : CRC32C, data) };
  return { t: 'bytes', v: new Uint8Array(createHash(name).update(data).digest()) };
}
