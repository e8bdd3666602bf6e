// The system_config key services-sync itself reads: the sender of the low balance mail
// (notify.low_balance `from`), with its default, read again whenever it changes (LiveSettings).
// The SMTP relay is service-kit's (`smtp_client`), the `services` keys the services module's
// (@tollgate/services config.ts), the low balance keys the ledger's.
import { LiveSettings, type SystemConfig } from '@tollgate/config';

const LOW_BALANCE_NOTIFY_CONFIG = 'notify.low_balance';

export interface MailSettings {
  /** notify.low_balance `from`. */
  from: string;
}

export async function loadMailSettings(config: SystemConfig): Promise<MailSettings> {
  return { from: await config.getString(LOW_BALANCE_NOTIFY_CONFIG, 'from', 'no_reply@tollgate.invalid') };
}

/** The current mail settings, reloaded after every change to their category. */
export function startMailSettings(config: SystemConfig): Promise<LiveSettings<MailSettings>> {
  return LiveSettings.start(config, [LOW_BALANCE_NOTIFY_CONFIG], loadMailSettings);
}
