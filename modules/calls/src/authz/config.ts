// The system_config `jonny5` keys of call authorization, each read here once with its default
// (written back) and followed live. Limits defaults are limits/limit-defaults.ts'; how long a
// balance is trusted is charge/config.ts' `balance_cache_max_age_s` (one key for both halves).
import { LiveSettings, type SystemConfig } from '@tollgate/config';
import { DEFAULT_FLAT_RATE_NUMBERS, type FlatRateNumbers } from './authorize-call';

const JONNY5 = 'jonny5';
const ECALLMGR = 'ecallmgr';

export interface AuthzSettings {
  /** `active_call_max_age_s` (Tollgate's): a call with no CHANNEL_DESTROY is forgotten this long after its authorization. */
  activeCallMaxAgeS: number;
  /** `flat_rate_whitelist` / `flat_rate_blacklist` (j5_flat_rate's keys): the numbers trunks may carry. */
  flatRate: FlatRateNumbers;
  /**
   * ecallmgr `authz_local_resources` (Kazoo's key, default false): a call that arrives without an
   * account, to a knm_local number, is held to its account's limits too (else let through).
   */
  authzLocalResources: boolean;
}

export const DEFAULT_ACTIVE_CALL_MAX_AGE_S = 4 * 3600;

export async function loadAuthzSettings(config: SystemConfig): Promise<AuthzSettings> {
  return {
    activeCallMaxAgeS: Math.max(60, await config.getInteger(JONNY5, 'active_call_max_age_s', DEFAULT_ACTIVE_CALL_MAX_AGE_S)),
    flatRate: {
      whitelist: await config.getString(JONNY5, 'flat_rate_whitelist', DEFAULT_FLAT_RATE_NUMBERS.whitelist),
      blacklist: await config.getString(JONNY5, 'flat_rate_blacklist', DEFAULT_FLAT_RATE_NUMBERS.blacklist),
    },
    authzLocalResources: await config.getBoolean(ECALLMGR, 'authz_local_resources', false),
  };
}

export function startAuthzSettings(config: SystemConfig): Promise<LiveSettings<AuthzSettings>> {
  return LiveSettings.start(config, [JONNY5, ECALLMGR], loadAuthzSettings);
}
