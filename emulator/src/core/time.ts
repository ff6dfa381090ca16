import type { Timestamp__Output } from '../gen/google/protobuf/Timestamp.js';
import { invalidArgument } from './errors.js';

/**
 * Times inside the emulator are bigint nanoseconds since the epoch: exact (timestamps arrive with 9
 * fractional digits and preconditions must compare equal) and totally ordered.
 */
export type Nanos = bigint;

const NANOS_PER_SECOND = 1_000_000_000n;
// Cloud Firestore accepts timestamps from 0001-01-01 to 9999-12-31.
const MIN_SECONDS = -62135596800n;
const MAX_SECONDS = 253402300799n;

export const toTimestamp = (t: Nanos): { seconds: string; nanos: number } => {
  let seconds = t / NANOS_PER_SECOND;
  let nanos = t % NANOS_PER_SECOND;
  if (nanos < 0n) {
    seconds -= 1n;
    nanos += NANOS_PER_SECOND;
  }
  return { seconds: seconds.toString(), nanos: Number(nanos) };
};

/**
 * Reads a protobuf Timestamp (fields may be absent: proto3 defaults), or its proto3 JSON form (RFC
 * 3339 text, as REST clients send it), and validates its range.
 */
export function fromTimestamp(ts: Timestamp__Output | { seconds?: string | number; nanos?: number } | string): Nanos {
  if (typeof ts === 'string') return parseRfc3339(ts);
  if (ts === null || typeof ts !== 'object') throw invalidArgument(`Invalid timestamp: ${String(ts)}`);
  let seconds: bigint;
  try {
    seconds = BigInt(ts.seconds ?? 0);
  } catch {
    throw invalidArgument(`Invalid timestamp seconds: ${String(ts.seconds)}`);
  }
  const nanos = ts.nanos ?? 0;
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
    throw invalidArgument(`Timestamp nanos must be between 0 and 999999999, got ${nanos}`);
  }
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw invalidArgument(`Timestamp seconds out of range: ${seconds}`);
  }
  return seconds * NANOS_PER_SECOND + BigInt(nanos);
}

/** RFC 3339 with exactly as many fractional digits as needed (0, 3, 6 or 9), as Google APIs emit. */
export function toRfc3339(t: Nanos): string {
  const { seconds, nanos } = toTimestamp(t);
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  if (nanos === 0) return `${base}Z`;
  let frac = String(nanos).padStart(9, '0');
  while (frac.endsWith('000')) frac = frac.slice(0, -3);
  return `${base}.${frac}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses RFC 3339 keeping all nine fractional digits (Date.parse would drop them). */
export function parseRfc3339(text: string): Nanos {
  const m = RFC3339.exec(text);
  if (!m) throw invalidArgument(`Invalid timestamp: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s));
  // Date rolls impossible fields over (Feb 30 → Mar 1); a mismatch means the text was not a real time.
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d) ||
    date.getUTCHours() !== Number(h) ||
    date.getUTCMinutes() !== Number(mi) ||
    date.getUTCSeconds() !== Number(s)
  )
    throw invalidArgument(`Invalid timestamp: ${JSON.stringify(text)}`);
  const ms = date.getTime();
  let seconds = BigInt(ms / 1000);
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    seconds -= sign * BigInt(Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  return fromTimestamp({ seconds: seconds.toString(), nanos: Number(frac.padEnd(9, '0')) });
}

/**
 * Commit times: microsecond resolution like Cloud Firestore, strictly increasing across the whole
 * process so that every commit (and so every listener snapshot) has its own version.
 */
export class Clock {
  private last: Nanos = 0n;
  private readonly base = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

  now(): Nanos {
    const micros = (this.base + process.hrtime.bigint()) / 1000n;
    return micros * 1000n;
  }

  /** A fresh commit time, greater than every one handed out before. */
  next(): Nanos {
    const t = this.now();
    this.last = t > this.last ? t : this.last + 1000n;
    return this.last;
  }

  /**
   * Moves the clock to at least `t` (rounded up to the microsecond), so every later commit and
   * read time is strictly after it: imported documents may carry times from a faster clock or the
   * future, and a new write must never get an update time older than the version it replaces.
   */
  advancePast(t: Nanos): void {
    const micro = ((t + 999n) / 1000n) * 1000n;
    if (micro > this.last) this.last = micro;
  }

  /** The latest commit time handed out (or now, if later): a consistent read time. */
  readTime(): Nanos {
    // Claiming the time keeps later commits strictly after it, so a read at this time is stable.
    const t = this.now();
    if (t > this.last) this.last = t;
    return this.last;
  }
}
