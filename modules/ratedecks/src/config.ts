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

/** system_config category of ratedeck versions (staging, activation, retention, dry runs). */
export const RATEDECK_VERSIONS_CONFIG = 'tollgate.ratedeck_versions';

export interface RatedeckVersionSettings {
  /** How many version dbs a deck keeps (the active and previous always among them). */
  keptVersions: number;
  /** A dry run flags a cost that rises to >= this many times the old one, or falls to <= its inverse. */
  priceMoveFactor: number;
  /** How many rates of each kind a dry run shows. */
  sampleSize: number;
}

export async function loadRatedeckVersionSettings(config: SystemConfig): Promise<RatedeckVersionSettings> {
  const kept = await config.getInteger(RATEDECK_VERSIONS_CONFIG, 'kept_versions', 3);
  const factor = await config.getNumber(RATEDECK_VERSIONS_CONFIG, 'price_move_factor', 10);
  const sample = await config.getInteger(RATEDECK_VERSIONS_CONFIG, 'diff_sample_size', 10);
  return {
    keptVersions: Math.max(2, kept),
    priceMoveFactor: factor > 1 ? factor : 10,
    sampleSize: Math.min(1000, Math.max(0, sample)),
  };
}
