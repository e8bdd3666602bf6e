// kz_bookkeeper_*:commit_transactions: transactions wait on the billing account's services doc
// (`transactions`) and the account is marked dirty, so the next sync charges them.
import { type Couch, GLOBAL_DBS, gregorianNow } from '@tollgate/kazoo-db';
import type { Transaction } from '../ledger/transaction';
import type { ServicesDoc } from '../store/services-doc';

export async function queueTransactions(couch: Couch, billingId: string, transactions: readonly Transaction[], db: string = GLOBAL_DBS.services): Promise<void> {
  const toQueue = transactions.filter((t) => t.pvt_amount > 0);
  if (toQueue.length === 0) return;
  await couch.update<ServicesDoc>(db, billingId, (cur) => {
    if (!cur) throw new Error(`no services doc for billing account ${billingId}`);
    const queued = Array.isArray(cur.transactions) ? cur.transactions : [];
    const ids = new Set(queued.map((t) => t._id));
    return {
      ...cur,
      transactions: [...queued, ...toQueue.filter((t) => !ids.has(t._id))],
      pvt_dirty: true,
      pvt_modified: gregorianNow(),
    };
  });
}
