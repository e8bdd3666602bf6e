// The low balance check right after a debit (charging): when a debit takes an account's balance
// from at or above its threshold to under it, checkLowBalance runs at once instead of waiting for
// services-sync's next crawl. The threshold (the account doc's, else notify.low_balance's) is kept
// per account for `maxAgeMs`, so the debits of a busy account cost no account read each.
import { lowBalanceThreshold, type LowBalanceFields } from '@tollgate/ledger';
import { fetchAccount } from '../store/account-store';
import { checkLowBalance, type LowBalanceDeps, type LowBalanceOutcome } from './check-low-balance';

export interface LowBalanceWatchOptions {
  /** How long an account's threshold is kept (ms), read at each use. */
  maxAgeMs: () => number;
  now?: () => number;
}

export class LowBalanceWatch {
  private readonly thresholds = new Map<string, { units: number; at: number }>();
  private readonly now: () => number;

  constructor(
    private readonly deps: LowBalanceDeps,
    private readonly opts: LowBalanceWatchOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** `before` and `after` the debit, in units; the check runs when they straddle the threshold. */
  async afterDebit(accountId: string, before: number, after: number): Promise<LowBalanceOutcome> {
    if (after >= before || !this.deps.ledger.current.crawlForLowBalance) return undefined;
    const threshold = await this.threshold(accountId);
    if (threshold === undefined || !(before >= threshold && after < threshold)) return undefined;
    return checkLowBalance(this.deps, accountId, { balance: after, hasLedger: true });
  }

  private async threshold(accountId: string): Promise<number | undefined> {
    const known = this.thresholds.get(accountId);
    if (known && this.now() - known.at < this.opts.maxAgeMs()) return known.units;
    const account = await fetchAccount(this.deps.couch, accountId);
    if (!account) return undefined;
    const units = lowBalanceThreshold(account as LowBalanceFields, this.deps.ledger.current.lowBalanceThreshold);
    this.thresholds.set(accountId, { units, at: this.now() });
    return units;
  }
}
