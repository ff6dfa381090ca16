import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import descriptor from '../../gen/firestore-descriptor.json' with { type: 'json' };
import { Code, FirestoreError, unimplemented } from '../../core/errors.js';
import type { Registry } from '../../core/registry.js';
import type { CallContext } from '../../service/context.js';
import { identityFromAuthorization } from '../../service/identity.js';
import { ListenSession } from '../../service/listen.js';
import { RPC_HANDLERS } from '../../service/rpc-handlers.js';
import { WriteSession } from '../../service/write-stream.js';
import { toGrpcError } from './status.js';

/** proto-loader options: `defaults: false` keeps field presence (an empty updateMask is not an absent one). */
export const LOADER_OPTIONS: protoLoader.Options = { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true };

/** What the server's request decoder yields for bytes that are not a valid message. */
const UNDECODABLE = Object.freeze({ undecodable: true });

/** The status grpc-js itself gives a request it cannot decode, so clients see one answer either way. */
const undecodable = () => new FirestoreError(Code.INTERNAL, 'Error deserializing request');

/**
 * The google.firestore.v1.Firestore service definition the server registers. Its request decoders
 * never throw: they return UNDECODABLE and the handler ends the call. Left to grpc-js (1.14), a
 * decode failure ends the HTTP/2 stream without marking the call finished, so a Listen response
 * the handler had already queued is written after the end, the trailers are never sent, and the
 * client waits forever (Listen streams have no deadline).
 */
/**
 * Builds the service from the pruned descriptor that `npm run gen` derives from emulator/proto
 * (only the types the service reaches): parsing the .proto files at start-up cost more time and
 * memory than everything else the emulator does before listening.
 */
export function loadFirestoreService(): grpc.ServiceDefinition {
  const def = protoLoader.fromJSON(descriptor as unknown as Parameters<typeof protoLoader.fromJSON>[0], LOADER_OPTIONS);
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    google: { firestore: { v1: { Firestore: { service: grpc.ServiceDefinition } } } };
  };
  const service = pkg.google.firestore.v1.Firestore.service;
  const tolerant = (decode: grpc.deserialize<unknown>) => (bytes: Buffer) => {
    try {
      return decode(bytes);
    } catch {
      return UNDECODABLE;
    }
  };
  return Object.fromEntries(
    Object.entries(service).map(([name, method]) => [name, { ...method, requestDeserialize: tolerant(method.requestDeserialize) }]),
  ) as grpc.ServiceDefinition;
}

const contextOf = (registry: Registry, metadata: grpc.Metadata): CallContext => ({
  registry,
  identity: identityFromAuthorization(metadata.get('authorization')[0]?.toString()),
});

type Unary = (ctx: CallContext, req: never) => Promise<object>;
type Streaming = (ctx: CallContext, req: never) => Promise<object[]>;

/** Server-streaming methods, read from the service descriptor rather than listed again. */
const STREAMING = new Set(
  Object.entries(descriptor.nested.google.nested.firestore.nested.v1.nested.Firestore.methods)
    .filter(([, method]) => 'responseStream' in method && method.responseStream)
    .map(([name]) => name),
);

/** Handlers for every RPC of google.firestore.v1.Firestore; unbuilt ones answer UNIMPLEMENTED by name. */
export function firestoreHandlers(registry: Registry): grpc.UntypedServiceImplementation {
  const unary = (name: string, fn: Unary): grpc.handleUnaryCall<unknown, unknown> => (call, callback) => {
    if (call.request === UNDECODABLE) return callback(toGrpcError(undecodable(), name));
    fn(contextOf(registry, call.metadata), call.request as never).then(
      (res) => callback(null, res),
      (e: unknown) => callback(toGrpcError(e, name)),
    );
  };
  // Headers go out before the error status: firebase-admin treats a streaming call that fails with
  // no response headers as a lost connection and retries it twice, delaying every error by ~7 s.
  const failStream = (call: grpc.ServerWritableStream<unknown, unknown>, e: unknown, name: string) => {
    call.sendMetadata(new grpc.Metadata());
    call.emit('error', toGrpcError(e, name));
  };
  const serverStream = (name: string, fn: Streaming): grpc.handleServerStreamingCall<unknown, unknown> => (call) => {
    if (call.request === UNDECODABLE) return failStream(call, undecodable(), name);
    fn(contextOf(registry, call.metadata), call.request as never).then(
      (list) => {
        for (const m of list) if (!call.cancelled) call.write(m);
        call.end();
      },
      (e: unknown) => failStream(call, e, name),
    );
  };
  return {
    ...Object.fromEntries(
      Object.entries(RPC_HANDLERS).map(([name, fn]) => [name, STREAMING.has(name) ? serverStream(name, fn as Streaming) : unary(name, fn as Unary)]),
    ),
    ExecutePipeline: serverStream('ExecutePipeline', async () => {
      throw unimplemented('ExecutePipeline is not implemented by the emulator.');
    }),
    Listen: (call: grpc.ServerDuplexStream<never, unknown>) => listen(registry, call),
    Write: (call: grpc.ServerDuplexStream<never, unknown>) => write(registry, call),
  } as unknown as grpc.UntypedServiceImplementation;
}

function listen(registry: Registry, call: grpc.ServerDuplexStream<never, unknown>): void {
  let open = true;
  const session = new ListenSession(contextOf(registry, call.metadata), (m) => {
    if (open && !call.cancelled) call.write(m);
  });
  const finish = (e?: unknown) => {
    if (!open) return;
    open = false;
    session.close();
    if (e !== undefined) call.emit('error', toGrpcError(e, 'Listen'));
    else call.end();
  };
  call.on('data', (req: never) => {
    if (req === UNDECODABLE) return finish(undecodable());
    try {
      session.handle(req);
    } catch (e) {
      finish(e);
    }
  });
  call.on('end', () => finish());
  call.on('cancelled', () => finish());
  call.on('error', () => finish());
}

function write(registry: Registry, call: grpc.ServerDuplexStream<never, unknown>): void {
  let open = true;
  const session = new WriteSession(contextOf(registry, call.metadata));
  const finish = (e?: unknown) => {
    if (!open) return;
    open = false;
    if (e !== undefined) call.emit('error', toGrpcError(e, 'Write'));
    else call.end();
  };
  call.on('data', (req: never) => {
    if (req === UNDECODABLE) return finish(undecodable());
    session.handle(req).then(
      (res) => {
        if (open && !call.cancelled) call.write(res);
      },
      (e: unknown) => finish(e),
    );
  });
  call.on('end', () => void session.idle().then(() => finish()));
  call.on('cancelled', () => (open = false));
  call.on('error', () => (open = false));
}
