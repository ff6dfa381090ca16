import { invalidArgument, notFound, unimplemented } from '../../core/errors.js';
import type { RestRpc } from './rest-rpcs.js';

/**
 * Which RPC a REST request is (firestore-protocol.md §5.1) and the request fields its URL carries.
 * `body` says where the JSON body goes: the whole request, one field of it, or nowhere.
 */
export interface RestRoute {
  readonly rpc: RestRpc;
  readonly fromUrl: Record<string, string>;
  readonly body: 'request' | 'document' | 'none';
}

/** Custom methods on `{database}/documents`, with the request field the database name fills. */
const DATABASE_VERBS: Record<string, RestRpc> = {
  commit: 'Commit',
  batchGet: 'BatchGetDocuments',
  beginTransaction: 'BeginTransaction',
  rollback: 'Rollback',
  batchWrite: 'BatchWrite',
};
/** Custom methods on a parent (`…/documents` or a document), whose `parent` field the URL fills. */
const PARENT_VERBS: Record<string, RestRpc> = {
  runQuery: 'RunQuery',
  runAggregationQuery: 'RunAggregationQuery',
  partitionQuery: 'PartitionQuery',
  listCollectionIds: 'ListCollectionIds',
};
/**
 * RPCs the API maps to REST that the emulator does not serve there (STYLE.md §8.2 item 9): Listen
 * and Write are bidirectional streams (WebChannel and gRPC carry them), ExecutePipeline is not built.
 */
const UNSERVED_VERBS: Record<string, string> = {
  listen: 'Listen is not implemented by the emulator over REST: it is a bidirectional stream (use gRPC or WebChannel).',
  write: 'Write is not implemented by the emulator over REST: it is a bidirectional stream (use gRPC or WebChannel).',
  executePipeline: 'ExecutePipeline is not implemented by the emulator.',
};

/**
 * Routes `method path` under `/v1/`. Returns undefined for paths outside `/v1/`.
 * @throws UNIMPLEMENTED for RPCs of the API the emulator does not serve over REST (named),
 *   NOT_FOUND for URLs that name no RPC
 */
export function restRoute(method: string, path: string): RestRoute | undefined {
  if (!path.startsWith('/v1/')) return undefined;
  const noRoute = () => notFound(`No REST route for ${method} ${path}.`);
  // server.ts has checked that the whole path decodes.
  const segments = path.slice('/v1/'.length).split('/').map((s) => decodeURIComponent(s));
  // Verbs follow the last segment (`…/documents:commit`); only POST has them, so a GET of a
  // document whose id contains ':' still reads that document.
  let verb: string | undefined;
  const last = segments[segments.length - 1]!;
  if (method === 'POST' && last.includes(':')) {
    verb = last.slice(last.lastIndexOf(':') + 1);
    segments[segments.length - 1] = last.slice(0, last.lastIndexOf(':'));
  }
  if (segments[0] !== 'projects' || !segments[1] || segments[2] !== 'databases') throw noRoute();
  if (!segments[3] || segments[4] !== 'documents')
    throw unimplemented(`The Firestore Admin API (${method} ${path}) is not implemented by the emulator.`);
  const database = segments.slice(0, 4).join('/');
  const rest = segments.slice(5);
  if (rest.some((s) => s === '')) throw invalidArgument(`Empty path segment in ${path}.`);
  const documentsPath = ['documents', ...rest].join('/');
  const name = `${database}/${documentsPath}`;
  const even = rest.length % 2 === 0;

  if (verb !== undefined) {
    if (UNSERVED_VERBS[verb] && rest.length === 0) throw unimplemented(UNSERVED_VERBS[verb]);
    if (DATABASE_VERBS[verb] && rest.length === 0) return { rpc: DATABASE_VERBS[verb], fromUrl: { database }, body: 'request' };
    if (PARENT_VERBS[verb] && even) return { rpc: PARENT_VERBS[verb], fromUrl: { parent: name }, body: 'request' };
    throw noRoute();
  }
  if (rest.length === 0) throw noRoute();
  const parentAndCollection = () => ({ parent: [database, 'documents', ...rest.slice(0, -1)].join('/'), collectionId: rest[rest.length - 1]! });
  switch (method) {
    case 'GET':
      return even
        ? { rpc: 'GetDocument', fromUrl: { name }, body: 'none' }
        : { rpc: 'ListDocuments', fromUrl: parentAndCollection(), body: 'none' };
    case 'POST':
      if (!even) return { rpc: 'CreateDocument', fromUrl: parentAndCollection(), body: 'document' };
      break;
    case 'PATCH':
      if (even) return { rpc: 'UpdateDocument', fromUrl: { 'document.name': name }, body: 'document' };
      break;
    case 'DELETE':
      if (even) return { rpc: 'DeleteDocument', fromUrl: { name }, body: 'none' };
      break;
  }
  throw noRoute();
}
