// system_config `crossbar.whitelabel` keys (Kazoo's cb_whitelabel category), one function per key
// with its default (written back on the first read).
import type { SystemConfig } from '@tollgate/config';

export const WHITELABEL_CONFIG = 'crossbar.whitelabel';

/** Largest logo/icon/image upload in bytes. */
export function maxImageBytes(config: SystemConfig): Promise<number> {
  return config.getInteger(WHITELABEL_CONFIG, 'max_image_bytes', 1_048_576);
}

/** Largest welcome page (text/html) in bytes. */
export function maxWelcomeBytes(config: SystemConfig): Promise<number> {
  return config.getInteger(WHITELABEL_CONFIG, 'max_welcome_bytes', 262_144);
}
