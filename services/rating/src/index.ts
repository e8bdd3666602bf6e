// The rating service (Kazoo's hotornot): wiring only.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShowRateFollower } from '@tollgate/accounts';
import { RATE_NUMBER_ROUTING_KEY, RATE_NUMBERS_ROUTING_KEY, RATE_REQ_ROUTING_KEY } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import { classifiersFromConfig, defaultClassifiers } from '@tollgate/numbers';
import { type Metrics, metricsOf, type RunningService, type ServiceDeps } from '@tollgate/service-kit';
import { ServicesView } from '@tollgate/services';
import { type HotornotSettings, startHotornotSettings } from './config';
import { RATE_NUMBER_QUEUE, RATE_NUMBER_TTL_MS, rateNumberHandler } from './handlers/rate-number-handler';
import { RATE_NUMBERS_QUEUE, RATE_NUMBERS_TTL_MS, rateNumbersHandler } from './handlers/rate-numbers-handler';
import { type RateReqMetrics, rateReqHandler } from './handlers/rate-req-handler';
import { Rater } from './rater';
import { Discounts } from './store/discounts';
import { freshServicesLookup } from './store/fresh-services';
import { ratedeckOwner } from './store/ratedeck-owners';
import { Ratedecks } from './store/ratedecks';

// What bench/rating drives directly (the index, the rater and the handler without the service around them).
export { type RateReqMetrics, rateReqHandler } from './handlers/rate-req-handler';
export { buildFilters } from './domain/rate-filters';
export { selectRate } from './domain/select-rate';
export { DeckIndex } from './deck/deck-index';
export { Rater } from './rater';
export { type HotornotSettings, loadHotornotSettings } from './config';
export { RATE_NUMBER_QUEUE } from './handlers/rate-number-handler';
export { RATE_NUMBERS_QUEUE } from './handlers/rate-numbers-handler';

const log = createLogger('rating');

/** The shared queue every rating instance consumes rate_req from (hotornot_listener), so they share the load. */
export const RATE_REQ_QUEUE = 'hotornot_listener';
/**
 * A rate_req waiting longer than this on the work queue (every rating instance away) is dropped:
 * the softswitch has given up on it by then.
 */
const RATE_REQ_TTL_MS = 5000;
/** How long ready() waits by default. */
const READY_WAIT_MS = 10_000;

/** rate_req counters and latency (hot: a request adds to plain numbers, Prometheus reads them when it scrapes). */
export function rateReqMetrics(metrics: Metrics): RateReqMetrics {
  const label = { service: 'rating' };
  return {
    handled: metrics.hotCounter('tollgate_rating_rate_req_total', 'rate_req taken off the queue and handled', label),
    noRate: metrics.hotCounter('tollgate_rating_no_rate_total', 'rate_req for which no rate was found', label),
    invalid: metrics.hotCounter('tollgate_rating_rate_req_invalid_total', 'rate_req dropped unanswered: invalid, no Server-ID or no usable To-DID', label),
    latency: metrics.hotHistogram('tollgate_rating_rate_req_duration_seconds', 'time from taking a rate_req to its rate_resp sent', label),
  };
}

export interface RatingOptions {
  /** Where big decks keep their index snapshots (default: $TOLLGATE_DATA_DIR/rating-snapshots, else the OS temp dir). */
  snapshotDir?: string;
}

function defaultSnapshotDir(): string {
  const dataDir = process.env.TOLLGATE_DATA_DIR;
  return dataDir ? join(dataDir, 'rating-snapshots') : join(tmpdir(), 'tollgate-rating-snapshots');
}

export interface RatingService extends RunningService {
  rater: Rater;
  decks: Ratedecks;
  settings: () => HotornotSettings;
  /** Resolves when every deck known now is indexed, or after `ms`. */
  ready(ms?: number): Promise<void>;
}

/**
 * Resolves once rating answers: every ratedeck that exists at start is indexed before a rate_req
 * or rate.number is taken off its queue (they wait there meanwhile), so none is answered "no rate"
 * for want of an index.
 */
