// knm_number_crawler on a timer: aging numbers come back, old deleted/disconnected/discovery docs go.
import type { SystemConfig } from '@tollgate/config';
import type { Bus } from '@tollgate/kazoo-bus';
import type { Couch } from '@tollgate/kazoo-db';
import type { Logger } from '@tollgate/log';
import { crawlNumbers } from '@tollgate/numbers';
import { crawlerTimerMs } from '../config';

export interface Crawler {
  stop(): void;
}

export function startCrawler(deps: { couch: Couch; bus: Bus; config: SystemConfig; log: Logger }): Crawler {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = async () => {
    if (stopped) return;
    timer = setTimeout(tick, await crawlerTimerMs(deps.config).catch(() => 86_400_000));
    timer.unref();
  };
  const tick = async () => {
    try {
      const report = await crawlNumbers(deps);
      const { aged, purged, repaired, failed } = report;
      if (aged.length || purged.length || repaired.length || failed.length) {
        deps.log.info('number crawl', { aged: aged.length, purged: purged.length, repaired: repaired.length, failed: failed.length });
      }
    } catch (err) {
      deps.log.warn('number crawl failed; the next one tries again', { error: (err as Error).message });
    }
    await schedule();
  };
  void schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
