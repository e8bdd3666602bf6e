// Keeps the report caches of the months CDRs were just written into current, a little after the
// writes (a busy month is refreshed once per `delayMs`, not once per batch), one month at a time.
// The charging service tells it which MODBs it wrote CDRs into. Best effort: a failed refresh is
// logged and the next report reads what the cache lacks from the db.
import type { Couch } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { refreshCallCache } from './call-cache';

const log = createLogger('reports');

export interface ReportCacheWarmerOptions {
  couch: Couch;
  /** How long after the first write a month is refreshed, ms. */
  delayMs?: number;
  /** Told after each refresh (tests wait on it). */
  onRefreshed?: (db: string) => void;
}

export class ReportCacheWarmer {
  private readonly due = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly opts: ReportCacheWarmerOptions) {}

  /** CDRs were written into these MODBs. */
  written(dbs: Iterable<string>): void {
    if (this.stopped) return;
    for (const db of dbs) this.due.add(db);
    if (this.due.size > 0 && !this.timer && !this.running) this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.refreshDue().finally(() => {
        this.running = undefined;
        if (this.due.size > 0 && !this.stopped) this.schedule();
      });
    }, this.opts.delayMs ?? 10_000);
    this.timer.unref();
  }

  private async refreshDue(): Promise<void> {
    const dbs = [...this.due];
    this.due.clear();
    for (const db of dbs) {
      if (this.stopped) return;
      try {
        await refreshCallCache(this.opts.couch, db);
        this.opts.onRefreshed?.(db);
      } catch (err) {
        log.warn('report cache not refreshed', { db, error: (err as Error).message });
      }
    }
  }

  /** Stops scheduling; waits for a refresh under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
