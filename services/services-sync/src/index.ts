// services-sync: keeps every account's services doc (quantities, effective ratedeck) current and
// syncs dirty accounts with their bookkeepers. Wiring only; the logic lives in @tollgate/services.
import type { RunningService, ServiceDeps } from '@tollgate/service-kit';
import {
  type BookkeeperFactory,
  BookkeeperSelector,
  type NumberSource,
  ServicesStore,
  servicesConfig,
} from '@tollgate/services';
import { findMasterAccountId } from '@tollgate/accounts';
import { numberManagerSource } from '@tollgate/numbers';
import { DocEventListener } from './doc-event-listener';
import { LowBalanceCrawler } from './low-balance-crawler';
import { startLowBalanceMailer } from './low-balance-mailer';
import { PeriodicReconcile } from './periodic-reconcile';
import { ServicesFollower } from './services-follower';
import { SyncLoop } from './sync-loop';

export { SyncLoop } from './sync-loop';
export { DocEventListener, COUNTED_TYPES } from './doc-event-listener';
export { PeriodicReconcile } from './periodic-reconcile';
export { LowBalanceCrawler } from './low-balance-crawler';
export { LOW_BALANCE_MAIL_QUEUE, startLowBalanceMailer } from './low-balance-mailer';
export { DOC_EVENTS_QUEUE } from './doc-event-listener';
export { ServicesFollower } from './services-follower';

export interface ServicesSyncOptions {
  /** The services db (tests use their own). */
  servicesDb?: string;
  numbers?: NumberSource;
  bookkeeperFactory?: BookkeeperFactory;
  /** Coalescing delay for document events, ms. */
  debounceMs?: number;
}

export interface RunningServicesSync extends RunningService {
  loop: SyncLoop;
  store: ServicesStore;
  events: DocEventListener;
  reconciler: PeriodicReconcile;
  lowBalance: LowBalanceCrawler;
}

/** Starts the services-sync service on shared deps; stop() releases what it holds. */
export async function start(deps: ServiceDeps, opts: ServicesSyncOptions = {}): Promise<RunningServicesSync> {
  const store = new ServicesStore({
    couch: deps.couch,
    config: deps.config,
    numbers: opts.numbers ?? numberManagerSource(deps.couch, deps.config),
    masterId: () => findMasterAccountId(deps),
    db: opts.servicesDb,
  });
  // Read once at start so every key is written back with Kazoo's defaults.
  await servicesConfig(deps.config);
  const bookkeepers = new BookkeeperSelector({ couch: deps.couch, config: deps.config, servicesDb: opts.servicesDb, factory: opts.bookkeeperFactory });
  const loop = new SyncLoop({ store, bookkeepers, node: deps.node });
  const events = new DocEventListener(deps.bus, store, opts.debounceMs);
  const reconciler = new PeriodicReconcile(store, (id) => events.reconcileSoon(id));
  const follower = new ServicesFollower(deps.couch.url, (id) => events.reconcileSoon(id), store.db);
  await events.start();
  await reconciler.start();
  await follower.start();
  const lowBalance = new LowBalanceCrawler(deps);
  const mailer = await startLowBalanceMailer(deps);
  lowBalance.start();
  loop.start();
  return {
    name: 'services-sync',
    loop,
    store,
    events,
    reconciler,
    lowBalance,
    stop: async () => {
      await lowBalance.stop();
      await mailer.cancel();
      await loop.stop();
      await follower.stop();
      await reconciler.stop();
      await events.stop();
    },
  };
}
