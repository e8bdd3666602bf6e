// The mail side of Kazoo's low_balance notification (teletype's low_balance template, reduced):
// consumes `notifications.account.low_balance` and mails, through the SMTP relay in system_config
// `smtp_client` (Kazoo's gen_smtp keys), the low_balance template that applies to the account
// (its own, its parents' — a reseller's —, the system's, the default; @tollgate/accounts), to its
// admins each by name or to the addresses the template specifies. With no relay configured
// nothing is mailed (the notification stays on the bus for another consumer). A mail that cannot
// be sent clears the account's low balance flag, so the next crawl alerts again: nothing is lost.
import {
  type AccountDoc,
  fetchAccount,
  findNotificationTemplate,
  LOW_BALANCE,
  lowBalanceMacros,
  notificationRecipients,
  renderNotification,
  updateAccountDoc,
} from '@tollgate/accounts';
import { type KazooMessage, LOW_BALANCE_ROUTING_KEY } from '@tollgate/kazoo-bus';
import { gregorianNow, isAccountId } from '@tollgate/kazoo-db';
import { type LowBalanceFields, lowBalanceThreshold, markLowBalance } from '@tollgate/ledger';
import { createLogger } from '@tollgate/log';
import nodemailer from 'nodemailer';
import { type MailSettings, startMailSettings } from './config';
import type { LowBalanceDeps } from './low-balance/low-balance-crawl';

const log = createLogger('services-sync');
export const LOW_BALANCE_MAIL_QUEUE = 'services_sync_low_balance_mail';

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
  const { template, source } = await findNotificationTemplate(deps.couch, accountId, LOW_BALANCE);
  if (template.enabled === false) {
    log.info('low balance: the notification is disabled', { account: accountId, template: source });
    return;
  }
  const recipients = await notificationRecipients(deps.couch, accountId, template);
  if (recipients.length === 0) {
    log.info('low balance: no admin with an email to tell', { account: accountId });
    return;
  }
  const threshold = lowBalanceThreshold(account as LowBalanceFields, deps.ledger.current.lowBalanceThreshold);
  const facts = {
    account: { id: accountId, name: typeof account.name === 'string' ? account.name : accountId, realm: typeof account.realm === 'string' ? account.realm : '' },
    balanceUnits: balance,
    thresholdUnits: threshold,
  };
  try {
    const transport = nodemailer.createTransport({
      host: smtp.relay,
      port: smtp.port,
      secure: false,
      ignoreTLS: smtp.tls === 'never',
      requireTLS: smtp.tls === 'always',
      ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password ?? '' } } : {}),
    });
    // One mail per recipient, each rendered for the user it speaks to ([firstname], [lastname]).
    for (const r of recipients) {
      const mail = renderNotification(template, lowBalanceMacros({ ...facts, ...(r.user ? { user: r.user } : {}) }));
      await transport.sendMail({ from: template.from ?? smtp.from, to: r.email, subject: mail.subject, text: mail.text, html: mail.html });
    }
    log.info('low balance mail sent', { account: accountId, to: recipients.length, template: source });
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
