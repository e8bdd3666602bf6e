// Kazoo's kz_service_sync loop: every scan_rate ms, take the dirty accounts that have been quiet
// for sync_buffer_period seconds, claim each through its revision (so two instances never bill one
// account twice) and sync it with its bookkeeper. A failure is recorded on the account with a
// backoff and the loop goes on to the next one.
import { gregorianNow } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { type SyncDeps, type SyncOutcome, syncClaimed } from '@tollgate/services';

const log = createLogger('services-sync');

/** How many dirty accounts one scan looks at. */
const BATCH = 50;

export class SyncLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Set by stop(): a scan in progress finishes the account it is on and goes no further. */
  private stopping = false;
  /** Scans finished since start (timed ones; scanOnce called directly is not counted). */
  private finished = 0;

  constructor(
    private readonly deps: SyncDeps,
    /** Told after each timed scan what happened to each account (services-sync's metrics). */
    private readonly hooks: { scanned?: (outcomes: SyncOutcome[]) => void } = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, ms);
  }

  private async tick(): Promise<void> {
    const settings = this.deps.store.settings.current;
    try {
      if (settings.syncServices) {
        // Scanned first: an optional call with no hook would skip evaluating its argument.
        const outcomes = await this.scanOnce();
        this.hooks.scanned?.(outcomes);
      }
    } catch (err) {
      log.error('services sync scan failed', { error: (err as Error).message });
    }
    this.finished++;
    this.schedule(this.deps.store.settings.current.scanRateMs);
  }

  /** How many timed scans have finished: a later count proves every earlier change had its chance. */
  get scansFinished(): number {
    return this.finished;
  }

  /** One scan: syncs every dirty account that is due; returns what happened to each. */
  async scanOnce(): Promise<SyncOutcome[]> {
    const { store, node } = this.deps;
    const settings = store.settings.current;
    const now = gregorianNow();
    const outcomes: SyncOutcome[] = [];
    for (const doc of await store.dirtyAccounts(now - settings.syncBufferPeriodS, BATCH)) {
      if (this.stopping) break;
      if ((doc.pvt_sync_retry_at ?? 0) > now) continue;
      const claimed = await store.claim(doc, node, settings.syncLockS);
      if (!claimed) continue;
      outcomes.push(await syncClaimed(this.deps, claimed));
    }
    return outcomes;
  }
}
