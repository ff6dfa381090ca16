import { reasons, rulesError, type Bad, type MethodImpl, type RulesResult } from './errors.js';
import { checkDuration, checkTimestamp } from './operators.js';
import { float, int, isNumber, numeric, type Value, type ValueOf } from './values.js';

/** timestamp, duration and latlng: methods and their namespace functions (rules-language.md §6.10–6.12). */
const NS_PER_S = 1_000_000_000n;
const NS_PER_MS = 1_000_000n;
const NS_PER_DAY = 86_400n * NS_PER_S;

/** Floor division, so instants before 1970 split into a negative second and a non-negative fraction. */
const floorDiv = (a: bigint, b: bigint) => (a % b < 0n ? a / b - 1n : a / b);

function utcDate(ns: bigint): Date {
  return new Date(Number(floorDiv(ns, NS_PER_MS)));
}

export function callTimeMethod(
  r: Value,
  name: string,
  args: readonly Value[],
  bad: Bad,
): RulesResult<Value> | undefined {
  if (r.t === 'timestamp') return timestampMethod(r, name, args, bad);
  if (r.t === 'duration') {
    if (name !== 'seconds' && name !== 'nanos') return undefined;
    if (args.length !== 0) return bad('');
    // Both parts carry the duration's sign (BigInt division truncates toward zero).
    return int(name === 'seconds' ? r.ns / NS_PER_S : r.ns % NS_PER_S);
  }
  if (r.t === 'latlng') return latlngMethod(r, name, args, bad);
  return undefined;
}

const timestampMethod: MethodImpl<ValueOf<'timestamp'>> = (r, name, args, bad) => {
  const d = utcDate(r.ns);
  const dayStart = floorDiv(r.ns, NS_PER_DAY) * NS_PER_DAY;
  const fields: Record<string, () => RulesResult<Value>> = {
    year: () => int(BigInt(d.getUTCFullYear())),
    month: () => int(BigInt(d.getUTCMonth() + 1)),
    day: () => int(BigInt(d.getUTCDate())),
    hours: () => int(BigInt(d.getUTCHours())),
    minutes: () => int(BigInt(d.getUTCMinutes())),
    seconds: () => int(BigInt(d.getUTCSeconds())),
    nanos: () => int(r.ns - floorDiv(r.ns, NS_PER_S) * NS_PER_S),
    dayOfWeek: () => int(BigInt(d.getUTCDay() === 0 ? 7 : d.getUTCDay())),
    dayOfYear: () => {
      const jan1 = new Date(0);
      jan1.setUTCFullYear(d.getUTCFullYear(), 0, 1);
      return int(BigInt(Math.floor((d.getTime() - jan1.getTime()) / 86_400_000)) + 1n);
    },
    date: () => ({ t: 'timestamp', ns: dayStart }),
    time: () => ({ t: 'duration', ns: r.ns - dayStart }),
    toMillis: () => int(floorDiv(r.ns, NS_PER_MS)),
  };
  const f = fields[name];
  if (!Object.hasOwn(fields, name) || f === undefined) return undefined;
  return args.length === 0 ? f() : bad('');
};

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

const latlngMethod: MethodImpl<ValueOf<'latlng'>> = (r, name, args, bad) => {
  const [o] = args;
  switch (name) {
    case 'latitude':
      return args.length === 0 ? float(r.lat) : bad('');
    case 'longitude':
      return args.length === 0 ? float(r.lng) : bad('');
    case 'distance': {
      if (args.length !== 1 || o?.t !== 'latlng') return bad('latlng');
      // Haversine on a sphere of mean Earth radius; the official radius is an open question (§6.12 [?]).
      const h =
        Math.sin(rad(o.lat - r.lat) / 2) ** 2 +
        Math.cos(rad(r.lat)) * Math.cos(rad(o.lat)) * Math.sin(rad(o.lng - r.lng) / 2) ** 2;
      return float(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h))));
    }
    default:
      return undefined;
  }
};

const UNITS: Record<string, bigint> = {
  w: 7n * NS_PER_DAY,
  d: NS_PER_DAY,
  h: 3600n * NS_PER_S,
  m: 60n * NS_PER_S,
  s: NS_PER_S,
  ms: NS_PER_MS,
  ns: 1n,
};

const ints = (args: readonly Value[], n: number): bigint[] | null =>
  args.length === n && args.every((a) => a.t === 'int') ? args.map((a) => (a as ValueOf<'int'>).v) : null;

/** `timestamp.*`, `duration.*`, `latlng.*`; undefined for an unknown function. */
export function callTimeNamespace(
  ns: string,
  name: string,
  args: readonly Value[],
  bad: Bad,
): RulesResult<Value> | undefined {
  const key = `${ns}.${name}`;
  switch (key) {
    case 'timestamp.value': {
      const [ms] = ints(args, 1) ?? [];
      return ms === undefined ? bad('int') : checkTimestamp(ms * NS_PER_MS);
    }
    case 'timestamp.date': {
      const [y, m, d] = ints(args, 3) ?? [];
      if (y === undefined || m === undefined || d === undefined) return bad('int, int, int');
      const date = new Date(0);
      date.setUTCFullYear(Number(y), Number(m) - 1, Number(d));
      const valid = date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1;
      if (!valid || date.getUTCDate() !== Number(d))
        return rulesError(reasons.badArgument(`date ${y}-${m}-${d}`));
      return checkTimestamp(BigInt(date.getTime()) * NS_PER_MS);
    }
    case 'duration.value': {
      const [n, unit] = args;
      if (args.length !== 2 || n?.t !== 'int' || unit?.t !== 'string') return bad('int, string');
      const scale = Object.hasOwn(UNITS, unit.v) ? UNITS[unit.v] : undefined;
      return scale === undefined
        ? rulesError(reasons.badArgument(`duration unit ${unit.v}`))
        : checkDuration(n.v * scale);
    }
    case 'duration.time': {
      const [h, m, s, n] = ints(args, 4) ?? [];
      if (h === undefined || m === undefined || s === undefined || n === undefined)
        return bad('int, int, int, int');
      return checkDuration(h * UNITS.h! + m * UNITS.m! + s * NS_PER_S + n);
    }
    case 'duration.abs': {
      const [d] = args;
      if (args.length !== 1 || d?.t !== 'duration') return bad('duration');
      return { t: 'duration', ns: d.ns < 0n ? -d.ns : d.ns };
    }
    case 'latlng.value': {
      const [lat, lng] = args;
      if (args.length !== 2 || !lat || !lng || !isNumber(lat) || !isNumber(lng)) return bad('float, float');
      const [y, x] = [numeric(lat), numeric(lng)];
      if (!(Math.abs(y) <= 90 && Math.abs(x) <= 180))
        return rulesError(reasons.badArgument(`latlng(${y}, ${x})`));
      return { t: 'latlng', lat: y, lng: x };
    }
    default:
      return undefined;
  }
}
