// Kazoo's low balance alert (notify_account_crawler:test_for_low_balance with kz_account's
// `notifications.low_balance` fields): when an account's ledger balance is under its threshold, a
// `low_balance` notification is published once — again every `low_balance_repeat_s` when the
// account enabled the alert — and the flag is reset once the balance is back above the threshold.
// Unlike Kazoo, an account that never had a ledger transaction (a postpaid customer) and did not
// enable the alert is left alone, instead of being told its $0 balance is low.
import { dollarsToUnits, parseAmount } from '@tollgate/money';

/** The account doc's `notifications.low_balance` and `topup` fields (kz_account @4.x). */
export interface LowBalanceFields {
  notifications?: { low_balance?: { enabled?: unknown; sent_low_balance?: unknown; last_notification?: unknown; threshold?: unknown } };
  topup?: { threshold?: unknown };
}

export type LowBalanceDecision = { kind: 'notify' } | { kind: 'reset' } | { kind: 'none'; why: string };

export interface LowBalanceInput {
  account: LowBalanceFields;
  /** Ledger balance, units. */
  balance: number;
  /** Whether the account has any ledger transaction at all. */
  hasLedger: boolean;
  /** notify.low_balance `threshold` in dollars, for accounts without their own. */
  defaultThreshold: number;
  /** notify.account_crawler `low_balance_repeat_s`. */
  repeatS: number;
  /** Gregorian seconds. */
  now: number;
}

/** kz_account:low_balance_threshold: the account's own, else its top-up threshold, else the default; in units. */
export function lowBalanceThreshold(account: LowBalanceFields, defaultThreshold: number): number {
  for (const candidate of [account.notifications?.low_balance?.threshold, account.topup?.threshold]) {
    const amount = parseAmount(candidate);
    if (amount && !amount.isNegative()) return dollarsToUnits(amount);
  }
  return dollarsToUnits(defaultThreshold);
}

export function decideLowBalance(input: LowBalanceInput): LowBalanceDecision {
  const low = input.account.notifications?.low_balance ?? {};
  const sent = low.sent_low_balance === true;
  const lastNotification = typeof low.last_notification === 'number' ? low.last_notification : undefined;
  if (input.balance >= lowBalanceThreshold(input.account, input.defaultThreshold)) {
    return sent || lastNotification !== undefined ? { kind: 'reset' } : { kind: 'none', why: 'balance above the threshold' };
  }
  if (low.enabled === false) return { kind: 'none', why: 'low balance alerts disabled' };
  if (low.enabled === true) {
    if (lastNotification !== undefined && input.now - lastNotification < input.repeatS) return { kind: 'none', why: 'alerted within low_balance_repeat_s' };
    return { kind: 'notify' };
  }
  if (!input.hasLedger) return { kind: 'none', why: 'no ledger (postpaid)' };
  return sent ? { kind: 'none', why: 'already alerted' } : { kind: 'notify' };
}

/** The account doc after a notification was sent, or after the balance came back. */
export function markLowBalance<T extends LowBalanceFields>(account: T, decision: 'notify' | 'reset', now: number): T {
  const current = account.notifications?.low_balance ?? {};
  const { last_notification: _dropped, ...kept } = current;
  const lowBalance = decision === 'notify' ? { ...current, sent_low_balance: true, last_notification: now } : { ...kept, sent_low_balance: false };
  return { ...account, notifications: { ...account.notifications, low_balance: lowBalance } };
}
