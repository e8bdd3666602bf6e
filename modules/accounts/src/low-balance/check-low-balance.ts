// One account's low balance alert (notify_account_crawler:test_for_low_balance): its ledger
// balance against its threshold, Kazoo's `low_balance` notification (kapi_notifications: exchange
// `notifications`, routing key `notifications.account.low_balance`, Account-ID and
// Current-Balance in units) when it is under it, and the account doc's `notifications.low_balance`
// flags kept as Kazoo keeps them. The flag is written before the notification is published,
// through the account doc's revision, so two hosts checking one account at once never alert it
// twice; a failed publish clears it again and the next check retries. services-sync's crawl runs
// it for every account; charging runs it right after a debit takes an account under its threshold.
import type { LiveSettings, SystemConfig } from '@tollgate/config';
import { type Bus, LOW_BALANCE_ROUTING_KEY, lowBalanceNotification } from '@tollgate/kazoo-bus';
import { type Couch, gregorianNow } from '@tollgate/kazoo-db';
import { decideLowBalance, type LedgerSettings, type LowBalanceFields, markLowBalance } from '@tollgate/ledger';
import type { AccountsDeps } from '../deps';
import { type AccountDoc, isDeleted, isEnabled } from '../domain/account-doc';
import { fetchAccount, updateAccountDoc } from '../store/account-store';

export interface LowBalanceDeps {
  couch: Couch;
  bus: Bus;
  config: SystemConfig;
  /** The ledger's settings (notify.account_crawler, notify.low_balance threshold). */
  ledger: LiveSettings<LedgerSettings>;
}

export interface LedgerFigures {
  /** Units. */
  balance: number;
  /** Whether the account has any transaction or ledger doc at all. */
  hasLedger: boolean;
}

export type LowBalanceOutcome = 'notified' | 'reset' | undefined;

/** The decision taken on the account's current doc, written, then published. */
export async function checkLowBalance(deps: LowBalanceDeps, accountId: string, figures: LedgerFigures, now = gregorianNow()): Promise<LowBalanceOutcome> {
  const settings = deps.ledger.current;
  const decide = (account: AccountDoc) =>
    isDeleted(account) || !isEnabled(account)
      ? undefined
      : decideLowBalance({
          account: account as LowBalanceFields,
          balance: figures.balance,
          hasLedger: figures.hasLedger,
          defaultThreshold: settings.lowBalanceThreshold,
          repeatS: settings.lowBalanceRepeatS,
          now,
        });
  // Most accounts need nothing: decided on a read, so only what changes is written.
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
    await deps.bus.publish('notifications', LOW_BALANCE_ROUTING_KEY, lowBalanceNotification.build({ 'Account-ID': accountId, 'Current-Balance': figures.balance }, deps.bus.envelope()));
  } catch (err) {
    await updateAccountDoc(accountsDeps, accountId, (cur) => markLowBalance(cur as AccountDoc & LowBalanceFields, 'reset', now));
    throw err;
  }
  return 'notified';
}
