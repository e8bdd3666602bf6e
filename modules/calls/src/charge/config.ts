// The system_config keys of charging finished calls: Kazoo's `cdr` category (which CDRs are kept)
// and the `jonny5` keys charging reads, each read here once with its default (written back) and
// followed live (LiveSettings).
import { LiveSettings, type SystemConfig } from '@tollgate/config';

const CDR_CONFIG = 'cdr';
const JONNY5_CONFIG = 'jonny5';

export interface CdrSettings {
  /** cdr `ignore_apps`: no CDR for channels of these applications. */
  ignoreApps: readonly string[];
  /** cdr `ignore_loopback_bowout`: no CDR for a loopback leg that bowed out. */
  ignoreLoopbackBowout: boolean;
  /** cdr `store_anonymous`: keep CDRs of calls of no account in `anonymous_cdrs`. */
  storeAnonymous: boolean;
}

export interface ChargeSettings {
  cdr: CdrSettings;
  /** jonny5 `balance_cache_max_age_s` (ours): how long a balance (and a low balance threshold) charging holds is trusted. */
  balanceCacheMaxAgeS: number;
}

export async function loadChargeSettings(config: SystemConfig): Promise<ChargeSettings> {
  return {
    cdr: {
      ignoreApps: await config.getStringList(CDR_CONFIG, 'ignore_apps', ['milliwatt']),
      ignoreLoopbackBowout: await config.getBoolean(CDR_CONFIG, 'ignore_loopback_bowout', true),
      storeAnonymous: await config.getBoolean(CDR_CONFIG, 'store_anonymous', false),
    },
    balanceCacheMaxAgeS: Math.max(0, await config.getInteger(JONNY5_CONFIG, 'balance_cache_max_age_s', 30)),
  };
}

/** The current settings, reloaded after every change to `cdr` or `jonny5`. */
export function startChargeSettings(config: SystemConfig): Promise<LiveSettings<ChargeSettings>> {
  return LiveSettings.start(config, [CDR_CONFIG, JONNY5_CONFIG], loadChargeSettings);
}
