import { decideLowBalance, type LowBalanceInput, lowBalanceThreshold, markLowBalance } from './low-balance';

const DAY = 86400;
const base = (over: Partial<LowBalanceInput>): LowBalanceInput => ({ account: {}, balance: 0, hasLedger: true, defaultThreshold: 5, repeatS: DAY, now: 1_000_000, ...over });

test('the threshold is the account’s own, else its top-up threshold, else notify.low_balance’s; in units', () => {
  expect(lowBalanceThreshold({}, 5)).toBe(50_000);
  expect(lowBalanceThreshold({ topup: { threshold: 12.5 } }, 5)).toBe(125_000);
  expect(lowBalanceThreshold({ notifications: { low_balance: { threshold: '20' } }, topup: { threshold: 12.5 } }, 5)).toBe(200_000);
  expect(lowBalanceThreshold({ notifications: { low_balance: { threshold: 'lots' } } }, 5)).toBe(50_000);
});

test('below the threshold a prepaid account is alerted once (Kazoo’s sent_low_balance), and again after the balance came back', () => {
  expect(decideLowBalance(base({ balance: 49_999 }))).toEqual({ kind: 'notify' });
  const alerted = markLowBalance({}, 'notify', 1_000_000);
  expect(alerted).toEqual({ notifications: { low_balance: { sent_low_balance: true, last_notification: 1_000_000 } } });
  expect(decideLowBalance(base({ account: alerted, balance: 10_000, now: 1_000_000 + 30 * DAY }))).toMatchObject({ kind: 'none' });
  expect(decideLowBalance(base({ account: alerted, balance: 50_000 }))).toEqual({ kind: 'reset' });
  const reset = markLowBalance(alerted, 'reset', 1_000_100);
  expect(reset).toEqual({ notifications: { low_balance: { sent_low_balance: false } } });
  expect(decideLowBalance(base({ account: reset, balance: 60_000 }))).toMatchObject({ kind: 'none' });
  expect(decideLowBalance(base({ account: reset, balance: 1 }))).toEqual({ kind: 'notify' });
});

test('an account that enabled the alert is reminded every low_balance_repeat_s; one that disabled it never', () => {
  const enabled = { notifications: { low_balance: { enabled: true, sent_low_balance: true, last_notification: 1_000_000 } } };
  expect(decideLowBalance(base({ account: enabled, balance: 0, now: 1_000_000 + DAY - 1 }))).toMatchObject({ kind: 'none' });
  expect(decideLowBalance(base({ account: enabled, balance: 0, now: 1_000_000 + DAY }))).toEqual({ kind: 'notify' });
  expect(decideLowBalance(base({ account: { notifications: { low_balance: { enabled: false } } }, balance: -5 }))).toMatchObject({ kind: 'none' });
});

test('a postpaid account (no ledger, alert not enabled) is not told its $0 balance is low; one that enabled it is', () => {
  expect(decideLowBalance(base({ hasLedger: false, balance: 0 }))).toEqual({ kind: 'none', why: 'no ledger (postpaid)' });
  expect(decideLowBalance(base({ hasLedger: false, balance: 0, account: { notifications: { low_balance: { enabled: true } } } }))).toEqual({ kind: 'notify' });
});
