import type { CommitObserver, FirestoreDatabase } from '../core/database.js';
import { invalidArgument, isFirestoreError, type FirestoreError } from '../core/errors.js';
import { documentsSpec, WatchTarget, type TargetDelta, type TargetSpec } from '../core/listen/watch-target.js';
import { documentName, parseDatabaseName, parseParent } from '../core/paths.js';
import { parseQuery } from '../core/query/query.js';
import type { DocChange } from '../core/store/document.js';
import { toTimestamp, type Nanos } from '../core/time.js';
import type { ListenRequest__Output } from '../gen/google/firestore/v1/ListenRequest.js';
import type { ListenResponse } from '../gen/google/firestore/v1/ListenResponse.js';
import type { Target__Output } from '../gen/google/firestore/v1/Target.js';
import { toWireDocument, type CallContext } from './context.js';
import { authorizeGets, authorizeQuery } from './security/guard.js';

/** Resume tokens are the snapshot's commit time in microseconds, 8 bytes big-endian. */
export function resumeToken(t: Nanos): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(t / 1000n);
  return b;
}

export const ListenStep = { AWAITING_FIRST_REQUEST: 'awaiting-first-request', STREAMING: 'streaming', CLOSED: 'closed' } as const;
export type ListenStep = (typeof ListenStep)[keyof typeof ListenStep];

export interface ListenOptions {
  /** Idle streams get a global snapshot this often (the Admin SDK resets watch after 120 s of silence). */
  readonly heartbeatMs: number;
}

/**
 * One Listen stream, whatever the transport: targets are added and removed by the client, and every
 * commit that touches one of them is pushed as document changes followed by one global snapshot
 * (`targetChange` with no target ids and a read time), which is what makes the clients raise events.
 * @see firestore-protocol.md §6
 */
