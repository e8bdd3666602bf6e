// The system_config key the ratedecks module owns: hotornot `default_ratedeck`, the deck of every
// account that neither it nor its reseller has one for. Rating's hotornot settings take it from
// loadRatedeckSettings, so the key has one reader with one default.
import type { SystemConfig } from '@tollgate/config';
import { type Couch, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { DEFAULT_RATEDECK } from './domain/ratedeck-names';

export const HOTORNOT = 'hotornot';
const DEFAULT_RATEDECK_KEY = 'default_ratedeck';

export interface RatedeckSettings {
  /** A deck named as Kazoo keeps it (`ratedeck`, `ratedeck/bulk` or just `bulk`). */
  defaultRatedeck: string;
}

export async function loadRatedeckSettings(config: SystemConfig): Promise<RatedeckSettings> {
  return { defaultRatedeck: await config.getString(HOTORNOT, DEFAULT_RATEDECK_KEY, DEFAULT_RATEDECK) };
}

/**
 * The same key read now from the stored category, nothing written back: for the ownership checks,
 * whose callers (task creation, a task's rows) hold a Couch but no SystemConfig.
 */
export async function configuredDefaultRatedeck(couch: Couch): Promise<string> {
  const doc = await couch.get<{ _id: string; default?: Record<string, unknown> }>(GLOBAL_DBS.systemConfig, HOTORNOT);
  const value = doc?.default?.[DEFAULT_RATEDECK_KEY];
  return typeof value === 'string' && value !== '' ? value : DEFAULT_RATEDECK;
}
