import { invalidArgument } from '../../core/errors.js';
import { FormField } from './wire.js';

/** One client message of a handshake or forward POST, numbered per session from 0. */
export interface ChannelMap {
  readonly id: number;
  /** The parsed JSON message, or undefined for a map the client marked `_badmap`. */
  readonly message: unknown;
}

export interface ChannelBody {
  /** The `headers=` field: CRLF-joined `Name:value` lines, keys lower-cased. */
  readonly headers: ReadonlyMap<string, string>;
  readonly maps: readonly ChannelMap[];
}

/** The client sends at most 1000 maps per POST (closure's MAX_MAPS_PER_REQUEST). */
const MAX_MAPS = 1000;

/** `Name:value` lines (CRLF-joined, as in `headers=` and `$httpHeaders`) keyed by lower-case name. */
export function parseHeaderLines(text: string | null | undefined): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of (text ?? '').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return headers;
}

/**
 * Parses `[headers=…&]count=N&ofs=K&req0___data__=<json>&…` (firestore-protocol.md §8.1).
 * @throws INVALID_ARGUMENT for a body that is not that shape or holds invalid JSON
 */
export function parseChannelBody(text: string): ChannelBody {
  const form = new URLSearchParams(text);
  const count = Number(form.get(FormField.COUNT) ?? 0);
  const offset = Number(form.get(FormField.OFFSET) ?? 0);
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_MAPS) throw invalidArgument(`Invalid map count ${JSON.stringify(form.get(FormField.COUNT))}.`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalidArgument(`Invalid map offset ${JSON.stringify(form.get(FormField.OFFSET))}.`);
  const data = new Map<number, string>();
  const bad = new Set<number>();
  for (const [key, value] of form) {
    const d = FormField.MAP_DATA.exec(key);
    const t = FormField.MAP_TYPE.exec(key);
    if (d) data.set(Number(d[1]), value);
    else if (t && value === '_badmap') bad.add(Number(t[1]));
  }
  const maps: ChannelMap[] = [];
  for (let i = 0; i < count; i++) {
    const raw = data.get(i);
    if (raw === undefined) {
      if (bad.has(i)) maps.push({ id: offset + i, message: undefined });
      else throw invalidArgument(`Map ${i} of ${count} is missing.`);
      continue;
    }
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      throw invalidArgument(`Map ${i} is not valid JSON.`);
    }
    maps.push({ id: offset + i, message });
  }
  return { headers: parseHeaderLines(form.get(FormField.HEADERS)), maps };
}
