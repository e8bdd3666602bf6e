// The number manager's Prometheus series: numbers released when accounts are deleted, and the
// crawler's runs and what each did (aged back to available, purged, repaired, failed).
import type { Metrics } from '@tollgate/service-kit';

const SERVICE = 'number-manager';

export interface NumberManagerMetrics {
  released(count: number, failed: number): void;
  crawled(result: { aged: number; purged: number; repaired: number; failed: number }): void;
  crawlFailed(): void;
}

export function numberManagerMetrics(m: Metrics): NumberManagerMetrics {
  const releases = m.counter('tollgate_numbers_released_total', 'numbers of deleted accounts released, per result (released, failed)', ['result']);
  const crawls = m.counter('tollgate_number_crawls_total', 'number crawler runs, per result (ok, failed)', ['result']);
  const crawled = m.counter('tollgate_number_crawl_numbers_total', 'numbers the crawler acted on, per action (aged, purged, repaired, failed)', ['action']);
  return {
    released: (count, failed) => {
      releases.inc({ service: SERVICE, result: 'released' }, count);
      releases.inc({ service: SERVICE, result: 'failed' }, failed);
    },
    crawled: (r) => {
      crawls.inc({ service: SERVICE, result: 'ok' });
      for (const action of ['aged', 'purged', 'repaired', 'failed'] as const) crawled.inc({ service: SERVICE, action }, r[action]);
    },
    crawlFailed: () => crawls.inc({ service: SERVICE, result: 'failed' }),
  };
}
