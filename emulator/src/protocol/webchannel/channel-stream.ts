import type { CallContext } from '../../service/context.js';
import { ListenSession } from '../../service/listen.js';
import { WriteSession } from '../../service/write-stream.js';
import type { ListenRequest__Output } from '../../gen/google/firestore/v1/ListenRequest.js';
import type { WriteRequest__Output } from '../../gen/google/firestore/v1/WriteRequest.js';
import { decodeMessage, encodeMessage, messageType } from '../rest/json-codec.js';
import type { ChannelRpc } from './wire.js';

/** Where a stream's responses go: proto3 JSON messages, or the error that ends the stream. */
export interface StreamOutput {
  send(message: object): void;
  fail(error: unknown): void;
}

/** The Listen or Write stream behind one channel session, fed with decoded JSON messages. */
export interface ChannelStream {
  /** Handles one client message; settles once its replies (if any) are queued. Never rejects. */
  receive(message: unknown): Promise<void>;
  close(): void;
}

const LISTEN_REQUEST = messageType('ListenRequest');
const LISTEN_RESPONSE = messageType('ListenResponse');
const WRITE_REQUEST = messageType('WriteRequest');
const WRITE_RESPONSE = messageType('WriteResponse');

/** The same ListenSession the gRPC transport drives, speaking proto3 JSON. */
function listenStream(ctx: CallContext, out: StreamOutput): ChannelStream {
  const session = new ListenSession(ctx, (m) => out.send(encodeMessage(LISTEN_RESPONSE, m)));
  return {
    receive: async (message) => {
      try {
        session.handle(decodeMessage(LISTEN_REQUEST, message) as ListenRequest__Output);
      } catch (e) {
        out.fail(e);
      }
    },
    close: () => session.close(),
  };
}

/** The same WriteSession the gRPC transport drives; responses keep request order. */
function writeStream(ctx: CallContext, out: StreamOutput): ChannelStream {
  const session = new WriteSession(ctx);
  let open = true;
  return {
    receive: async (message) => {
      try {
        const response = await session.handle(decodeMessage(WRITE_REQUEST, message) as WriteRequest__Output);
        if (open) out.send(encodeMessage(WRITE_RESPONSE, response));
      } catch (e) {
        if (open) out.fail(e);
      }
    },
    close: () => (open = false),
  };
}

export const openChannelStream = (rpc: ChannelRpc, ctx: CallContext, out: StreamOutput): ChannelStream =>
  rpc === 'Listen' ? listenStream(ctx, out) : writeStream(ctx, out);
