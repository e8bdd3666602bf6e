// The system_config keys the account domain reads, with Kazoo's categories and defaults. Every
// default is written back on first read (kapps_config), so admins find each knob in Fauxton.
import type { SystemConfig } from '@tollgate/config';

/** kzd_accounts / cb_accounts read `crossbar.accounts`; kzd_accounts:default_timezone reads `accounts`. */
export const CROSSBAR_ACCOUNTS = 'crossbar.accounts';
export const ACCOUNTS = 'accounts';

export const accountsDefaults = {
  account_realm_suffix: 'sip.2600hz.com',
  random_realm_strength: 3,
  ensure_unique_name: true,
  allow_sibling_listing: true,
  allow_move: 'superduper_admin' as 'superduper_admin' | 'tree',
  default_timezone: 'America/Los_Angeles',
  default_language: 'en-us',
};

export async function realmSuffix(config: SystemConfig): Promise<string> {
  return config.getString(CROSSBAR_ACCOUNTS, 'account_realm_suffix', accountsDefaults.account_realm_suffix);
}

export async function randomRealmStrength(config: SystemConfig): Promise<number> {
  const n = await config.getInteger(CROSSBAR_ACCOUNTS, 'random_realm_strength', accountsDefaults.random_realm_strength);
  return Math.min(Math.max(n, 1), 32);
}

export async function ensureUniqueName(config: SystemConfig): Promise<boolean> {
  return config.getBoolean(CROSSBAR_ACCOUNTS, 'ensure_unique_name', accountsDefaults.ensure_unique_name);
}

export async function allowSiblingListing(config: SystemConfig): Promise<boolean> {
  return config.getBoolean(CROSSBAR_ACCOUNTS, 'allow_sibling_listing', accountsDefaults.allow_sibling_listing);
}

/** Who may move an account: `superduper_admin` (default) or `tree` (an ancestor of both places). */
export async function allowMove(config: SystemConfig): Promise<'superduper_admin' | 'tree'> {
  const v = await config.getString(CROSSBAR_ACCOUNTS, 'allow_move', accountsDefaults.allow_move);
  return v === 'tree' ? 'tree' : 'superduper_admin';
}

export async function defaultTimezone(config: SystemConfig): Promise<string> {
  return config.getString(ACCOUNTS, 'default_timezone', accountsDefaults.default_timezone);
}

export async function defaultLanguage(config: SystemConfig): Promise<string> {
  return config.getString(ACCOUNTS, 'default_language', accountsDefaults.default_language);
}

/** kapps_util:get_master_account_id reads `accounts` `master_account_id` (no default: absent until bootstrap). */
export async function configuredMasterId(config: SystemConfig): Promise<string | undefined> {
  const v = await config.get(ACCOUNTS, 'master_account_id');
  return typeof v === 'string' && v ? v : undefined;
}

export async function setMasterId(config: SystemConfig, accountId: string): Promise<void> {
  await config.setDefault(ACCOUNTS, 'master_account_id', accountId);
}
