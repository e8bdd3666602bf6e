// system_config `crossbar` keys of authentication (defaults written back on first read).
import type { SystemConfig } from '@tollgate/config';

export const CROSSBAR = 'crossbar';

export const authDefaults = {
  /** Seconds a token lives after it was issued (Kazoo's token_auth_expiry). */
  token_auth_expiry: 3600,
  /** Every failed login is answered no sooner than this, so timing tells nothing. */
  failed_login_response_ms: 250,
  /** Failed logins one source may make per window before it is refused outright. */
  max_failed_logins: 10,
  failed_login_window_s: 60,
};

export async function tokenExpirySeconds(config: SystemConfig): Promise<number> {
  return config.getInteger(CROSSBAR, 'token_auth_expiry', authDefaults.token_auth_expiry);
}

export interface LoginLimits {
  responseMs: number;
  maxFailures: number;
  windowMs: number;
}

export async function loginLimits(config: SystemConfig): Promise<LoginLimits> {
  return {
    responseMs: Math.max(0, await config.getInteger(CROSSBAR, 'failed_login_response_ms', authDefaults.failed_login_response_ms)),
    maxFailures: Math.max(1, await config.getInteger(CROSSBAR, 'max_failed_logins', authDefaults.max_failed_logins)),
    windowMs: 1000 * Math.max(1, await config.getInteger(CROSSBAR, 'failed_login_window_s', authDefaults.failed_login_window_s)),
  };
}
