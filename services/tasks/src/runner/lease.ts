// A worker's claim on a running task, held in the task doc itself (pvt_lease_holder /
// pvt_lease_expires) and changed only through CouchDB revisions, so two workers can never both
// hold one task. Every write through a lease first checks the holder is still this worker.
import { gregorianNow } from '@tollgate/kazoo-db';
import type { TaskDoc, TaskStore } from '@tollgate/tasks';

export class LeaseLost extends Error {
  constructor(taskId: string) {
    super(`lease on task ${taskId} was lost to another worker`);
    this.name = 'LeaseLost';
  }
}

export type ClaimOutcome = { claimed: TaskDoc } | { refused: 'not_found' | 'already_started' | 'held' | 'not_executing' };

export interface LeaseOptions {
  holder: string;
  node: string;
  ttlMs: number;
  /** How often the holder renews: recorded with each renewal, so a reader can tell a stale heartbeat. */
  renewMs: number;
  batchSize: number;
}

function heartbeat(opts: LeaseOptions, now = Date.now()): Pick<TaskDoc, 'pvt_lease_expires' | 'pvt_lease_renewed' | 'pvt_lease_renew_ms'> {
  return { pvt_lease_expires: now + opts.ttlMs, pvt_lease_renewed: now, pvt_lease_renew_ms: opts.renewMs };
}

/** pending -> executing with this worker holding it (a start request). */
export async function claimToStart(store: TaskStore, taskId: string, opts: LeaseOptions): Promise<ClaimOutcome> {
  let refused = 'not_found' as 'not_found' | 'already_started' | undefined;
  const doc = await store.update(taskId, (cur) => {
    if (cur.pvt_status !== 'pending') {
      refused = 'already_started';
      return undefined;
    }
    refused = undefined;
    return {
      ...cur,
      pvt_status: 'executing',
      pvt_started_at: gregorianNow(),
      pvt_modified: gregorianNow(),
      pvt_worker_node: opts.node,
      pvt_lease_holder: opts.holder,
      ...heartbeat(opts),
      pvt_committed_rows: 0,
      pvt_batch_size: opts.batchSize,
    };
  });
  if (refused || !doc) return { refused: refused ?? 'not_found' };
  return { claimed: doc };
}

/** An executing task whose lease ran out (or that nobody holds yet) -> this worker. */
export async function claimToResume(store: TaskStore, taskId: string, opts: LeaseOptions): Promise<ClaimOutcome> {
  let refused = 'not_found' as 'not_found' | 'held' | 'not_executing' | undefined;
  const doc = await store.update(taskId, (cur) => {
    if (cur.pvt_status !== 'executing') {
      refused = 'not_executing';
      return undefined;
    }
    if (cur.pvt_lease_holder && (cur.pvt_lease_expires ?? 0) > Date.now()) {
      refused = 'held';
      return undefined;
    }
    refused = undefined;
    return {
      ...cur,
      pvt_started_at: cur.pvt_started_at ?? gregorianNow(),
      pvt_modified: gregorianNow(),
      pvt_worker_node: opts.node,
      pvt_lease_holder: opts.holder,
      ...heartbeat(opts),
      pvt_committed_rows: cur.pvt_committed_rows ?? 0,
      pvt_batch_size: cur.pvt_batch_size ?? opts.batchSize,
    };
  });
  if (refused || !doc) return { refused: refused ?? 'not_found' };
  return { claimed: doc };
}

export class Lease {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  lost = false;
  stopRequested = false;
  doc: TaskDoc;

  constructor(
    private readonly store: TaskStore,
    doc: TaskDoc,
    private readonly opts: LeaseOptions,
  ) {
    this.doc = doc;
  }

  get taskId(): string {
    return this.doc._id;
  }

  /** Applies `change` to the task doc (serialized with renewals), renewing the lease; throws LeaseLost. */
  update(change: (doc: TaskDoc) => Partial<TaskDoc>): Promise<TaskDoc> {
    const run = async () => {
      if (this.lost) throw new LeaseLost(this.taskId);
      let lost = false;
      const saved = await this.store.update(this.taskId, (cur) => {
        if (cur.pvt_lease_holder !== this.opts.holder) {
          lost = true;
          return undefined;
        }
        return { ...cur, ...heartbeat(this.opts), ...change(cur) };
      });
      if (lost || !saved) {
        this.lost = true;
        throw new LeaseLost(this.taskId);
      }
      this.doc = saved;
      if (!this.stopRequested && (await this.store.stopRequested(saved))) this.stopRequested = true;
      return saved;
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Renews every `everyMs` until released; a failed renewal is retried at the next tick. */
  keepAlive(everyMs: number): void {
    this.timer = setInterval(() => {
      this.update(() => ({})).catch(() => undefined);
    }, everyMs);
    this.timer.unref();
  }

  stopRenewing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
