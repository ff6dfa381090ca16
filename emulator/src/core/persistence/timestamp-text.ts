import { parseRfc3339, toTimestamp, type Nanos } from '../time.js';

/**
 * RFC 3339 in UTC with exactly nine fractional digits, the export format's one spelling of a time
 * (values, createTime, updateTime): fixed width keeps every nanosecond and sorts as text.
 */
export function formatTimestamp(t: Nanos): string {
  const { seconds, nanos } = toTimestamp(t);
  // toISOString prints years 0001–9999 with four digits, which covers Firestore's whole range.
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${base}.${String(nanos).padStart(9, '0')}Z`;
}

const EXPORT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;

/**
 * Parses what formatTimestamp writes, and nothing else (a hand-edited seed file with another
 * spelling is rejected rather than guessed at). Returns undefined when the text is not a valid
 * timestamp in Firestore's range.
 */
export function parseTimestamp(text: string): Nanos | undefined {
  if (!EXPORT_TIMESTAMP.test(text)) return undefined;
  try {
    return parseRfc3339(text);
  } catch {
    return undefined;
  }
}
