// Charging finished calls (Kazoo's j5_channel_destroy and cdr_channel_destroy in one consumer):
// the CHANNEL_DESTROY queue, its batches, the rate lookups over the bus and the low balance check
// after each batch's debits. Wiring only; what a call costs and what is written is @tollgate/calls'.
import { LowBalanceWatch } from '@tollgate/accounts';
import { type Allotment, AllotmentUsage, readAllotments, startChargeSettings } from '@tollgate/calls';
import type { Couch } from '@tollgate/kazoo-db';
import { CALL_EVENT_EXCHANGE, CHANNEL_DESTROY_BINDING, docBindingKey, type KazooMessage } from '@tollgate/kazoo-bus';
import { BalanceCache, startLedgerSettings } from '@tollgate/ledger';
import { createLogger } from '@tollgate/log';
import { ReportCacheWarmer } from '@tollgate/reports';
import { metricsOf, type ServiceDeps } from '@tollgate/service-kit';
import { CHANNEL_DESTROY_BATCH, CHANNEL_DESTROY_BATCHES_AT_ONCE, CHANNEL_DESTROY_PREFETCH, CHANNEL_DESTROY_QUEUE, CHANNEL_DESTROY_QUEUE_EXPIRY_MS, channelDestroyHandler } from './handlers/channel-destroy';
import { accountOfDocEvent } from './handlers/active-calls-feed';
import { accountFacts } from './handlers/channel-destroy-accounts';
import { chargeBatch } from './handlers/channel-destroy-batch';
import { Batcher } from './handlers/channel-destroy-batcher';
import { didRates } from './handlers/channel-destroy-did-rates';
import { LowBalanceAfterDebits } from './handlers/channel-destroy-low-balance';
import { busRateLookup, type RateLookup } from './handlers/channel-destroy-rates';

const log = createLogger('charging');

/** How long an account's allotments (limits doc, package) are trusted once read. */
export const ALLOTMENTS_KEEP_MS = 10_000;

/**
 * An account's allotments (limits doc, package), read at most once per ALLOTMENTS_KEEP_MS and
 * dropped at once when the account's `limits` doc event comes; a failed read is not kept.
 */
function cachedAllotments(couch: Couch, now: () => number = Date.now): { get(accountId: string): Promise<Allotment[]>; invalidate(accountId: string): void } {
  const known = new Map<string, { at: number; allotments: Promise<Allotment[]> }>();
  return {
    get: (accountId) => {
      const hit = known.get(accountId);
      if (hit && now() - hit.at < ALLOTMENTS_KEEP_MS) return hit.allotments;
      const entry = { at: now(), allotments: readAllotments(couch, accountId) };
      known.set(accountId, entry);
      entry.allotments.catch(() => {
        if (known.get(accountId) === entry) known.delete(accountId);
      });
      return entry.allotments;
    },
    invalidate: (accountId) => known.delete(accountId),
  };
}

export interface ChargingOptions {
  /** How calls' rates are asked (default: rating over the bus, `rate.number`). */
  rates?: RateLookup;
  /** The reports' cache of a month CDRs were written into is refreshed this long after, ms (default 10 s). */
  reportCacheDelayMs?: number;
  /** Told each time a month's report cache was refreshed. */
  onReportCacheRefreshed?: (db: string) => void;
}

export interface RunningCharging {
  /** Balances as charging sees them (moved by its own debits): share it with what authorizes calls. */
  balances: BalanceCache;
  stop(): Promise<void>;
}

