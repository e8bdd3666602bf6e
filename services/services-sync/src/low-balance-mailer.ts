// The mail side of Kazoo's low_balance notification (teletype's low_balance template, reduced):
// consumes `notifications.account.low_balance` and mails the account's admin users through the
// SMTP relay in system_config `smtp_client` (Kazoo's gen_smtp keys). With no relay configured
// nothing is mailed (the notification stays on the bus for another consumer). A mail that cannot
// be sent clears the account's low balance flag, so the next crawl alerts again: nothing is lost.
import { type AccountDoc, fetchAccount, updateAccountDoc } from '@tollgate/accounts';
import type { SystemConfig } from '@tollgate/config';
import type { Bus, Consumer, KazooMessage } from '@tollgate/kazoo-bus';
import { accountDbName, type Couch, gregorianNow, isAccountId } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { unitsToDecimal } from '@tollgate/money';
import { type LowBalanceFields, lowBalanceThreshold, markLowBalance } from '@tollgate/services';
import { LOW_BALANCE_ROUTING_KEY, lowBalanceSettings } from './low-balance/low-balance-crawl';
import nodemailer from 'nodemailer';

const log = createLogger('services-sync');
export const LOW_BALANCE_MAIL_QUEUE = 'services_sync_low_balance_mail';

export interface SmtpSettings {
  relay?: string;
  port: number;
  username?: string;
  password?: string;
  /** Kazoo's `tls`: "never" | "if_available" | "always". */
  tls: string;
  from: string;
}

export async function smtpSettings(config: SystemConfig): Promise<SmtpSettings> {
  const relay = await config.getString('smtp_client', 'relay', '');
  const username = await config.getString('smtp_client', 'username', '');
  const password = await config.getString('smtp_client', 'password', '');
  return {
    relay: relay || undefined,
    port: await config.getInteger('smtp_client', 'port', 25),
    username: username || undefined,
    password: password || undefined,
    tls: await config.getString('smtp_client', 'tls', 'if_available'),
    from: await config.getString('notify.low_balance', 'from', 'no_reply@tollgate.invalid'),
  };
}

async function adminEmails(couch: Couch, accountId: string): Promise<string[]> {
  const res = await couch.db(accountDbName(accountId)).find({ selector: { pvt_type: 'user', priv_level: 'admin' }, limit: 1000 });
  return (res.docs as { email?: unknown; enabled?: unknown; pvt_deleted?: unknown }[])
    .filter((u) => u.enabled !== false && u.pvt_deleted !== true && typeof u.email === 'string' && u.email.includes('@'))
    .map((u) => u.email as string);
}

function dollars(units: number): string {
  return `$${unitsToDecimal(units).toFixed(2)}`;
}

export function lowBalanceMail(account: AccountDoc, balance: number, threshold: number): { subject: string; text: string } {
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

/** Starts consuming low_balance notifications; the consumer is cancelled by the returned stop. */
export async function startLowBalanceMailer(deps: { couch: Couch; bus: Bus; config: SystemConfig }): Promise<Consumer> {
  return deps.bus.consume(
    { queue: LOW_BALANCE_MAIL_QUEUE, bindings: [{ exchange: 'notifications', routingKey: LOW_BALANCE_ROUTING_KEY }] },
    async (msg: KazooMessage) => {
      const accountId = msg['Account-ID'];
      const balance = msg['Current-Balance'];
      if (typeof accountId !== 'string' || !isAccountId(accountId) || typeof balance !== 'number') {
        log.warn('low_balance notification without Account-ID or Current-Balance; ignored', { msgId: msg['Msg-ID'] });
        return;
      }
      const smtp = await smtpSettings(deps.config);
      if (!smtp.relay) return;
      const account = await fetchAccount(deps.couch, accountId);
      if (!account) return;
      const to = await adminEmails(deps.couch, accountId);
      if (to.length === 0) {
        log.info('low balance: no admin with an email to tell', { account: accountId });
        return;
      }
      const threshold = lowBalanceThreshold(account as LowBalanceFields, (await lowBalanceSettings(deps.config)).threshold);
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
    },
  );
}
