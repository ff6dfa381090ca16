import { invalidArgument } from '../core/errors.js';
import type { PartitionQueryRequest__Output } from '../gen/google/firestore/v1/PartitionQueryRequest.js';
import type { PartitionQueryResponse } from '../gen/google/firestore/v1/PartitionQueryResponse.js';
import type { CallContext } from './context.js';
import { queryTarget } from './run-query.js';

/**
 * PartitionQuery (CollectionGroup.getPartitions): validates the request like RunQuery and answers
 * with no split points, which the clients read as "one partition: the whole query". An in-memory
 * store has no reason to split a scan.
 */
export async function partitionQuery(ctx: CallContext, req: PartitionQueryRequest__Output): Promise<PartitionQueryResponse> {
  queryTarget(ctx, req.parent, req.structuredQuery);
  const count = req.partitionCount === undefined ? 0 : Number(req.partitionCount);
  if (!Number.isInteger(count) || count < 0) throw invalidArgument('partition_count must not be negative.');
  if (req.pageSize !== undefined && req.pageSize < 0) throw invalidArgument('page_size must not be negative.');
  return { partitions: [], nextPageToken: '' };
}
