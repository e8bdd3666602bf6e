// system_config `number_manager` (Kazoo's ?KNM_CONFIG_CAT): every key the number manager reads, one
// line each with its default (written back, so admins find every knob in Fauxton), loaded into one
// snapshot and loaded again whenever the category changes (LiveSettings). Other packages that need
// a number_manager key (rating's converters and classifiers, services' billable carriers) read it
// from here.
import { sharedLiveSettings, type SystemConfig } from '@tollgate/config';
import { type Classifier, classifiersFromConfig, DEFAULT_CLASSIFIERS, defaultClassifiers } from './domain/classifiers';
import { carrierModuleName, DEFAULT_CARRIER_BILLABLE } from './domain/carrier-billing';
import { DEFAULT_E164_CONVERTERS, DEFAULT_RECONCILE_REGEX, type E164Converters, type NormalizeOptions } from './domain/e164';
import type { ReleaseSettings } from './domain/lifecycle';

export const NUMBER_MANAGER_CATEGORY = 'number_manager';
const CAT = NUMBER_MANAGER_CATEGORY;

export interface NumbersSettings {
  /** `classifiers`, in order (first match names the number's class). */
  classifiers: Classifier[];
  /** `e164_converters`: regex → prefix/suffix. */
  e164Converters: E164Converters;
  /** `reconcile_regex`: a normalised number matching it is one the system keeps. */
  reconcileRegex: string;
  /** `default_country`: ISO country for national formats no converter knows; unset by default. */
  defaultCountry?: string;
  /** `is_number_billable`: carrier module → whether its numbers are billed. */
  isNumberBillable: Record<string, boolean>;
  /** `carrier_modules`: carriers searched for numbers not in the system yet. */
  carrierModules: string[];
  /** `maximum_search_quantity`: cap on a search's quantity. */
  maximumSearchQuantity: number;
  /** `maximum_collection_size`: most numbers one /collection request may name. */
  maximumCollectionSize: number;
  /** `released_state`, `should_age`, `should_permanently_delete`. */
  release: ReleaseSettings;
  /** `aging_expiry_d`, `deleted_expiry_d`, `disconnected_expiry_d`, `discovery_expiry_d` (days). */
  expiryDays: { aging: number; deleted: number; disconnected: number; discovery: number };
  /** `crawler_timer_ms`: how often the crawler runs. */
  crawlerTimerMs: number;
  /** `unauthorized_numbers_lookup`: searches without a token (read, never written back). */
  unauthorizedNumbersLookup: boolean;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function readClassifiers(config: SystemConfig): Promise<Classifier[]> {
  const list = classifiersFromConfig(await config.get<unknown>(CAT, 'classifiers', structuredClone(DEFAULT_CLASSIFIERS)));
  return list.length > 0 ? list : defaultClassifiers();
}

async function readReleaseSettings(config: SystemConfig): Promise<ReleaseSettings> {
  const released = await config.getString(CAT, 'released_state', 'available');
  return {
    releasedState: released === 'released' ? 'released' : 'available',
    shouldAge: await config.getBoolean(CAT, 'should_age', false),
    shouldPermanentlyDelete: await config.getBoolean(CAT, 'should_permanently_delete', false),
  };
}

/**
 * Read without writing a default back: the question is asked by anonymous requests, and a refused
 * request writes nothing.
 */
async function readUnauthorizedLookup(config: SystemConfig): Promise<boolean> {
  const value = config.lookup(await config.category(CAT), 'unauthorized_numbers_lookup');
  return value === true || value === 'true';
}

export async function loadNumbersSettings(config: SystemConfig): Promise<NumbersSettings> {
  return {
    classifiers: await readClassifiers(config),
    e164Converters: await config.getObject<E164Converters>(CAT, 'e164_converters', structuredClone(DEFAULT_E164_CONVERTERS)),
    reconcileRegex: await config.getString(CAT, 'reconcile_regex', DEFAULT_RECONCILE_REGEX),
    defaultCountry: optionalText(await config.get(CAT, 'default_country')),
    isNumberBillable: await config.getObject<Record<string, boolean>>(CAT, 'is_number_billable', { ...DEFAULT_CARRIER_BILLABLE }),
    carrierModules: await config.getStringList(CAT, 'carrier_modules', ['knm_local']),
    maximumSearchQuantity: Math.max(1, await config.getInteger(CAT, 'maximum_search_quantity', 500)),
    maximumCollectionSize: Math.max(1, await config.getInteger(CAT, 'maximum_collection_size', 100)),
    release: await readReleaseSettings(config),
    expiryDays: {
      aging: await config.getInteger(CAT, 'aging_expiry_d', 90),
      deleted: await config.getInteger(CAT, 'deleted_expiry_d', 90),
      disconnected: await config.getInteger(CAT, 'disconnected_expiry_d', 90),
      discovery: await config.getInteger(CAT, 'discovery_expiry_d', 90),
    },
    crawlerTimerMs: Math.max(1000, await config.getInteger(CAT, 'crawler_timer_ms', 86_400_000)),
    unauthorizedNumbersLookup: await readUnauthorizedLookup(config),
  };
}

/**
 * The number_manager settings of this SystemConfig, loaded on first use and then followed through
 * `_changes`; every caller in the process shares the one snapshot.
 */
export const numbersSettings = sharedLiveSettings([CAT], loadNumbersSettings);

/** The options normalizeNumber takes, from the settings. */
export function normalizeOptionsOf(settings: NumbersSettings): NormalizeOptions {
  return {
    converters: settings.e164Converters,
    reconcileRegex: settings.reconcileRegex,
    ...(settings.defaultCountry ? { defaultCountry: settings.defaultCountry } : {}),
  };
}

/**
 * `is_number_billable.<carrier>` for one carrier. Carrier names are open-ended (another system's
 * `knm_bandwidth2`), so a carrier the snapshot does not list gets its default, written back the
 * first time it is asked about (it is in the snapshot from the next reload on).
 */
export async function carrierBillable(config: SystemConfig, settings: NumbersSettings, carrier: string): Promise<boolean> {
  const mod = carrierModuleName(carrier);
  const known = settings.isNumberBillable[mod];
  if (typeof known === 'boolean') return known;
  return config.getBoolean(CAT, ['is_number_billable', mod], DEFAULT_CARRIER_BILLABLE[mod] ?? true);
}
