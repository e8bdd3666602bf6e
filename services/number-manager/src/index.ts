// The number-manager service: releases the numbers of deleted accounts and runs the number
// crawler. The rules live in @tollgate/numbers.
import { docBindingKey } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import { NumberManager } from '@tollgate/numbers';
import { metricsOf, type RunningService, type ServiceDeps } from '@tollgate/service-kit';
import { ACCOUNT_EVENTS_QUEUE } from './config';
import { onAccountDeleted } from './handlers/account-deleted';
import { startCrawler } from './handlers/crawler';
import { numberManagerMetrics } from './metrics';

const log = createLogger('number-manager');

export { ACCOUNT_EVENTS_QUEUE } from './config';

/** Starts the number-manager service on shared deps; stop() releases what it holds. */
export async function start(deps: ServiceDeps): Promise<RunningService> {
  const nm = new NumberManager(deps);
  const metrics = numberManagerMetrics(metricsOf(deps));
  // Loads number_manager (defaults written back) now rather than at the first request.
  await nm.settings();
  const consumer = await deps.bus.consume(
    {
      queue: ACCOUNT_EVENTS_QUEUE,
      bindings: [
        { exchange: 'configuration', routingKey: docBindingKey({ action: 'deleted', type: 'account' }) },
        { exchange: 'configuration', routingKey: docBindingKey({ action: 'edited', type: 'account' }) },
      ],
    },
    (msg) => onAccountDeleted({ nm, log, metrics }, msg),
  );
  const crawler = startCrawler({ nm, log, metrics });
  return {
    name: 'number-manager',
    stop: async () => {
      crawler.stop();
      await consumer.cancel();
    },
  };
}
