// system_config `services`: the keys services code reads, with Kazoo's defaults (written back on
// first read, so admins find every knob in Fauxton).
import type { SystemConfig } from '@tollgate/config';
import { DEFAULT_MERGE_PRIORITIES, type MergePriorities } from './plan/merge-plans';

export const SERVICES_CONFIG = 'services';

export interface ServicesConfig {
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
}

export const SERVICES_DEFAULTS = {
  sync_services: false,
  scan_rate: 20000,
  sync_buffer_period: 600,
  master_account_bookkeeper: 'kz_bookkeeper_local',
  reseller_bookkeeper_lookup: false,
  support_billing_id: true,
  merge_strategy_priority: DEFAULT_MERGE_PRIORITIES,
  reconcile_interval_s: 3600,
  sync_lock_s: 300,
  sync_retry_base_s: 30,
  sync_max_backoff_s: 3600,
} as const;

export async function servicesConfig(config: SystemConfig): Promise<ServicesConfig> {
  const c = SERVICES_CONFIG;
  const d = SERVICES_DEFAULTS;
  return {
    syncServices: await config.getBoolean(c, 'sync_services', d.sync_services),
    scanRateMs: Math.max(100, await config.getInteger(c, 'scan_rate', d.scan_rate)),
    syncBufferPeriodS: Math.max(0, await config.getInteger(c, 'sync_buffer_period', d.sync_buffer_period)),
    masterAccountBookkeeper: await config.getString(c, 'master_account_bookkeeper', d.master_account_bookkeeper),
    resellerBookkeeperLookup: await config.getBoolean(c, 'reseller_bookkeeper_lookup', d.reseller_bookkeeper_lookup),
    supportBillingId: await config.getBoolean(c, 'support_billing_id', d.support_billing_id),
    mergeStrategyPriority: (await config.getObject(c, 'merge_strategy_priority', { ...d.merge_strategy_priority })) as MergePriorities,
    reconcileIntervalS: Math.max(1, await config.getInteger(c, 'reconcile_interval_s', d.reconcile_interval_s)),
    syncLockS: Math.max(1, await config.getInteger(c, 'sync_lock_s', d.sync_lock_s)),
    syncRetryBaseS: Math.max(0, await config.getNumber(c, 'sync_retry_base_s', d.sync_retry_base_s)),
    syncMaxBackoffS: Math.max(1, await config.getInteger(c, 'sync_max_backoff_s', d.sync_max_backoff_s)),
  };
}
