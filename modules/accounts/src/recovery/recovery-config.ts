// system_config `crossbar.auth` keys of password recovery (Kazoo's cb_user_auth category), one
// function per key with its default (written back on the first read).
import type { SystemConfig } from '@tollgate/config';

export const AUTH_CONFIG = 'crossbar.auth';

/** Seconds a recovery key works after it was mailed. */
export function resetIdExpirySeconds(config: SystemConfig): Promise<number> {
  return config.getInteger(AUTH_CONFIG, 'reset_id_expiry_s', 3600);
}

/** The page a recovery link opens when the reseller has no whitelabel domain (`?recovery=<key>` is appended). */
export function recoveryUiUrl(config: SystemConfig): Promise<string> {
  return config.getString(AUTH_CONFIG, 'recovery_ui_url', 'http://127.0.0.1:8000/portal/');
}
