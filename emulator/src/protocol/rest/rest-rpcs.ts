import type protobuf from 'protobufjs';
import { RPC_HANDLERS, type RpcHandler, type RpcName } from '../../service/rpc-handlers.js';
import { firestoreService } from './json-codec.js';

/** The RPCs REST serves: the same service functions gRPC calls. */
export type RestRpc = RpcName;

export interface RpcBinding {
  readonly handler: RpcHandler;
  readonly requestType: protobuf.Type;
  readonly responseType: protobuf.Type;
  readonly streaming: boolean;
}

/** The handler and message types of `rpc`, from the same descriptor the gRPC server loads. */
export function rpcBinding(rpc: RestRpc): RpcBinding {
  const method = firestoreService.methods[rpc]!;
  method.resolve();
  return {
    handler: RPC_HANDLERS[rpc],
    requestType: method.resolvedRequestType!,
    responseType: method.resolvedResponseType!,
    streaming: Boolean(method.responseStream),
  };
}
