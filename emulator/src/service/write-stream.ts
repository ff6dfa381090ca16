import type { FirestoreDatabase } from '../core/database.js';
import { aborted, invalidArgument } from '../core/errors.js';
import { randomBytes } from 'node:crypto';
import { toTimestamp } from '../core/time.js';
import type { WriteRequest__Output } from '../gen/google/firestore/v1/WriteRequest.js';
import type { WriteResponse } from '../gen/google/firestore/v1/WriteResponse.js';
import { commitWrites, parseWrites, toWriteResult } from './commit.js';
import { databaseFor, type CallContext } from './context.js';

export const WriteStep = { AWAITING_HANDSHAKE: 'awaiting-handshake', STREAMING: 'streaming', FAILED: 'failed' } as const;
export type WriteStep = (typeof WriteStep)[keyof typeof WriteStep];

/**
 * One Write stream (web SDK): a handshake that hands out a stream id and token, then one atomic
 * batch per request, answered strictly in order. A failure ends the stream (the client resends the
 * rest on a new one). @see firestore-protocol.md §7
 */
export class WriteSession {
  private step: WriteStep = WriteStep.AWAITING_HANDSHAKE;
  private db: FirestoreDatabase | undefined;
  private readonly streamId = randomBytes(8).toString('hex');
  private counter = 0;
  /** Requests are processed one after another even though commits are asynchronous. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: CallContext) {}

  private token(): Buffer {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(++this.counter));
    return b;
  }

  /** Queues one request; resolves with its response, in request order. */
  handle(req: WriteRequest__Output): Promise<WriteResponse> {
    const run = this.tail.then(async () => {
      // The first failure ends the stream, and the client resends every batch it had pipelined
      // behind that one on a new stream: applying them here as well would apply them twice.
      if (this.step === WriteStep.FAILED) throw aborted('The Write stream has already failed; the batch was not applied.');
      try {
        return await this.process(req);
      } catch (e) {
        this.step = WriteStep.FAILED;
        throw e;
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued request has been answered. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  private async process(req: WriteRequest__Output): Promise<WriteResponse> {
    if (this.step === WriteStep.AWAITING_HANDSHAKE) {
      this.db = databaseFor(this.ctx, req.database);
      if (req.writes?.length) throw invalidArgument('The first Write request must be a handshake without writes.');
      this.step = WriteStep.STREAMING;
      return { streamId: this.streamId, streamToken: this.token() };
    }
    const db = this.db!;
    if (req.database && req.database !== db.id.name) throw invalidArgument('A Write stream serves one database.');
    if (!req.writes?.length) return { streamToken: this.token() };
    const writes = parseWrites(db, req.writes);
    const { outcomes, commitTime } = await commitWrites(this.ctx, db, writes, undefined);
    return { streamToken: this.token(), writeResults: outcomes.map(toWriteResult), commitTime: toTimestamp(commitTime) };
  }
}
