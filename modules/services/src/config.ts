// system_config `services` (kz_services' keys, Kazoo's defaults) and `braintree` (the system's
// gateway credentials): every key the services module reads, each once here with its default
// (written back, so admins find every knob in Fauxton), read again whenever either category
// changes (LiveSettings). Code reads `settings.current` and never system_config directly.
import { LiveSettings, type SystemConfig } from '@tollgate/config';
import { DEFAULT_MERGE_PRIORITIES, type MergePriorities } from './plan/merge-plans';

export const SERVICES_CONFIG = 'services';
const BRAINTREE_CONFIG = 'braintree';

/** system_config `braintree` as stored (names as Kazoo's); a bookkeeper is made only when the keys are filled in. */
export interface BraintreeConfigValues {
  merchant_id: string;
  public_key: string;
  private_key: string;
  environment: string;
  host?: unknown;
  port?: unknown;
  ssl?: unknown;
}

export interface ServicesSettings {
  /** Run the sync loop at all (Kazoo default false). */
  syncServices: boolean;
  /** How often to look for dirty accounts, ms. */
  scanRateMs: number;
  /** Seconds an account must be quiet after its last change before it is synced. */
  syncBufferPeriodS: number;
  masterAccountBookkeeper: string;
  resellerBookkeeperLookup: boolean;
  /** Follow billing_id to the account that pays (Kazoo's support_billing_id). */
  supportBillingId: boolean;
  mergeStrategyPriority: MergePriorities;
  /** Seconds between reconciles of every account (catches hand edits the bus never told of). */
  reconcileIntervalS: number;
  /** Seconds a claimed account stays locked to its sync worker. */
  syncLockS: number;
  /** First wait before a failed account is tried again, seconds (doubles per failure). */
  syncRetryBaseS: number;
  /** Longest wait before a failed account is tried again, seconds. */
  syncMaxBackoffS: number;
  braintree: BraintreeConfigValues;
}

export async function loadServicesSettings(config: SystemConfig): Promise<ServicesSettings> {
  const c = SERVICES_CONFIG;
  const b = BRAINTREE_CONFIG;
  return {
    syncServices: await config.getBoolean(c, 'sync_services', false),
    scanRateMs: Math.max(100, await config.getInteger(c, 'scan_rate', 20000)),
    syncBufferPeriodS: Math.max(0, await config.getInteger(c, 'sync_buffer_period', 600)),
    masterAccountBookkeeper: await config.getString(c, 'master_account_bookkeeper', 'kz_bookkeeper_local'),
    resellerBookkeeperLookup: await config.getBoolean(c, 'reseller_bookkeeper_lookup', false),
    supportBillingId: await config.getBoolean(c, 'support_billing_id', true),
    mergeStrategyPriority: (await config.getObject(c, 'merge_strategy_priority', { ...DEFAULT_MERGE_PRIORITIES })) as MergePriorities,
    reconcileIntervalS: Math.max(1, await config.getInteger(c, 'reconcile_interval_s', 3600)),
    syncLockS: Math.max(1, await config.getInteger(c, 'sync_lock_s', 300)),
    syncRetryBaseS: Math.max(0, await config.getNumber(c, 'sync_retry_base_s', 30)),
    syncMaxBackoffS: Math.max(1, await config.getInteger(c, 'sync_max_backoff_s', 3600)),
    braintree: {
      merchant_id: await config.getString(b, 'merchant_id', ''),
      public_key: await config.getString(b, 'public_key', ''),
      private_key: await config.getString(b, 'private_key', ''),
      environment: await config.getString(b, 'environment', 'sandbox'),
      host: await config.get(b, 'host'),
      port: await config.get(b, 'port'),
      ssl: await config.get(b, 'ssl'),
    },
  };
}

/** The current settings, reloaded after every change to `services` or `braintree`. */
export function startServicesSettings(config: SystemConfig): Promise<LiveSettings<ServicesSettings>> {
  return LiveSettings.start(config, [SERVICES_CONFIG, BRAINTREE_CONFIG], loadServicesSettings);
}
