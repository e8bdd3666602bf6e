// system_config keys the accounts module reads, in Kazoo's categories (`accounts`, read by
// kzd_accounts and kapps_util; `crossbar.accounts`, read by cb_accounts), one line per key with its
// default. Defaults are written back on the first read (kapps_config), so admins find every knob
// in Fauxton. One snapshot per SystemConfig, loaded on first use and loaded again whenever either
// category changes, whoever changed it (LiveSettings): callers read the snapshot, never CouchDB.
import { sharedLiveSettings, type SystemConfig } from '@tollgate/config';

const ACCOUNTS = 'accounts';
const CROSSBAR_ACCOUNTS = 'crossbar.accounts';

/** Who may move an account: only a superduper_admin, or also an account above both places. */
export type MovePolicy = 'superduper_admin' | 'tree';

export interface AccountsSettings {
  /** The part of a generated realm after its random hex (`<hex>.<suffix>`). */
  realmSuffix: string;
  /** Random bytes (written as hex) before the suffix of a generated realm, 1..32. */
  randomRealmStrength: number;
  /** Account names unique system-wide after normalizeName (user_auth finds accounts by name). */
  ensureUniqueName: boolean;
  /** A login may list its own account's siblings. */
  allowSiblingListing: boolean;
  allowMove: MovePolicy;
  /** Account replies carry `api_key` (to admin logins) without `?include_api_key=true`. */
  exposeApiKey: boolean;
  /** Timezone of an account created without one (or with `inherit`). */
  defaultTimezone: string;
  /** Language of an account created without one. */
  defaultLanguage: string;
  /** How long a create's quota reservation counts before it lapses (a crashed create frees its units then). */
  quotaReservationSeconds: number;
  /** How long a create over quota only because of creates in flight waits for them to finish before refusing. */
  quotaInFlightWaitSeconds: number;
  /** kapps_util:get_master_account_id's key; no default: absent until the master exists. */
  masterAccountId: string | undefined;
  /** DELETE refuses an account that still holds numbers, devices or users besides its admins (NGNPro). */
  safeDelete: boolean;
  /** pstn_access of an account whose properties do not set it. */
  defaultPstnAccess: boolean;
  /** prepaid_changes of an account whose properties do not set it. */
  defaultPrepaidChanges: boolean;
}

export async function loadAccountsSettings(config: SystemConfig): Promise<AccountsSettings> {
  const masterAccountId = await config.get(ACCOUNTS, 'master_account_id');
  return {
    realmSuffix: await config.getString(CROSSBAR_ACCOUNTS, 'account_realm_suffix', 'sip.2600hz.com'),
    randomRealmStrength: Math.min(Math.max(await config.getInteger(CROSSBAR_ACCOUNTS, 'random_realm_strength', 3), 1), 32),
    ensureUniqueName: await config.getBoolean(CROSSBAR_ACCOUNTS, 'ensure_unique_name', true),
    allowSiblingListing: await config.getBoolean(CROSSBAR_ACCOUNTS, 'allow_sibling_listing', true),
    allowMove: (await config.getString(CROSSBAR_ACCOUNTS, 'allow_move', 'superduper_admin')) === 'tree' ? 'tree' : 'superduper_admin',
    exposeApiKey: await config.getBoolean(CROSSBAR_ACCOUNTS, 'expose_api_key', false),
    defaultTimezone: await config.getString(ACCOUNTS, 'default_timezone', 'America/Los_Angeles'),
    defaultLanguage: await config.getString(ACCOUNTS, 'default_language', 'en-us'),
    quotaReservationSeconds: Math.max(await config.getInteger(CROSSBAR_ACCOUNTS, 'quota_reservation_s', 120), 1),
    quotaInFlightWaitSeconds: Math.max(await config.getNumber(CROSSBAR_ACCOUNTS, 'quota_in_flight_wait_s', 10), 0),
    masterAccountId: typeof masterAccountId === 'string' && masterAccountId !== '' ? masterAccountId : undefined,
    safeDelete: await config.getBoolean(CROSSBAR_ACCOUNTS, 'safe_delete', true),
    defaultPstnAccess: await config.getBoolean(ACCOUNTS, 'default_pstn_access', true),
    defaultPrepaidChanges: await config.getBoolean(ACCOUNTS, 'default_prepaid_changes', true),
  };
}

/**
 * The live settings of this system_config. Every host (crossbar, the CLI, services-sync) shares
 * its process's one snapshot, started the first time any of them asks.
 */
export const liveAccountsSettings = sharedLiveSettings([ACCOUNTS, CROSSBAR_ACCOUNTS], loadAccountsSettings);

/** The current settings; a reload already under way (a change just heard of) is waited for. */
export async function accountsSettings(config: SystemConfig): Promise<AccountsSettings> {
  const live = await liveAccountsSettings(config);
  await live.settled();
  return live.current;
}

/** Records the master account id (bootstrap, or found by its empty tree); this process sees it at once. */
export async function recordMasterId(config: SystemConfig, accountId: string): Promise<void> {
  await config.setDefault(ACCOUNTS, 'master_account_id', accountId);
  await (await liveAccountsSettings(config)).refresh();
}
