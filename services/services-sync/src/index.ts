// services-sync: keeps every account's services doc (quantities, effective ratedeck) current and
// syncs dirty accounts with their bookkeepers. Wiring only; the logic lives in @tollgate/services
// and @tollgate/ledger.
import { findMasterAccountId } from '@tollgate/accounts';
import { startLedgerSettings } from '@tollgate/ledger';
import { numberManagerSource } from '@tollgate/numbers';
import { PackageDecks } from '@tollgate/packages';
import { metricsOf, type RunningService, type ServiceDeps } from '@tollgate/service-kit';
import { type BookkeeperFactory, BookkeeperSelector, type NumberSource, ServicesStore } from '@tollgate/services';
import { DocEventListener } from './doc-event-listener';
import { LowBalanceCrawler } from './low-balance-crawler';
import { startLowBalanceMailer } from './low-balance-mailer';
import { PeriodicReconcile } from './periodic-reconcile';
import { ServicesFollower } from './services-follower';
import { SyncLoop } from './sync-loop';

export { SyncLoop } from './sync-loop';
export { DocEventListener, COUNTED_TYPES, DOC_EVENTS_QUEUE } from './doc-event-listener';
export { PeriodicReconcile } from './periodic-reconcile';
export { LowBalanceCrawler } from './low-balance-crawler';
export { LOW_BALANCE_MAIL_QUEUE, startLowBalanceMailer } from './low-balance-mailer';
export { crawlLowBalances, type LowBalanceReport } from './low-balance/low-balance-crawl';
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
  /** Every package's derived ratedeck, kept current from its base deck (@tollgate/packages). */
  packageDecks: PackageDecks;
}

/** Starts the services-sync service on shared deps; stop() releases what it holds. */
export async function start(deps: ServiceDeps, opts: ServicesSyncOptions = {}): Promise<RunningServicesSync> {
  // Opening the store loads its settings, which writes every `services` key back with Kazoo's defaults.
  const store = await ServicesStore.open({
    couch: deps.couch,
    bus: deps.bus,
    config: deps.config,
    numbers: opts.numbers ?? numberManagerSource(deps.couch, deps.config),
    masterId: () => findMasterAccountId(deps),
    db: opts.servicesDb,
  });
  const ledger = await startLedgerSettings(deps.config);
  const m = metricsOf(deps);
  const bookkeeperCalls = m.counter('tollgate_sync_bookkeeper_calls_total', 'calls to a bookkeeper (local, braintree), per call and result (ok, failed)', ['bookkeeper', 'call', 'result']);
  const bookkeepers = new BookkeeperSelector({
    store,
    factory: opts.bookkeeperFactory,
    observe: (bookkeeper, call, ok) => bookkeeperCalls.inc({ service: 'services-sync', bookkeeper, call, result: ok ? 'ok' : 'failed' }),
  });
  const syncs = m.counter('tollgate_sync_accounts_total', 'accounts synced with their bookkeeper, per outcome (synced, failed, no_plans, cancelled, …)', ['result']);
  const scans = m.counter('tollgate_sync_runs_total', 'sync loop scans run');
  const loop = new SyncLoop({ store, bookkeepers, node: deps.node }, {
    scanned: (outcomes) => {
      scans.inc({ service: 'services-sync' });
      for (const o of outcomes) syncs.inc({ service: 'services-sync', result: o.result });
    },
  });
  const events = new DocEventListener(deps.bus, store, opts.debounceMs);
  const reconciler = new PeriodicReconcile(store, (id) => events.reconcileSoon(id));
  const follower = new ServicesFollower(deps.couch.url, (id) => events.reconcileSoon(id), store.db);
  await events.start();
  await reconciler.start();
  await follower.start();
  const packageDecks = new PackageDecks({ couch: deps.couch, bus: deps.bus, config: deps.config, store, masterId: () => findMasterAccountId(deps) });
  await packageDecks.start();
  const lowBalanceDeps = { couch: deps.couch, bus: deps.bus, config: deps.config, ledger };
  const lowBalance = new LowBalanceCrawler(lowBalanceDeps);
  const mailer = await startLowBalanceMailer(lowBalanceDeps);
  lowBalance.start();
  loop.start();
  return {
    name: 'services-sync',
    loop,
    store,
    events,
    reconciler,
    lowBalance,
    packageDecks,
    stop: async () => {
      await packageDecks.stop();
      await lowBalance.stop();
      await mailer.cancel();
      await loop.stop();
      await follower.stop();
      await reconciler.stop();
      await events.stop();
      ledger.stop();
      store.close();
    },
  };
}
