// system_config `hotornot` (hotornot_config.erl): every key rating reads, with Kazoo's defaults,
// read once into a snapshot (defaults written back, so admins find them in Fauxton) and read again
// whenever the category changes (LiveSettings). The hot path only ever looks at the snapshot.
import { LiveSettings, type SystemConfig } from '@tollgate/config';
import { isPlainObject } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import { classifierTable, loadNumbersSettings, NUMBER_MANAGER_CATEGORY } from '@tollgate/numbers';
import { HOTORNOT, loadRatedeckSettings } from '@tollgate/ratedecks';
import { decimalText } from './domain/rate-record';
import type { RateDefaults } from './domain/rate-response';

const log = createLogger('rating');

export const NUMBER_MANAGER = NUMBER_MANAGER_CATEGORY;

const DEFAULT_FILTER_LIST = ['direction', 'route_options', 'routes'];

export interface HotornotSettings extends RateDefaults {
  /** A deck name as Kazoo keeps it (`ratedeck`, `ratedeck/bulk` or just `bulk`). */
  defaultRatedeck: string;
  filterList: string[];
  sortByWeight: boolean;
  /** Unset in Kazoo's defaults: the `version` filter then keeps rates without a rate_version. */
  rateVersion?: string;
  /** Unset in Kazoo's defaults: mobile calls then get no rate. */
  mobileRate?: Record<string, unknown>;
  filterByResourceId: boolean;
  shouldPublishSystemAlert: { both: boolean; inbound: boolean; outbound: boolean };
  /** How often the list of ratedeck dbs is read to notice new and removed decks. */
  ratedeckScanMs: number;
  /** Docs per `_all_docs` page when a deck is indexed. */
  indexPageSize: number;
  /** A deck with at least this many rates is kept in a local snapshot file for fast restarts. */
  indexSnapshotMinRates: number;
  /** How often a snapshot is written again while its deck changes. */
  indexSnapshotIntervalS: number;
  /** How long a request waits for a deck that is still being indexed (for instance just imported). */
  deckWaitMs: number;
  /** How long an account's `limits` doc (Discount-Percentage) is cached. */
  limitsCacheSeconds: number;
  /** number_manager `e164_converters`, `reconcile_regex` and `classifiers`, from @tollgate/numbers's loader. */
  e164Converters?: Record<string, { prefix?: string; suffix?: string }>;
  reconcileRegex?: string;
  classifiers?: unknown;
}

async function decimalSetting(config: SystemConfig, key: string, dflt: number): Promise<string> {
  const value = await config.get<unknown>(HOTORNOT, key, dflt);
  const text = decimalText(value);
  if (text === undefined) {
    log.warn(`system_config hotornot ${key} should be a number >= 0; using ${dflt}`, { value });
    return String(dflt);
  }
  return text;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

export async function loadHotornotSettings(config: SystemConfig): Promise<HotornotSettings> {
  const alerts = await config.getObject(HOTORNOT, 'should_publish_system_alert', { both: true, inbound: true, outbound: true });
  const mobile = await config.get(HOTORNOT, 'mobile_rate');
  const numbers = await loadNumbersSettings(config);
  return {
    defaultRateMinimum: await config.getInteger(HOTORNOT, 'default_rate_minimum', 60),
    defaultRateIncrement: await config.getInteger(HOTORNOT, 'default_rate_increment', 60),
    defaultRateNochargeTime: await config.getInteger(HOTORNOT, 'default_rate_nocharge_time', 0),
    defaultRateSurcharge: await decimalSetting(config, 'default_rate_surcharge', 0.0),
    defaultRateCost: await decimalSetting(config, 'default_rate_cost', 0.0),
    defaultRateInternalCost: await decimalSetting(config, 'default_rate_internal_cost', 0.0),
    defaultRatedeck: (await loadRatedeckSettings(config)).defaultRatedeck,
    filterList: await config.getStringList(HOTORNOT, 'filter_list', DEFAULT_FILTER_LIST),
    sortByWeight: await config.getBoolean(HOTORNOT, 'sort_by_weight', true),
    rateVersion: optionalText(await config.get(HOTORNOT, 'rate_version')),
    mobileRate: isPlainObject(mobile) ? mobile : undefined,
    filterByResourceId: await config.getBoolean(HOTORNOT, 'filter_by_resource_id', false),
    shouldPublishSystemAlert: {
      both: alerts.both !== false,
      inbound: alerts.inbound !== false,
      outbound: alerts.outbound !== false,
    },
    ratedeckScanMs: Math.max(100, await config.getInteger(HOTORNOT, 'ratedeck_scan_ms', 1000)),
    indexPageSize: Math.max(100, await config.getInteger(HOTORNOT, 'index_page_size', 5000)),
    indexSnapshotMinRates: Math.max(0, await config.getInteger(HOTORNOT, 'index_snapshot_min_rates', 10_000)),
    indexSnapshotIntervalS: Math.max(10, await config.getInteger(HOTORNOT, 'index_snapshot_interval_s', 300)),
    deckWaitMs: Math.max(0, await config.getInteger(HOTORNOT, 'deck_wait_ms', 2000)),
    limitsCacheSeconds: Math.max(0, await config.getInteger(HOTORNOT, 'limits_cache_s', 300)),
    e164Converters: numbers.e164Converters,
    reconcileRegex: numbers.reconcileRegex,
    classifiers: classifierTable(numbers.classifiers),
  };
}

/** The current settings, reloaded after every change to `hotornot` or `number_manager`. */
export function startHotornotSettings(config: SystemConfig): Promise<LiveSettings<HotornotSettings>> {
  return LiveSettings.start(config, [HOTORNOT, NUMBER_MANAGER], loadHotornotSettings);
}
