// system_config `crossbar` keys of authentication, one line per key with its default (written back
// on first read). One snapshot per SystemConfig, loaded on first use and loaded again whenever the
// category changes (LiveSettings): logins and token checks read the snapshot, never CouchDB.
import { sharedLiveSettings, type SystemConfig } from '@tollgate/config';

export const CROSSBAR = 'crossbar';

export interface LoginLimits {
  /** Every failed login is answered no sooner than this, so timing tells nothing. */
  responseMs: number;
  /** Failed logins one source (address; an IPv6 /64) may make per window before it is refused outright. */
  maxFailures: number;
  windowMs: number;
  /** Failed logins against one account, from any number of sources, before it is locked for its window. */
  maxAccountFailures: number;
  accountWindowMs: number;
}

export interface AuthSettings {
  /** Seconds a token lives after it was issued (Kazoo's token_auth_expiry). */
  tokenExpirySeconds: number;
  loginLimits: LoginLimits;
}

async function atLeast(config: SystemConfig, key: string, dflt: number, min: number): Promise<number> {
  return Math.max(min, await config.getInteger(CROSSBAR, key, dflt));
}

export async function loadAuthSettings(config: SystemConfig): Promise<AuthSettings> {
  return {
    tokenExpirySeconds: await config.getInteger(CROSSBAR, 'token_auth_expiry', 3600),
    loginLimits: {
      responseMs: await atLeast(config, 'failed_login_response_ms', 250, 0),
      maxFailures: await atLeast(config, 'max_failed_logins', 10, 1),
      windowMs: 1000 * (await atLeast(config, 'failed_login_window_s', 60, 1)),
      maxAccountFailures: await atLeast(config, 'max_failed_logins_per_account', 20, 1),
      accountWindowMs: 1000 * (await atLeast(config, 'failed_login_account_window_s', 300, 1)),
    },
  };
}

/** The live auth settings of this system_config, started the first time a login or token check asks. */
export const liveAuthSettings = sharedLiveSettings([CROSSBAR], loadAuthSettings);

/** The current settings; a reload already under way (a change just heard of) is waited for. */
export async function authSettings(config: SystemConfig): Promise<AuthSettings> {
  const live = await liveAuthSettings(config);
  await live.settled();
  return live.current;
}
