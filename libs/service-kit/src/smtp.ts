// The SMTP relay every service mails through: Kazoo's system_config `smtp_client` keys (gen_smtp's
// relay, port, username, password, tls), read in one place and followed live, and one way to send
// a mail. Without a relay nothing is sent (the caller is told, and logs why).
import { sharedLiveSettings, type SystemConfig } from '@tollgate/config';
import nodemailer from 'nodemailer';

const SMTP_CONFIG = 'smtp_client';

export interface SmtpSettings {
  /** Host of the SMTP relay; none: nothing is mailed. */
  relay?: string;
  port: number;
  username?: string;
  password?: string;
  /** Kazoo's `tls`: "never" | "if_available" | "always". */
  tls: string;
}

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export async function loadSmtpSettings(config: SystemConfig): Promise<SmtpSettings> {
  const relay = await config.getString(SMTP_CONFIG, 'relay', '');
  const username = await config.getString(SMTP_CONFIG, 'username', '');
  const password = await config.getString(SMTP_CONFIG, 'password', '');
  return {
    relay: relay || undefined,
    port: await config.getInteger(SMTP_CONFIG, 'port', 25),
    username: username || undefined,
    password: password || undefined,
    tls: await config.getString(SMTP_CONFIG, 'tls', 'if_available'),
  };
}

/** The relay settings of this SystemConfig, one live copy per process, reloaded on every change. */
export const smtpSettings = sharedLiveSettings([SMTP_CONFIG], loadSmtpSettings);

/**
 * Sends the mails over one connection to the relay; false (nothing sent) when no relay is set.
 * Throws what the relay answers when it refuses.
 */
export async function sendMails(smtp: SmtpSettings, mails: readonly OutgoingMail[]): Promise<boolean> {
  if (!smtp.relay) return false;
  const transport = nodemailer.createTransport({
    host: smtp.relay,
    port: smtp.port,
    secure: false,
    ignoreTLS: smtp.tls === 'never',
    requireTLS: smtp.tls === 'always',
    ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password ?? '' } } : {}),
  });
  try {
    for (const m of mails) await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) });
  } finally {
    transport.close();
  }
  return true;
}
