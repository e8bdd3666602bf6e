// Group commit for the CHANNEL_DESTROY queue: deliveries that arrive while a batch is being
// written wait for the next one, so under load each `_bulk_docs` carries many calls, and a lone
// call is written at once (on the next turn of the event loop, with whatever arrived in the same
// turn). Each delivery's promise settles once its batch is written; a batch that fails is tried
// again, with backoff, until it is written or the batcher is stopped — its messages then stay
// unacknowledged and the broker gives them to another consumer.
import { createLogger } from '@tollgate/log';

const log = createLogger('charging');

const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;

export interface BatcherOptions<T> {
  /** At most this many items per batch. */
  maxBatch: number;
  /** Writes one batch; a throw means "try the same batch again". */
  run: (items: T[]) => Promise<void>;
}

interface Pending<T> {
  item: T;
  done: () => void;
}

export class Batcher<T> {
  private queue: Pending<T>[] = [];
  private running = false;
  private scheduled = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: BatcherOptions<T>) {}

  /** Resolves once the item's batch is written (never rejects; pending forever once stopped). */
  push(item: T): Promise<void> {
    return new Promise<void>((done) => {
      this.queue.push({ item, done });
      this.schedule();
    });
  }

  /** No new batch starts; a failing one stops retrying. Resolves once the batch in progress has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (this.running) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  private schedule(): void {
    if (this.running || this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const batch = this.queue.splice(0, this.opts.maxBatch);
        if (await this.runUntilWritten(batch)) for (const p of batch) p.done();
      }
    } finally {
      this.running = false;
      for (const r of this.idleWaiters.splice(0)) r();
    }
  }

  private async runUntilWritten(batch: Pending<T>[]): Promise<boolean> {
    let delay = MIN_RETRY_MS;
    for (;;) {
      try {
        await this.opts.run(batch.map((p) => p.item));
        return true;
      } catch (err) {
        if (this.stopped) return false;
        log.error('a batch of finished calls could not be written; trying again', { calls: batch.length, retryInMs: delay, error: err instanceof Error ? err.message : String(err) });
        await new Promise<void>((r) => {
          const t = setTimeout(r, delay);
          this.wake = () => {
            clearTimeout(t);
            r();
          };
        });
        this.wake = undefined;
        if (this.stopped) return false;
        delay = Math.min(MAX_RETRY_MS, delay * 2);
      }
    }
  }
}
