// The low balance pass of Kazoo's notify_account_crawler on a timer: every
// notify.account_crawler `crawl_interval_s` seconds (ours; Kazoo cycles continuously), accounts
// under their threshold get a `low_balance` notification on the bus.
import { createLogger } from '@tollgate/log';
import { type Repeating, startRepeating } from '@tollgate/service-kit';
import { crawlLowBalances, type LowBalanceDeps } from './low-balance/low-balance-crawl';

const log = createLogger('services-sync');

export class LowBalanceCrawler {
  private repeating: Repeating | undefined;

  constructor(private readonly deps: LowBalanceDeps) {}

  start(): void {
    this.repeating = startRepeating({
      what: 'low balance crawl',
      log,
      intervalMs: async () => 1000 * this.deps.ledger.current.crawlIntervalS,
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
