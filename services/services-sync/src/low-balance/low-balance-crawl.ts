// notify_account_crawler's low balance pass: every account's ledger balance against its
// threshold, through the accounts module's one-account check (checkLowBalance), which the
// charging service also runs right after a debit takes an account under its threshold.
import { checkLowBalance, type LowBalanceDeps } from '@tollgate/accounts';
import { type Couch, GLOBAL_DBS, gregorianNow, isAccountId } from '@tollgate/kazoo-db';
import { ledgerTotals, modbsByAccount } from '@tollgate/ledger';
import { createLogger } from '@tollgate/log';

const log = createLogger('services.low_balance');

export type { LowBalanceDeps } from '@tollgate/accounts';

export interface LowBalanceReport {
  checked: number;
  notified: string[];
  reset: string[];
}

async function accountIds(couch: Couch): Promise<string[]> {
  return (await couch.allDocs(GLOBAL_DBS.accounts)).map((r) => r.id).filter(isAccountId);
}

export async function crawlLowBalances(deps: LowBalanceDeps, now = gregorianNow()): Promise<LowBalanceReport> {
  const report: LowBalanceReport = { checked: 0, notified: [], reset: [] };
  if (!deps.ledger.current.crawlForLowBalance) return report;
  const modbs = await modbsByAccount(deps.couch);
  for (const accountId of await accountIds(deps.couch)) {
    report.checked++;
    try {
      const { balance, transactions } = await ledgerTotals(deps.couch, modbs.get(accountId) ?? []);
      const outcome = await checkLowBalance(deps, accountId, { balance, hasLedger: transactions > 0 }, now);
      if (outcome === 'notified') report.notified.push(accountId);
      if (outcome === 'reset') report.reset.push(accountId);
    } catch (err) {
      // One account's failure (its db gone, the bus down) never stops the others; the next crawl retries.
      log.warn('low balance check failed', { account: accountId, error: (err as Error).message });
    }
  }
  return report;
}