export class ListenSession implements CommitObserver {
  private step: ListenStep = ListenStep.AWAITING_FIRST_REQUEST;
  private db: FirestoreDatabase | undefined;
  private readonly targets = new Map<number, WatchTarget>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly ctx: CallContext,
    private readonly send: (response: ListenResponse) => void,
    options: ListenOptions = { heartbeatMs: 30_000 },
  ) {
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Handles one client message. @throws FirestoreError for stream-fatal problems (bad database). */
  handle(req: ListenRequest__Output): void {
    if (this.step === ListenStep.CLOSED) return;
    const db = this.ctx.registry.database(parseDatabaseName(req.database));
    if (this.db && this.db !== db) throw invalidArgument('A Listen stream serves one database.');
    this.db = db;
    this.step = ListenStep.STREAMING;
    const change = req.targetChange ?? (req.addTarget ? 'addTarget' : req.removeTarget !== undefined ? 'removeTarget' : undefined);
    if (change === 'addTarget') this.addTarget(db, req.addTarget!);
    else if (change === 'removeTarget') this.removeTarget(db, req.removeTarget ?? 0);
    else throw invalidArgument('ListenRequest must add or remove a target.');
  }

  private addTarget(db: FirestoreDatabase, t: Target__Output): void {
    const id = t.targetId ?? 0;
    let spec: TargetSpec;
    try {
      if (this.targets.has(id)) throw invalidArgument(`Target ID ${id} already exists.`);
      spec = this.parseSpec(db, t);
    } catch (e) {
      if (!isFirestoreError(e)) throw e;
      // Not removeTarget: a duplicate id must not stop the live target that already has it.
      this.send({ targetChange: { targetChangeType: 'REMOVE', targetIds: [id], cause: { code: e.code, message: e.message } } });
      return;
    }
    const target = new WatchTarget(id, spec);
    this.targets.set(id, target);
    db.watch(target, this);
    this.send({ targetChange: { targetChangeType: 'ADD', targetIds: [id] } });
    // A resumed target gets the full current result after a RESET, so documents deleted while the
    // client was away disappear from its cache (firestore-protocol.md §6.3).
    if (t.resumeToken?.length || t.readTime) this.send({ targetChange: { targetChangeType: 'RESET', targetIds: [id] } });
    const docs = target.initial(db.store);
    for (const d of docs) this.send({ documentChange: { document: toWireDocument(db.id, d), targetIds: [id] } });
    const readTime = db.clock.readTime();
    this.send({ targetChange: { targetChangeType: 'CURRENT', targetIds: [id], resumeToken: resumeToken(readTime) } });
    this.global(readTime);
    if (t.once) this.removeTarget(db, id);
  }

  private parseSpec(db: FirestoreDatabase, t: Target__Output): TargetSpec {
    const type = t.targetType ?? (t.query ? 'query' : t.documents ? 'documents' : undefined);
    // Rules decide when a target is added; a denial removes it with PERMISSION_DENIED (§8 of the rules spec).
    if (type === 'documents') {
      const spec = documentsSpec(db.id, t.documents?.documents ?? []);
      authorizeGets(this.ctx, db, spec.kind === 'documents' ? spec.paths : []);
      return spec;
    }
    if (type === 'query') {
      const parent = parseParent(t.query?.parent);
      if (parent.db.name !== db.id.name) throw invalidArgument(`Query parent is not in database ${db.id.name}.`);
      const query = parseQuery(parent, t.query?.structuredQuery);
      authorizeQuery(this.ctx, db, query, t.query?.structuredQuery);
      return { kind: 'query', query };
    }
    throw invalidArgument('Target must be a query or a documents target.');
  }

  /** Stops a target and tells the client; `cause` makes it a failure (e.g. PERMISSION_DENIED). */
  private removeTarget(db: FirestoreDatabase, id: number, cause?: FirestoreError): void {
    const target = this.targets.get(id);
    if (target) {
      db.unwatch(target);
      this.targets.delete(id);
    }
    this.send({
      targetChange: { targetChangeType: 'REMOVE', targetIds: [id], ...(cause && { cause: { code: cause.code, message: cause.message } }) },
    });
  }

  onCommit(time: Nanos, affected: ReadonlyMap<WatchTarget, DocChange[]>): void {
    const db = this.db;
    if (!db || this.step === ListenStep.CLOSED) return;
    let sent = false;
    const readTime = toTimestamp(time);
    for (const [target, changes] of affected) {
      if (!this.stillAllowed(db, target, changes)) {
        sent = true;
        continue;
      }
      for (const delta of target.apply(db.store, changes)) {
        this.send(this.deltaMessage(db, target.id, delta, readTime));
        sent = true;
      }
    }
    if (sent) this.global(time);
  }

  /**
   * Document targets are decided again on every change, against the new state, as the official
   * emulator does: a document that stops being readable (say its owner field changed) ends the
   * target with PERMISSION_DENIED instead of streaming on. Query targets are decided from their
   * constraints, which a commit cannot change.
   */
  private stillAllowed(db: FirestoreDatabase, target: WatchTarget, changes: readonly DocChange[]): boolean {
    if (target.spec.kind !== 'documents') return true;
    try {
      authorizeGets(this.ctx, db, changes.map((c) => c.path));
      return true;
    } catch (e) {
      if (!isFirestoreError(e)) throw e;
      this.removeTarget(db, target.id, e);
      return false;
    }
  }

  private deltaMessage(db: FirestoreDatabase, id: number, d: TargetDelta, readTime: { seconds: string; nanos: number }): ListenResponse {
    if (d.type === 'change') return { documentChange: { document: toWireDocument(db.id, d.doc), targetIds: [id] } };
    const document = documentName(db.id, d.path);
    return d.type === 'delete'
      ? { documentDelete: { document, removedTargetIds: [id], readTime } }
      : { documentRemove: { document, removedTargetIds: [id], readTime } };
  }

  private global(time: Nanos): void {
    this.send({ targetChange: { targetChangeType: 'NO_CHANGE', targetIds: [], readTime: toTimestamp(time), resumeToken: resumeToken(time) } });
  }

  private beat(): void {
    if (this.db && this.targets.size > 0 && this.step === ListenStep.STREAMING) this.global(this.db.clock.readTime());
  }

  /** Ends the session: its targets stop receiving changes. Safe to call twice. */
  close(): void {
    this.step = ListenStep.CLOSED;
    clearInterval(this.heartbeat);
    if (this.db) for (const t of this.targets.values()) this.db.unwatch(t);
    this.targets.clear();
  }
}

