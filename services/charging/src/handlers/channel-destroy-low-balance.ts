// After a batch is written: each account it newly debited has its cached balance moved by the
// debit, and the accounts module's low balance check runs when that debit took the balance under
// the account's threshold. Done after the batch's messages are acknowledged, one batch after the
// other; a failure is logged (services-sync's crawl checks every account anyway).
import type { LowBalanceWatch } from '@tollgate/accounts';
import type { BalanceCache } from '@tollgate/ledger';
import { createLogger } from '@tollgate/log';

const log = createLogger('charging');

export class LowBalanceAfterDebits {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly balances: BalanceCache,
    private readonly watch: LowBalanceWatch,
  ) {}

  /** Queues the checks of one batch's debits (units per account). */
  add(debited: ReadonlyMap<string, number>): void {
    if (debited.size === 0) return;
    for (const [accountId, units] of debited) this.balances.debited(accountId, units);
    this.chain = this.chain.then(() => this.check(debited));
  }

  /** Resolves once every queued check has run. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async check(debited: ReadonlyMap<string, number>): Promise<void> {
    for (const [accountId, units] of debited) {
      try {
        const after = await this.balances.get(accountId);
        const outcome = await this.watch.afterDebit(accountId, after + units, after);
        if (outcome === 'notified') log.info('low balance notification after a debit', { account: accountId, balance: after });
      } catch (err) {
        log.warn('low balance check after a debit failed', { account: accountId, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
}
