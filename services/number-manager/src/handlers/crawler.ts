// knm_number_crawler on a timer (number_manager `crawler_timer_ms`, live): aging numbers come
// back, old deleted/disconnected/discovery docs go, stale account copies are repaired.
import type { Logger } from '@tollgate/log';
import type { NumberManager } from '@tollgate/numbers';
import { type Repeating, startRepeating } from '@tollgate/service-kit';
import type { NumberManagerMetrics } from '../metrics';

export function startCrawler(deps: { nm: NumberManager; log: Logger; metrics: NumberManagerMetrics }): Repeating {
  return startRepeating({
    what: 'number crawl',
    log: deps.log,
    intervalMs: async () => (await deps.nm.settings()).crawlerTimerMs,
    run: async () => {
      let crawl: Awaited<ReturnType<NumberManager['crawl']>>;
      try {
        crawl = await deps.nm.crawl();
      } catch (err) {
        deps.metrics.crawlFailed();
        throw err;
      }
      const { aged, purged, repaired, failed } = crawl;
      deps.metrics.crawled({ aged: aged.length, purged: purged.length, repaired: repaired.length, failed: failed.length });
      if (aged.length || purged.length || repaired.length || failed.length) {
        deps.log.info('number crawl', { aged: aged.length, purged: purged.length, repaired: repaired.length, failed: failed.length });
      }
    },
  });
}
