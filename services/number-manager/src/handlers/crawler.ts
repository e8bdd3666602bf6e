// knm_number_crawler on a timer: aging numbers come back, old deleted/disconnected/discovery docs go.
import type { SystemConfig } from '@tollgate/config';
import type { Bus } from '@tollgate/kazoo-bus';
import type { Couch } from '@tollgate/kazoo-db';
import type { Logger } from '@tollgate/log';
import { crawlNumbers } from '@tollgate/numbers';
import { type Repeating, startRepeating } from '@tollgate/service-kit';
import { crawlerTimerMs } from '../config';

export function startCrawler(deps: { couch: Couch; bus: Bus; config: SystemConfig; log: Logger }): Repeating {
  return startRepeating({
    what: 'number crawl',
    log: deps.log,
    intervalMs: () => crawlerTimerMs(deps.config).catch(() => 86_400_000),
    run: async () => {
      const { aged, purged, repaired, failed } = await crawlNumbers(deps);
      if (aged.length || purged.length || repaired.length || failed.length) {
        deps.log.info('number crawl', { aged: aged.length, purged: purged.length, repaired: repaired.length, failed: failed.length });
      }
    },
  });
}
