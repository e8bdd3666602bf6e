// kz_bookkeeper_local: money stays in Tollgate. A sync writes the month's recurring charge as one
// debit in the account's MODB (replaced, not added, when the account is synced again that month),
// charged transactions are written to the ledger, and balances are derived from the ledger.
import { toGregorian } from '@tollgate/kazoo-db';
import { deleteTransaction, type LedgerDeps, listTransactions, newTransaction, saveTransaction } from '@tollgate/ledger';
import type { ServiceItem } from '../pricing/create-items';
import { priceItems } from '../pricing/price-items';
import type { Bookkeeper, BookkeeperSyncResult } from './bookkeeper';

export const MONTHLY_RECURRING_ID = 'monthly_recurring';

export interface LocalBookkeeperOptions {
  /** The ledger the charges are written to. */
  ledger: LedgerDeps;
  now?: () => Date;
}

export function localBookkeeper(opts: LocalBookkeeperOptions): Bookkeeper {
  const { ledger } = opts;
  const now = opts.now ?? (() => new Date());
  return {
    type: 'local',
    async isGoodStanding() {
      return true;
    },
    async sync(items: readonly ServiceItem[], billingId: string): Promise<BookkeeperSyncResult> {
      const total = priceItems(items).total;
      const when = now();
      if (total > 0) {
        const tx = newTransaction({
          accountId: billingId,
          type: 'debit',
          amount: total,
          reason: 'monthly_recurring',
          description: 'monthly recurring charges for service plan items',
          id: MONTHLY_RECURRING_ID,
          now: toGregorian(when),
          metadata: { items: items.filter((i) => i.quantity > 0).map((i) => ({ category: i.category, item: i.item, quantity: i.quantity, rate: i.rate.toString() })) },
        });
        await saveTransaction(ledger, tx);
      } else {
        // Nothing billed this month any more: the month's recurring debit goes away.
        await deleteTransaction(ledger, billingId, MONTHLY_RECURRING_ID, when);
      }
      return 'ok';
    },
    transactions(accountId, from, to) {
      return listTransactions(ledger.couch, accountId, from, to);
    },
    async chargeTransactions(_billingId, transactions) {
      for (const tx of transactions) await saveTransaction(ledger, tx);
      return [];
    },
    async cancel() {
      // Nothing recurs outside Tollgate: the ledger of a deleted account is kept as it is.
    },
  };
}
