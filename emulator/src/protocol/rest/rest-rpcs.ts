import type protobuf from 'protobufjs';
import type { CallContext } from '../../service/context.js';
import { batchGetDocuments } from '../../service/batch-get-documents.js';
import { batchWrite } from '../../service/batch-write.js';
import { commit } from '../../service/commit.js';
import { getDocument } from '../../service/get-document.js';
import { listCollectionIds } from '../../service/list-collection-ids.js';
import { listDocuments } from '../../service/list-documents.js';
import { partitionQuery } from '../../service/partition-query.js';
import { runAggregationQuery } from '../../service/run-aggregation-query.js';
import { runQuery } from '../../service/run-query.js';
import { createDocument, deleteDocument, updateDocument } from '../../service/single-document-writes.js';
import { beginTransaction, rollback } from '../../service/transactions.js';
import { firestoreService } from './json-codec.js';

/** A service-layer function; streaming RPCs return every message at once (REST sends one JSON array). */
type Handler = (ctx: CallContext, req: never) => Promise<object | object[]>;

/** The RPCs REST serves, by their google.firestore.v1.Firestore method name: the same functions gRPC calls. */
const HANDLERS = {
  GetDocument: getDocument,
  ListDocuments: listDocuments,
  CreateDocument: createDocument,
  UpdateDocument: updateDocument,
  DeleteDocument: deleteDocument,
  BatchGetDocuments: batchGetDocuments,
  BeginTransaction: beginTransaction,
  Commit: commit,
  Rollback: rollback,
  RunQuery: runQuery,
  RunAggregationQuery: runAggregationQuery,
  PartitionQuery: partitionQuery,
  ListCollectionIds: listCollectionIds,
  BatchWrite: batchWrite,
} satisfies Record<string, Handler>;

export type RestRpc = keyof typeof HANDLERS;

export interface RpcBinding {
  readonly handler: Handler;
  readonly requestType: protobuf.Type;
  readonly responseType: protobuf.Type;
  readonly streaming: boolean;
}

/** The handler and message types of `rpc`, from the same descriptor the gRPC server loads. */
export function rpcBinding(rpc: RestRpc): RpcBinding {
  const method = firestoreService.methods[rpc]!;
  method.resolve();
  return {
    handler: HANDLERS[rpc] as Handler,
    requestType: method.resolvedRequestType!,
    responseType: method.resolvedResponseType!,
    streaming: Boolean(method.responseStream),
  };
}
