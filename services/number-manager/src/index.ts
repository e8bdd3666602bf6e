import { docBindingKey } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import { NumberManager } from '@tollgate/numbers';
import type { RunningService, ServiceDeps } from '@tollgate/service-kit';
import { ACCOUNT_EVENTS_QUEUE } from './config';
import { onAccountDeleted } from './handlers/account-deleted';
import { startCrawler } from './handlers/crawler';

const log = createLogger('number-manager');

/** Starts the number-manager service on shared deps; stop() releases what it holds. */
export { ACCOUNT_EVENTS_QUEUE } from './config';

export async function start(deps: ServiceDeps): Promise<RunningService> {
  const nm = new NumberManager(deps);
  const consumer = await deps.bus.consume(
    {
      queue: ACCOUNT_EVENTS_QUEUE,
      bindings: [
        { exchange: 'configuration', routingKey: docBindingKey({ action: 'deleted', type: 'account' }) },
        { exchange: 'configuration', routingKey: docBindingKey({ action: 'edited', type: 'account' }) },
      ],
    },
    (msg) => onAccountDeleted({ couch: deps.couch, nm, log }, msg),
  );
  const crawler = startCrawler({ ...deps, log });
  return {
    name: 'number-manager',
    stop: async () => {
      crawler.stop();
      await consumer.cancel();
    },
  };
}
