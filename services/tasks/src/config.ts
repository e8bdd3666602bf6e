// system_config `tasks`: the keys this service reads, with their defaults (written back on first read).
import type { SystemConfig } from '@tollgate/config';

export const TASKS_CONFIG = 'tasks';

export const tasksDefaults = {
  /** How long a worker's claim on a running task lasts without renewal. */
  lease_ttl_ms: 15_000,
  /** How often the worker renews it. */
  lease_renew_ms: 3_000,
  /** How often each instance looks for running tasks whose worker has gone. */
  takeover_scan_ms: 5_000,
  /** Rows per committed batch (one _bulk_docs per ratedeck, one progress save). */
  bulk_batch_size: 1_000,
};

export interface TasksSettings {
  leaseTtlMs: number;
  leaseRenewMs: number;
  takeoverScanMs: number;
  batchSize: number;
}

export async function readTasksSettings(config: SystemConfig): Promise<TasksSettings> {
  const [leaseTtlMs, leaseRenewMs, takeoverScanMs, batchSize] = await Promise.all([
    config.getInteger(TASKS_CONFIG, 'lease_ttl_ms', tasksDefaults.lease_ttl_ms),
    config.getInteger(TASKS_CONFIG, 'lease_renew_ms', tasksDefaults.lease_renew_ms),
    config.getInteger(TASKS_CONFIG, 'takeover_scan_ms', tasksDefaults.takeover_scan_ms),
    config.getInteger(TASKS_CONFIG, 'bulk_batch_size', tasksDefaults.bulk_batch_size),
  ]);
  return {
    leaseTtlMs: Math.max(1000, leaseTtlMs),
    leaseRenewMs: Math.max(100, Math.min(leaseRenewMs, Math.floor(leaseTtlMs / 2))),
    takeoverScanMs: Math.max(100, takeoverScanMs),
    batchSize: Math.max(1, Math.min(batchSize, 10_000)),
  };
}
