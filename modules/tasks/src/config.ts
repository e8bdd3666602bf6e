// system_config `tasks` (Kazoo's kz_tasks category, with Tollgate's worker keys): every key, one
// line each with its default (written back), loaded into one snapshot and loaded again whenever
// the category changes, so a change reaches running workers without a restart.
import { LiveSettings, type SystemConfig } from '@tollgate/config';

export const TASKS_CONFIG = 'tasks';

export interface TasksSettings {
  /** `lease_ttl_ms`: how long a worker's claim on a running task lasts without renewal. */
  leaseTtlMs: number;
  /** `lease_renew_ms`: how often the worker renews it (at most half the TTL). */
  leaseRenewMs: number;
  /** `takeover_scan_ms`: how often each instance looks for running tasks whose worker has gone. */
  takeoverScanMs: number;
  /** `bulk_batch_size`: rows per committed batch (one _bulk_docs per ratedeck, one progress save). */
  batchSize: number;
}

export async function loadTasksSettings(config: SystemConfig): Promise<TasksSettings> {
  const leaseTtlMs = Math.max(1000, await config.getInteger(TASKS_CONFIG, 'lease_ttl_ms', 15_000));
  return {
    leaseTtlMs,
    leaseRenewMs: Math.max(100, Math.min(await config.getInteger(TASKS_CONFIG, 'lease_renew_ms', 3_000), Math.floor(leaseTtlMs / 2))),
    takeoverScanMs: Math.max(100, await config.getInteger(TASKS_CONFIG, 'takeover_scan_ms', 5_000)),
    batchSize: Math.max(1, Math.min(await config.getInteger(TASKS_CONFIG, 'bulk_batch_size', 1_000), 10_000)),
  };
}

/** The current settings, loaded again after every change to `tasks`. */
export function startTasksSettings(config: SystemConfig): Promise<LiveSettings<TasksSettings>> {
  return LiveSettings.start(config, [TASKS_CONFIG], loadTasksSettings);
}
