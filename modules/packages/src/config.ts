// system_config `packages`: how the package decks are kept current. Every key once here with its
// default (written back), followed live (LiveSettings).
import { LiveSettings, type SystemConfig } from '@tollgate/config';

export const PACKAGES_CONFIG = 'packages';

export interface PackagesSettings {
  /** ms between scans of every reseller's packages (hand edits in CouchDB; REST edits are announced). */
  scanIntervalMs: number;
  /** Base rates read and derived per `_changes` batch. */
  deriveBatchSize: number;
}

export async function loadPackagesSettings(config: SystemConfig): Promise<PackagesSettings> {
  return {
    scanIntervalMs: Math.max(100, await config.getInteger(PACKAGES_CONFIG, 'scan_interval_ms', 10_000)),
    deriveBatchSize: Math.min(10_000, Math.max(1, await config.getInteger(PACKAGES_CONFIG, 'derive_batch_size', 5000))),
  };
}

export function startPackagesSettings(config: SystemConfig): Promise<LiveSettings<PackagesSettings>> {
  return LiveSettings.start(config, [PACKAGES_CONFIG], loadPackagesSettings);
}
