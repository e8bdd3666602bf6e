// Mail crossbar sends itself (signup and password recovery) through the SMTP relay of
// @tollgate/service-kit (system_config `smtp_client`, as services-sync's low balance mail). With no
// relay configured nothing is sent (logged); a relay that refuses is logged, never shown to the
// requester (a recovery answer must not depend on whether a mail went out).
import type { SystemConfig } from '@tollgate/config';
import { createLogger } from '@tollgate/log';
import { type OutgoingMail, sendMails, smtpSettings } from '@tollgate/service-kit';

const log = createLogger('crossbar');
const WHITELABEL_CONFIG = 'crossbar.whitelabel';

/** The platform's sender when the reseller names none (`crossbar.whitelabel` `mail_from`). */
export function defaultMailFrom(config: SystemConfig): Promise<string> {
  return config.getString(WHITELABEL_CONFIG, 'mail_from', 'no_reply@tollgate.invalid');
}

/** Sends one mail; resolves false when it was not sent (no relay, or the relay refused). */
export async function sendMail(config: SystemConfig, mail: Omit<OutgoingMail, 'from'> & { from?: string }, what: string): Promise<boolean> {
  const smtp = (await smtpSettings(config)).current;
  if (!smtp.relay) {
    log.info(`${what} mail not sent: no smtp_client relay configured`);
    return false;
  }
  try {
    await sendMails(smtp, [{ ...mail, from: mail.from ?? (await defaultMailFrom(config)) }]);
    log.info(`${what} mail sent`);
    return true;
  } catch (err) {
    log.warn(`${what} mail failed`, { error: (err as Error).message });
    return false;
  }
}
