// The system_config keys services-sync itself reads: the SMTP relay of the low balance mail
// (Kazoo's smtp_client keys) and its sender (notify.low_balance `from`), each once here with its
// default, read again whenever either category changes (LiveSettings). The `services` keys are the
// services module's (@tollgate/services config.ts), the low balance keys the ledger's.
import { LiveSettings, type SystemConfig } from '@tollgate/config';

const SMTP_CONFIG = 'smtp_client';
const LOW_BALANCE_NOTIFY_CONFIG = 'notify.low_balance';

export interface MailSettings {
  /** Host of the SMTP relay; none: nothing is mailed. */
  relay?: string;
  port: number;
  username?: string;
  password?: string;
  /** Kazoo's `tls`: "never" | "if_available" | "always". */
  tls: string;
  /** notify.low_balance `from`. */
  from: string;
}

export async function loadMailSettings(config: SystemConfig): Promise<MailSettings> {
  const relay = await config.getString(SMTP_CONFIG, 'relay', '');
  const username = await config.getString(SMTP_CONFIG, 'username', '');
  const password = await config.getString(SMTP_CONFIG, 'password', '');
  return {
    relay: relay || undefined,
    port: await config.getInteger(SMTP_CONFIG, 'port', 25),
    username: username || undefined,
    password: password || undefined,
    tls: await config.getString(SMTP_CONFIG, 'tls', 'if_available'),
    from: await config.getString(LOW_BALANCE_NOTIFY_CONFIG, 'from', 'no_reply@tollgate.invalid'),
  };
}

/** The current mail settings, reloaded after every change to their categories. */
export function startMailSettings(config: SystemConfig): Promise<LiveSettings<MailSettings>> {
  return LiveSettings.start(config, [SMTP_CONFIG, LOW_BALANCE_NOTIFY_CONFIG], loadMailSettings);
}
