// Mail crossbar sends itself (signup and password recovery) through the SMTP relay in system_config
// `smtp_client` (Kazoo's gen_smtp keys, the ones services-sync's low balance mail uses). With no
// relay configured nothing is sent (logged); a relay that refuses is logged, never shown to the
// requester (a recovery answer must not depend on whether a mail went out).
import type { SystemConfig } from '@tollgate/config';
import { createLogger } from '@tollgate/log';
import nodemailer from 'nodemailer';

const log = createLogger('crossbar');
const SMTP_CONFIG = 'smtp_client';
const WHITELABEL_CONFIG = 'crossbar.whitelabel';

export interface OutgoingMail {
  to: string;
  from?: string;
  subject: string;
  text: string;
  html?: string;
}

/** The platform's sender when the reseller names none (`crossbar.whitelabel` `mail_from`). */
export function defaultMailFrom(config: SystemConfig): Promise<string> {
  return config.getString(WHITELABEL_CONFIG, 'mail_from', 'no_reply@tollgate.invalid');
}

/** Sends one mail; resolves false when it was not sent (no relay, or the relay refused). */
export async function sendMail(config: SystemConfig, mail: OutgoingMail, what: string): Promise<boolean> {
  const relay = await config.getString(SMTP_CONFIG, 'relay', '');
  if (!relay) {
    log.info(`${what} mail not sent: no smtp_client relay configured`);
    return false;
  }
  const username = await config.getString(SMTP_CONFIG, 'username', '');
  const tls = await config.getString(SMTP_CONFIG, 'tls', 'if_available');
  try {
    const transport = nodemailer.createTransport({
      host: relay,
      port: await config.getInteger(SMTP_CONFIG, 'port', 25),
      secure: false,
      ignoreTLS: tls === 'never',
      requireTLS: tls === 'always',
      ...(username ? { auth: { user: username, pass: await config.getString(SMTP_CONFIG, 'password', '') } } : {}),
    });
    await transport.sendMail({ from: mail.from ?? (await defaultMailFrom(config)), to: mail.to, subject: mail.subject, text: mail.text, ...(mail.html ? { html: mail.html } : {}) });
    log.info(`${what} mail sent`);
    return true;
  } catch (err) {
    log.warn(`${what} mail failed`, { error: (err as Error).message });
    return false;
  }
}
