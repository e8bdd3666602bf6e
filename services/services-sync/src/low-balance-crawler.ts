// The low balance pass of Kazoo's notify_account_crawler on a timer: every
// notify.account_crawler `crawl_interval_s` seconds (ours; Kazoo cycles continuously), accounts
// under their threshold get a `low_balance` notification on the bus (libs/services).
import type { SystemConfig } from '@tollgate/config';
import type { Bus } from '@tollgate/kazoo-bus';
import type { Couch } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { type Repeating, startRepeating } from '@tollgate/service-kit';
import { crawlLowBalances } from './low-balance/low-balance-crawl';

const log = createLogger('services-sync');
const DEFAULT_INTERVAL_S = 900;

export class LowBalanceCrawler {
  private repeating: Repeating | undefined;

  constructor(private readonly deps: { couch: Couch; bus: Bus; config: SystemConfig }) {}

  start(): void {
    const { config } = this.deps;
    this.repeating = startRepeating({
      what: 'low balance crawl',
      log,
      intervalMs: async () => 1000 * (await config.getInteger('notify.account_crawler', 'crawl_interval_s', DEFAULT_INTERVAL_S).catch(() => DEFAULT_INTERVAL_S)),
      run: async () => {
        const report = await crawlLowBalances(this.deps);
        if (report.notified.length || report.reset.length) log.info('low balance crawl', { checked: report.checked, notified: report.notified.length, reset: report.reset.length });
      },
    });
  }

  /** No crawl starts any more; resolves once the one in progress has finished. */
  async stop(): Promise<void> {
    this.repeating?.stop();
    await this.repeating?.idle();
  }
}