export async function start(deps: ServiceDeps, opts: RatingOptions = {}): Promise<RatingService> {
  const { couch, bus, config } = deps;
  let answering = false;
  let decksNow: Ratedecks | undefined;
  deps.readiness?.set('rating', () =>
    answering ? { ready: true } : { ready: false, detail: decksNow?.readiness().detail ?? 'starting' },
  );
  const holder = await startHotornotSettings(config);
  const settings = () => holder.current;
  const stops: (() => Promise<void> | void)[] = [() => holder.stop()];
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch((err) => log.warn('rating stop step failed', { error: String(err) }));
  };
  try {
    const services = new ServicesView(couch);
    await services.start();
    stops.push(() => services.stop());
    const showRate = new ShowRateFollower(couch);
    await showRate.start();
    stops.push(() => showRate.stop());

    const metrics = metricsOf(deps);
    const label = { service: 'rating' };
    const indexBuild = metrics.histogram('tollgate_rating_index_build_seconds', 'time to index a ratedeck (or restore it from its snapshot) until it serves', ['ratedeck', 'restored'], [0.01, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300]);
    const deckRates = metrics.gauge('tollgate_rating_ratedeck_rates', 'rates in the index of each ratedeck', ['ratedeck']);
    const deckPrefixes = metrics.gauge('tollgate_rating_ratedeck_prefixes', 'prefixes in the index of each ratedeck', ['ratedeck']);
    const activeVersion = metrics.gauge('tollgate_rating_ratedeck_active_version', 'the version each ratedeck rates with (0: its own db), as its ratedeck_versions pointer says', ['ratedeck']);
    const decks = new Ratedecks({
      onIndexed: (ratedeck, seconds, restored) => indexBuild.observe({ ...label, ratedeck, restored: String(restored) }, seconds),
      couch,
      scanIntervalMs: () => settings().ratedeckScanMs,
      pageSize: () => settings().indexPageSize,
      snapshots: {
        dir: opts.snapshotDir ?? defaultSnapshotDir(),
        minRates: () => settings().indexSnapshotMinRates,
        intervalMs: () => settings().indexSnapshotIntervalS * 1000,
      },
    });
    decksNow = decks;
    await decks.start();
    stops.push(() => decks.stop());
    // Deck sizes are read when Prometheus scrapes, not kept up to date on every change.
    stops.push(
      metrics.onScrape(() => {
        for (const d of decks.list()) {
          deckRates.set({ ...label, ratedeck: d.ratedeckId }, d.rates ?? 0);
          deckPrefixes.set({ ...label, ratedeck: d.ratedeckId }, d.prefixes ?? 0);
          if (d.activeVersion !== undefined) activeVersion.set({ ...label, ratedeck: d.ratedeckId }, d.activeVersion);
        }
      }),
    );
    await decks.allServed();

    let classifiersSource: unknown;
    let classifiers = defaultClassifiers();
    const currentClassifiers = () => {
      const value = settings().classifiers;
      if (value !== classifiersSource) {
        classifiersSource = value;
        const list = classifiersFromConfig(value);
        classifiers = list.length > 0 ? list : defaultClassifiers();
      }
      return classifiers;
    };
    const discounts = new Discounts(couch, () => settings().limitsCacheSeconds * 1000, currentClassifiers);
    const rater = new Rater({ settings, decks, services: (id) => services.get(id) });

    const rateReqs = await bus.consume(
      { queue: RATE_REQ_QUEUE, messageTtlMs: RATE_REQ_TTL_MS, bindings: [{ exchange: 'callmgr', routingKey: RATE_REQ_ROUTING_KEY }] },
      rateReqHandler({
        bus,
        rater,
        settings,
        showRate: (id) => showRate.showsRate(id),
        discount: (id, e164) => discounts.percentage(id, e164),
        metrics: rateReqMetrics(metrics),
      }),
    );
    stops.push(() => rateReqs.cancel());
    const numberDeps = {
      bus,
      rater,
      settings,
      servicesFor: (id: string | undefined, fresh: boolean) => (fresh ? freshServicesLookup(services, id) : Promise.resolve((account: string) => services.get(account))),
      ownerOf: (deck: string) => ratedeckOwner(couch, deck),
    };
    const numberReqs = await bus.consume(
      { queue: RATE_NUMBER_QUEUE, messageTtlMs: RATE_NUMBER_TTL_MS, bindings: [{ exchange: 'callmgr', routingKey: RATE_NUMBER_ROUTING_KEY }] },
      rateNumberHandler(numberDeps),
    );
    stops.push(() => numberReqs.cancel());
    const numbersReqs = await bus.consume(
      { queue: RATE_NUMBERS_QUEUE, messageTtlMs: RATE_NUMBERS_TTL_MS, bindings: [{ exchange: 'callmgr', routingKey: RATE_NUMBERS_ROUTING_KEY }] },
      rateNumbersHandler(numberDeps),
    );
    stops.push(() => numbersReqs.cancel());
    answering = true;
    log.info('rating answers rate_req on callmgr rate.req', { queue: RATE_REQ_QUEUE, decks: decks.list() });
    return {
      name: 'rating',
      rater,
      decks,
      settings,
      ready: (ms = READY_WAIT_MS) => decks.ready(ms),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
