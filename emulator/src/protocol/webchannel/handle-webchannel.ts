import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout } from 'node:timers/promises';
import { invalidArgument } from '../../core/errors.js';
import type { Registry } from '../../core/registry.js';
import { identityFromAuthorization } from '../../service/identity.js';
import { sendError } from '../http/errors.js';
import { readBody } from '../http/read-body.js';
import { parseChannelBody, parseHeaderLines } from './channel-body.js';
import type { ChannelSession } from './channel-session.js';
import { channelSessions, type ChannelSessions } from './channel-sessions.js';
import {
  asciiJson,
  BACK_CHANNEL_RID,
  CHANNEL_PATH,
  frame,
  HANDSHAKE_HOLD_MS,
  Param,
  PROTOCOL_VERSION,
  RESOURCE_PREFIX_HEADER,
  RequestType,
  SERVER_KEEPALIVE_MS,
  SERVER_VERSION,
  SESSION_AFFINITY_HEADER,
  TEXT_HEADERS,
  UNKNOWN_SID_BODY,
  type ChannelRpc,
} from './wire.js';

/**
 * WebChannel (`/google.firestore.v1.Firestore/{Listen,Write}/channel`, firestore-protocol.md §8):
 * the browser SDK's Listen and Write streams. Answers true when it took the request. CORS headers
 * are already on `res` (the server sets them for every route).
 */
export function handleWebChannel(registry: Registry, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const match = CHANNEL_PATH.exec(path);
  if (!match || (req.method !== 'GET' && req.method !== 'POST')) return false;
  const what = `WebChannel ${req.method} ${path}`;
  serve(channelSessions(registry), registry, match[1] as ChannelRpc, req, res).catch((e: unknown) => {
    // A body left half-read (too large) would be parsed as the next request: end the connection.
    if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
    sendError(res, e, what);
  });
  return true;
}

async function serve(sessions: ChannelSessions, registry: Registry, rpc: ChannelRpc, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const sid = query.get(Param.SESSION_ID);
  // Checked before anything else: a closing client beacons this as a POST with an empty body.
  if (query.get(Param.TYPE) === RequestType.TERMINATE) {
    const session = sessions.find(sid);
    if (session?.rpc === rpc) session.close();
    res.writeHead(200, TEXT_HEADERS);
    return void res.end();
  }
  if (sid === null) {
    if (req.method !== 'POST') throw invalidArgument('A WebChannel session starts with a POST.');
    return handshake(sessions, registry, rpc, req, res, query);
  }
  const session = sessions.find(sid);
  // Any non-200 is fatal to the client's session; this text makes it open a new one (§8.5).
  if (!session || session.rpc !== rpc) {
    res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
    return void res.end(UNKNOWN_SID_BODY);
  }
  session.acknowledge(optionalInt(query.get(Param.ACKED_ARRAY_ID)));
  if (req.method === 'GET') {
    if (query.get(Param.REQUEST_ID) !== BACK_CHANNEL_RID || query.get(Param.TYPE) !== RequestType.BACK_CHANNEL)
      throw invalidArgument('A WebChannel GET must be the back channel (RID=rpc&TYPE=xmlhttp).');
    return session.attachBackChannel(res, {
      longPoll: query.get(Param.CHUNKED_INTERACTION) === '1',
      aid: optionalInt(query.get(Param.ACKED_ARRAY_ID)) ?? -1,
      timeoutMs: optionalInt(query.get(Param.LONG_POLL_TIMEOUT)),
    });
  }
  return forward(sessions, session, req, res);
}

async function handshake(
  sessions: ChannelSessions,
  registry: Registry,
  rpc: ChannelRpc,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  if (query.get(Param.VERSION) !== String(PROTOCOL_VERSION))
    throw invalidArgument(`Unsupported WebChannel version ${JSON.stringify(query.get(Param.VERSION))}; only ${PROTOCOL_VERSION} is served.`);
  const body = parseChannelBody(await readBody(req, sessions.options.maxBodyBytes));
  // Identity travels in the body's `headers=` field (Firestore) or the `$httpHeaders` URL param.
  const headers = new Map([...parseHeaderLines(query.get(Param.HTTP_HEADERS)), ...body.headers]);
  const identity = identityFromAuthorization(headers.get('authorization'));
  const database = query.get(Param.DATABASE) ?? headers.get(RESOURCE_PREFIX_HEADER);
  const session = sessions.open(rpc, { registry, identity }, database);
  // Replies to the messages carried in the handshake go out on the back channel, from array 1.
  void session.receive(body.maps);
  await setTimeout(HANDSHAKE_HOLD_MS);
  res.writeHead(200, { ...TEXT_HEADERS, [SESSION_AFFINITY_HEADER]: session.affinity });
  res.end(frame(`${asciiJson([[0, ['c', session.sid, '', PROTOCOL_VERSION, SERVER_VERSION, SERVER_KEEPALIVE_MS]]])}\n`));
}

async function forward(sessions: ChannelSessions, session: ChannelSession, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = parseChannelBody(await readBody(req, sessions.options.maxBodyBytes));
  // Answering after the messages are handled puts their replies' ids in the acknowledgement.
  await session.receive(body.maps);
  res.writeHead(200, TEXT_HEADERS);
  res.end(frame(asciiJson(session.forwardAck())));
}

function optionalInt(text: string | null): number | undefined {
  const n = text === null ? NaN : Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
