// The mail side of Kazoo's low_balance notification (teletype's low_balance template, reduced):
// consumes `notifications.account.low_balance` and mails the account's admin users through the
// SMTP relay in system_config `smtp_client` (Kazoo's gen_smtp keys). With no relay configured
// nothing is mailed (the notification stays on the bus for another consumer). A mail that cannot
// be sent clears the account's low balance flag, so the next crawl alerts again: nothing is lost.
import { type AccountDoc, fetchAccount, updateAccountDoc } from '@tollgate/accounts';
import { type KazooMessage, LOW_BALANCE_ROUTING_KEY } from '@tollgate/kazoo-bus';
import { accountDbName, type Couch, gregorianNow, isAccountId } from '@tollgate/kazoo-db';
import { type LowBalanceFields, lowBalanceThreshold, markLowBalance } from '@tollgate/ledger';
import { createLogger } from '@tollgate/log';
import { unitsToDecimal } from '@tollgate/money';
import nodemailer from 'nodemailer';
import { type MailSettings, startMailSettings } from './config';
import type { LowBalanceDeps } from './low-balance/low-balance-crawl';

const log = createLogger('services-sync');
export const LOW_BALANCE_MAIL_QUEUE = 'services_sync_low_balance_mail';

async function adminEmails(couch: Couch, accountId: string): Promise<string[]> {
  const users = await couch.find<{ email?: unknown; enabled?: unknown; pvt_deleted?: unknown }>(accountDbName(accountId), { pvt_type: 'user', priv_level: 'admin' }, { limit: 1000 });
  return users
    .filter((u) => u.enabled !== false && u.pvt_deleted !== true && typeof u.email === 'string' && u.email.includes('@'))
    .map((u) => u.email as string);
}

function dollars(units: number): string {
  return `$${unitsToDecimal(units).toFixed(2)}`;
}

function lowBalanceMail(account: AccountDoc, balance: number, threshold: number): { subject: string; text: string } {
  const name = typeof account.name === 'string' ? account.name : String(account._id);
  return {
    subject: `Account ${name} is low on credit`,
    text: [
      `The balance of account ${name} is ${dollars(balance)}, below ${dollars(threshold)}.`,
      'Add credit to keep placing calls.',
      '',
      `Account ID: ${account._id}`,
    ].join('\n'),
  };
}

/** Sends the mail of one notification; a mail the relay refuses clears the account's flag. */
async function mailLowBalance(deps: LowBalanceDeps, smtp: MailSettings, msg: KazooMessage): Promise<void> {
  const accountId = msg['Account-ID'];
  const balance = msg['Current-Balance'];
  if (typeof accountId !== 'string' || !isAccountId(accountId) || typeof balance !== 'number') {
    log.warn('low_balance notification without Account-ID or Current-Balance; ignored', { msgId: msg['Msg-ID'] });
    return;
  }
  if (!smtp.relay) return;
  const account = await fetchAccount(deps.couch, accountId);
  if (!account) return;
  const to = await adminEmails(deps.couch, accountId);
  if (to.length === 0) {
    log.info('low balance: no admin with an email to tell', { account: accountId });
    return;
  }
  const threshold = lowBalanceThreshold(account as LowBalanceFields, deps.ledger.current.lowBalanceThreshold);
  const mail = lowBalanceMail(account, balance, threshold);
  try {
    const transport = nodemailer.createTransport({
      host: smtp.relay,
      port: smtp.port,
      secure: false,
      ignoreTLS: smtp.tls === 'never',
      requireTLS: smtp.tls === 'always',
      ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password ?? '' } } : {}),
    });
    await transport.sendMail({ from: smtp.from, to, subject: mail.subject, text: mail.text });
    log.info('low balance mail sent', { account: accountId, to: to.length });
  } catch (err) {
    log.warn('low balance mail failed; the next crawl alerts again', { account: accountId, error: (err as Error).message });
    await updateAccountDoc(deps, accountId, (cur) => markLowBalance(cur as AccountDoc & LowBalanceFields, 'reset', gregorianNow()));
  }
}

/** Starts consuming low_balance notifications (with its mail settings, live); cancel() stops both. */
export async function startLowBalanceMailer(deps: LowBalanceDeps): Promise<{ cancel(): Promise<void> }> {
  const settings = await startMailSettings(deps.config);
  const consumer = await deps.bus.consume({ queue: LOW_BALANCE_MAIL_QUEUE, bindings: [{ exchange: 'notifications', routingKey: LOW_BALANCE_ROUTING_KEY }] }, (msg: KazooMessage) =>
    mailLowBalance(deps, settings.current, msg),
  );
  return {
    cancel: async () => {
      await consumer.cancel();
      settings.stop();
    },
  };
}
