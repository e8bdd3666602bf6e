// system_config `crossbar` keys of authentication (defaults written back on first read).
import type { SystemConfig } from '@tollgate/config';

export const CROSSBAR = 'crossbar';

export const authDefaults = {
  /** Seconds a token lives after it was issued (Kazoo's token_auth_expiry). */
  token_auth_expiry: 3600,
  /** Every failed login is answered no sooner than this, so timing tells nothing. */
  failed_login_response_ms: 250,
  /** Failed logins one source (address; an IPv6 /64) may make per window before it is refused outright. */
  max_failed_logins: 10,
  failed_login_window_s: 60,
  /** Failed logins against one account, from any number of sources, before it is locked for its window. */
  max_failed_logins_per_account: 20,
  failed_login_account_window_s: 300,
};

export async function tokenExpirySeconds(config: SystemConfig): Promise<number> {
  return config.getInteger(CROSSBAR, 'token_auth_expiry', authDefaults.token_auth_expiry);
}

export interface LoginLimits {
  responseMs: number;
  /** Per source. */
  maxFailures: number;
  windowMs: number;
  /** Per account. */
  maxAccountFailures: number;
  accountWindowMs: number;
}

async function atLeast(config: SystemConfig, key: keyof typeof authDefaults, min: number): Promise<number> {
  return Math.max(min, await config.getInteger(CROSSBAR, key, authDefaults[key]));
}

export async function loginLimits(config: SystemConfig): Promise<LoginLimits> {
  return {
    responseMs: await atLeast(config, 'failed_login_response_ms', 0),
    maxFailures: await atLeast(config, 'max_failed_logins', 1),
    windowMs: 1000 * (await atLeast(config, 'failed_login_window_s', 1)),
    maxAccountFailures: await atLeast(config, 'max_failed_logins_per_account', 1),
    accountWindowMs: 1000 * (await atLeast(config, 'failed_login_account_window_s', 1)),
  };
}
