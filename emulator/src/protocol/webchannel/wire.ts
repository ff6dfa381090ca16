import { toJsonText } from '../rest/json-text.js';

/**
 * Every constant of the WebChannel (BrowserChannel VER=8) wire format in one place, and the framing
 * that goes with them (firestore-protocol.md §8).
 */

/** Path of a channel: `/google.firestore.v1.Firestore/<rpc>/channel`. */
export const CHANNEL_PATH = /^\/google\.firestore\.v1\.Firestore\/(Listen|Write)\/channel$/;
export type ChannelRpc = 'Listen' | 'Write';

/** The only protocol version the web SDK speaks and the one the handshake negotiates. */
export const PROTOCOL_VERSION = 8;
/** Informational server version in the `c` array (what the official backend sends). */
export const SERVER_VERSION = 14;
/** Advertised in the `c` array; the client's back-channel watchdog fires after 1.5× this without bytes. */
export const SERVER_KEEPALIVE_MS = 30_000;

/**
 * How long a handshake answer is held. The client's buffering-proxy detection gives its first
 * streaming back channel 4× the handshake round trip to deliver a byte, else it switches the
 * session to long-polling (§8.3); on loopback that round trip is a millisecond or two, less than
 * Chromium needs just to issue the GET. Paid once per channel, not per message.
 */
export const HANDSHAKE_HOLD_MS = 20;

/** URL parameters the client sends (§8.1). */
export const Param = {
  VERSION: 'VER',
  SESSION_ID: 'SID',
  REQUEST_ID: 'RID',
  ACKED_ARRAY_ID: 'AID',
  /** `1` = long-poll: end the back channel after each flush. */
  CHUNKED_INTERACTION: 'CI',
  TYPE: 'TYPE',
  /** Routing: `projects/<p>/databases/<d>` (Firestore's messageUrlParams). */
  DATABASE: 'database',
  /** Long-poll timeout (ms) the client set (`experimentalLongPollingOptions`). */
  LONG_POLL_TIMEOUT: 'TO',
  /** Alternative header transport (closure's `httpHeadersOverwriteParam`); Firestore uses the body. */
  HTTP_HEADERS: '$httpHeaders',
} as const;

/** `RID` of the back channel GET. */
export const BACK_CHANNEL_RID = 'rpc';
/** `TYPE` values. */
export const RequestType = { BACK_CHANNEL: 'xmlhttp', TERMINATE: 'terminate' } as const;

/** Form fields of handshake and forward bodies. */
export const FormField = {
  HEADERS: 'headers',
  COUNT: 'count',
  OFFSET: 'ofs',
  /** `req<i>___data__` holds message i as raw JSON (Firestore sets `sendRawJson`). */
  MAP_DATA: /^req(\d+)___data__$/,
  /** `req<i>_type=_badmap`: the client could not encode message i. */
  MAP_TYPE: /^req(\d+)_type$/,
} as const;

/** Routing header in `headers=` (lower-cased as parsed): the same `projects/<p>/databases/<d>`. */
export const RESOURCE_PREFIX_HEADER = 'google-cloud-resource-prefix';

/** Response header carrying the session-affinity value the client echoes as `gsessionid`. */
export const SESSION_AFFINITY_HEADER = 'X-HTTP-Session-Id';

/** Control payloads on the back channel. */
export const NOOP: readonly unknown[] = ['noop'];
export const CLOSE: readonly unknown[] = ['close'];

/** Body of the 400 for an unknown session: the client looks for the text at an index > 0. */
export const UNKNOWN_SID_BODY = '<html><body><h1>Unknown SID</h1></body></html>';

export const TEXT_HEADERS = {
  'Content-Type': 'text/plain; charset=utf-8',
  'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate',
} as const;

/**
 * JSON with every non-ASCII character (and U+2028/2029, which old parsers choke on) escaped, so a
 * frame's byte count equals the UTF-16 length the client counts in.
 */
export function asciiJson(value: unknown): string {
  return toJsonText(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A length-prefixed chunk: `<length>\n<text>`, the length counting `text` (ASCII, so bytes = chars). */
export const frame = (text: string): string => `${text.length}\n${text}`;
