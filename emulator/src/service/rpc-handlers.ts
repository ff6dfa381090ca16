import { batchGetDocuments } from './batch-get-documents.js';
import { batchWrite } from './batch-write.js';
import { commit } from './commit.js';
import type { CallContext } from './context.js';
import { getDocument } from './get-document.js';
import { listCollectionIds } from './list-collection-ids.js';
import { listDocuments } from './list-documents.js';
import { partitionQuery } from './partition-query.js';
import { runAggregationQuery } from './run-aggregation-query.js';
import { runQuery } from './run-query.js';
import { createDocument, deleteDocument, updateDocument } from './single-document-writes.js';
import { beginTransaction, rollback } from './transactions.js';

/** A request/response RPC; a server-streaming one returns every message at once. */
export type RpcHandler = (ctx: CallContext, req: never) => Promise<object | object[]>;

/**
 * The non-bidirectional RPCs of google.firestore.v1.Firestore by method name: the one table every
 * transport serves (gRPC, REST). Listen and Write are sessions, not handlers.
 */
export const RPC_HANDLERS = {
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
} satisfies Record<string, RpcHandler>;

export type RpcName = keyof typeof RPC_HANDLERS;