export async function startCharging(deps: ServiceDeps, opts: ChargingOptions = {}): Promise<RunningCharging> {
  const settings = await startChargeSettings(deps.config);
  const ledger = await startLedgerSettings(deps.config);
  const maxAgeMs = () => settings.current.balanceCacheMaxAgeS * 1000;
  const balances = new BalanceCache({ couch: deps.couch, maxAgeMs });
  const lowBalance = new LowBalanceAfterDebits(balances, new LowBalanceWatch({ couch: deps.couch, bus: deps.bus, config: deps.config, ledger }, { maxAgeMs }));
  const allotments = cachedAllotments(deps.couch);
  // The reports read a month's calls from its cache: kept current here, so that the first report reads it too.
  const reportCaches = new ReportCacheWarmer({ couch: deps.couch, delayMs: opts.reportCacheDelayMs, onRefreshed: opts.onReportCacheRefreshed });
  const batchDeps = {
    couch: deps.couch,
    bus: deps.bus,
    config: deps.config,
    node: deps.node,
    settings: () => settings.current,
    rates: opts.rates ?? busRateLookup(deps.bus),
    accounts: accountFacts(deps),
    didRates: didRates(deps.couch),
    allotments: new AllotmentUsage({ couch: deps.couch, allotmentsOf: allotments.get }),
    cdrsWritten: (dbs: ReadonlySet<string>) => reportCaches.written(dbs),
  };
  const m = metricsOf(deps);
  const label = { service: 'charging' };
  const destroyed = m.counter('tollgate_charging_events_total', 'CHANNEL_DESTROY events charged (in batches)').labels(label);
  const debits = m.counter('tollgate_charging_debits_total', 'per-minute ledger entries written (debits of finished calls)').labels(label);
  const duplicates = m.counter('tollgate_charging_duplicates_ignored_total', 'finished calls whose ledger entry already existed (a redelivery): nothing charged twice').labels(label);
  const cdrs = m.counter('tollgate_charging_cdrs_total', 'CDRs written').labels(label);
  const batchFailures = m.counter('tollgate_charging_batch_failures_total', 'batches that failed (their events are retried)').labels(label);
  const batcher = new Batcher<KazooMessage>({
    maxBatch: CHANNEL_DESTROY_BATCH,
    maxConcurrent: CHANNEL_DESTROY_BATCHES_AT_ONCE,
    run: async (events) => {
      const recorded = await chargeBatch(batchDeps, events).catch((err: unknown) => {
        batchFailures.inc();
        throw err;
      });
      destroyed.inc(events.length);
      debits.inc(recorded.ledgersWritten);
      duplicates.inc(recorded.ledgersExisting);
      cdrs.inc(recorded.cdrsWritten);
      lowBalance.add(recorded.debited);
      log.debug('finished calls charged', { calls: events.length, ledgers: recorded.ledgersWritten, already: recorded.ledgersExisting, cdrs: recorded.cdrsWritten });
    },
  });
  const consumer = await deps.bus.consume(
    {
      queue: CHANNEL_DESTROY_QUEUE,
      prefetch: CHANNEL_DESTROY_PREFETCH,
      arguments: { 'x-expires': CHANNEL_DESTROY_QUEUE_EXPIRY_MS },
      bindings: [{ exchange: CALL_EVENT_EXCHANGE, routingKey: CHANNEL_DESTROY_BINDING }],
    },
    channelDestroyHandler(batcher),
  ).catch(async (err: unknown) => {
    settings.stop();
    ledger.stop();
    throw err;
  });
  // A reseller's change to an account's allotments applies to the next call, not after the cache's age.
  const limitsEvents = await deps.bus
    .consume({ noAck: true, bindings: [{ exchange: 'configuration', routingKey: docBindingKey({ type: 'limits' }) }] }, (msg: KazooMessage) => {
      const accountId = accountOfDocEvent(msg);
      if (accountId) allotments.invalidate(accountId);
    })
    .catch(async (err: unknown) => {
      await consumer.cancel();
      settings.stop();
      ledger.stop();
      throw err;
    });
  log.info('charging finished calls from callevt call.CHANNEL_DESTROY.*', { queue: CHANNEL_DESTROY_QUEUE });
  return {
    balances,
    stop: async () => {
      await consumer.cancel();
      await limitsEvents.cancel();
      await batcher.stop();
      await reportCaches.stop();
      await lowBalance.idle();
      settings.stop();
      ledger.stop();
    },
  };
}
