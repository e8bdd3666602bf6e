// The low balance pass of Kazoo's notify_account_crawler on a timer: every
// notify.account_crawler `crawl_interval_s` seconds (ours; Kazoo cycles continuously), accounts
// under their threshold get a `low_balance` notification on the bus (libs/services).
import type { SystemConfig } from '@tollgate/config';
import type { Bus } from '@tollgate/kazoo-bus';
import type { Couch } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { crawlLowBalances, type LowBalanceReport } from '@tollgate/services';

const log = createLogger('services-sync');
const DEFAULT_INTERVAL_S = 900;

export class LowBalanceCrawler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: { couch: Couch; bus: Bus; config: SystemConfig }) {}

  start(): void {
    this.stopped = false;
    void this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass now (also what the timer runs). */
  crawl(): Promise<LowBalanceReport> {
    const pass = crawlLowBalances(this.deps);
    this.running = pass.catch(() => undefined);
    return pass;
  }

  private async schedule(): Promise<void> {
    const seconds = await this.deps.config.getInteger('notify.account_crawler', 'crawl_interval_s', DEFAULT_INTERVAL_S).catch(() => DEFAULT_INTERVAL_S);
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      try {
        const report = await this.crawl();
        if (report.notified.length || report.reset.length) log.info('low balance crawl', { checked: report.checked, notified: report.notified.length, reset: report.reset.length });
      } catch (err) {
        log.warn('low balance crawl failed; the next one tries again', { error: (err as Error).message });
      }
      await this.schedule();
    }, seconds * 1000);
    this.timer.unref();
  }
}
