// notify_account_crawler's low balance pass: every account's ledger balance against its
// threshold, a Kazoo `low_balance` notification (kapi_notifications: exchange `notifications`,
// routing key `notifications.account.low_balance`, Account-ID and Current-Balance in units) for
// those under it, and the account doc's `notifications.low_balance` flags kept as Kazoo keeps them.
// The flag is written before the notification is published, through the account doc's revision,
// so two services-sync instances never alert one account twice; a failed publish clears it again
// and the next crawl retries.
import { type AccountDoc, type AccountsDeps, fetchAccount, isDeleted, isEnabled, updateAccountDoc } from '@tollgate/accounts';
import type { LiveSettings, SystemConfig } from '@tollgate/config';
import type { Bus } from '@tollgate/kazoo-bus';
import { type Couch, GLOBAL_DBS, gregorianNow, isAccountId } from '@tollgate/kazoo-db';
import { decideLowBalance, type LedgerSettings, ledgerTotals, type LowBalanceFields, markLowBalance, modbsByAccount } from '@tollgate/ledger';
import { createLogger } from '@tollgate/log';

const log = createLogger('services.low_balance');

export const LOW_BALANCE_ROUTING_KEY = 'notifications.account.low_balance';

export interface LowBalanceReport {
  checked: number;
  notified: string[];
  reset: string[];
}

export interface LowBalanceDeps {
  couch: Couch;
  bus: Bus;
  config: SystemConfig;
  /** The ledger's settings (notify.account_crawler, notify.low_balance threshold). */
  ledger: LiveSettings<LedgerSettings>;
}

async function accountIds(couch: Couch): Promise<string[]> {
  return (await couch.allDocs(GLOBAL_DBS.accounts)).map((r) => r.id).filter(isAccountId);
}

/** One account: the decision taken on its current doc, written, then published. */
async function checkAccount(deps: LowBalanceDeps, accountId: string, modbs: string[], settings: LedgerSettings, now: number): Promise<'notified' | 'reset' | undefined> {
  const { balance, transactions } = await ledgerTotals(deps.couch, modbs);
  const decide = (account: AccountDoc) =>
    isDeleted(account) || !isEnabled(account)
      ? undefined
      : decideLowBalance({ account: account as LowBalanceFields, balance, hasLedger: transactions > 0, defaultThreshold: settings.lowBalanceThreshold, repeatS: settings.lowBalanceRepeatS, now });
  // Most accounts need nothing: decided on a read, so the crawl writes only what changes.
  const account = await fetchAccount(deps.couch, accountId);
  if (!account || (decide(account)?.kind ?? 'none') === 'none') return undefined;
  let taken: 'notify' | 'reset' | undefined;
  const accountsDeps: AccountsDeps = { couch: deps.couch, config: deps.config, bus: deps.bus };
  await updateAccountDoc(accountsDeps, accountId, (cur) => {
    const decision = decide(cur);
    taken = decision && decision.kind !== 'none' ? decision.kind : undefined;
    return taken ? markLowBalance(cur as AccountDoc & LowBalanceFields, taken, now) : undefined;
  });
  if (taken === 'reset') return 'reset';
  if (taken !== 'notify') return undefined;
  try {
    await deps.bus.publish('notifications', LOW_BALANCE_ROUTING_KEY, {
      ...deps.bus.envelope(),
      'Event-Category': 'notification',
      'Event-Name': 'low_balance',
      'Account-ID': accountId,
      'Current-Balance': balance,
    });
  } catch (err) {
    await updateAccountDoc(accountsDeps, accountId, (cur) => markLowBalance(cur as AccountDoc & LowBalanceFields, 'reset', now));
    throw err;
  }
  return 'notified';
}

export async function crawlLowBalances(deps: LowBalanceDeps, now = gregorianNow()): Promise<LowBalanceReport> {
  const settings = deps.ledger.current;
  const report: LowBalanceReport = { checked: 0, notified: [], reset: [] };
  if (!settings.crawlForLowBalance) return report;
  const modbs = await modbsByAccount(deps.couch);
  for (const accountId of await accountIds(deps.couch)) {
    report.checked++;
    try {
      const outcome = await checkAccount(deps, accountId, modbs.get(accountId) ?? [], settings, now);
      if (outcome === 'notified') report.notified.push(accountId);
      if (outcome === 'reset') report.reset.push(accountId);
    } catch (err) {
      // One account's failure (its db gone, the bus down) never stops the others; the next crawl retries.
      log.warn('low balance check failed', { account: accountId, error: (err as Error).message });
    }
  }
  return report;
}
