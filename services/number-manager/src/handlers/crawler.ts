// knm_number_crawler on a timer (number_manager `crawler_timer_ms`, live): aging numbers come
// back, old deleted/disconnected/discovery docs go, stale account copies are repaired.
import type { Logger } from '@tollgate/log';
import type { NumberManager } from '@tollgate/numbers';
import { type Repeating, startRepeating } from '@tollgate/service-kit';

export function startCrawler(deps: { nm: NumberManager; log: Logger }): Repeating {
  return startRepeating({
    what: 'number crawl',
    log: deps.log,
    intervalMs: async () => (await deps.nm.settings()).crawlerTimerMs,
    run: async () => {
      const { aged, purged, repaired, failed } = await deps.nm.crawl();
      if (aged.length || purged.length || repaired.length || failed.length) {
        deps.log.info('number crawl', { aged: aged.length, purged: purged.length, repaired: repaired.length, failed: failed.length });
      }
    },
  });
}
