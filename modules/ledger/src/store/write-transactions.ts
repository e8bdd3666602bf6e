// The ledger's writes: a transaction goes into the MODB of its creation month (created if missing)
// through DocWriter, so every credit and debit is announced as a Kazoo document event.
import { ensureModb, forgetModb, fromGregorian, isNotFound, modbName } from '@tollgate/kazoo-db';
import { DocWriter } from '@tollgate/service-kit';
import type { LedgerDeps } from '../deps';
import type { Transaction } from '../domain/transaction';
import { findTransaction } from './read-transactions';

function sameTransaction(a: Transaction, b: Transaction): boolean {
  return a.pvt_type === b.pvt_type && a.pvt_amount === b.pvt_amount && a.pvt_reason === b.pvt_reason && a.description === b.description;
}

/** Saves a transaction in the MODB of its creation month. Same id = same write (replaced only when it differs). */
export async function saveTransaction(deps: LedgerDeps, tx: Transaction): Promise<Transaction> {
  const db = modbName(tx.pvt_account_id, fromGregorian(tx.pvt_created));
  const write = async () => {
    await ensureModb(deps.couch, db);
    return new DocWriter(deps).update<Transaction>(db, tx._id, (cur) => (cur && sameTransaction(cur, tx) ? undefined : { ...tx }));
  };
  try {
    return (await write()) ?? tx;
  } catch (err) {
    // The MODB was removed since this process made it: make it again, once.
    if (!isNotFound(err)) throw err;
    forgetModb(deps.couch, db);
    return (await write()) ?? tx;
  }
}

/** Another transaction already holds the id a caller chose. */
export class TransactionKeyTaken extends Error {
  constructor(readonly existing: Transaction) {
    super(`transaction ${existing._id} already exists as a ${existing.pvt_type} of ${existing.pvt_amount} units`);
  }
}

/**
 * Saves a transaction whose id a caller chose, once: when that id is already in one of the
 * account's MODBs with the same type and amount (a retried request), the stored one is returned
 * and nothing is written; a different transaction under that id is refused.
 */
export async function saveTransactionOnce(deps: LedgerDeps, tx: Transaction): Promise<{ transaction: Transaction; existed: boolean }> {
  const earlier = await findTransaction(deps.couch, tx.pvt_account_id, tx._id);
  if (!earlier) return { transaction: await saveTransaction(deps, tx), existed: false };
  if (earlier.pvt_type !== tx.pvt_type || earlier.pvt_amount !== tx.pvt_amount || earlier.pvt_deleted === true) throw new TransactionKeyTaken(earlier);
  return { transaction: earlier, existed: true };
}

/** Marks a transaction of the MODB of `month` deleted (it no longer counts); nothing when it is missing or already deleted. */
export async function deleteTransaction(deps: LedgerDeps, accountId: string, id: string, month: Date): Promise<void> {
  await new DocWriter(deps).update<Transaction>(modbName(accountId, month), id, (cur) => (cur && cur.pvt_deleted !== true ? { ...cur, pvt_deleted: true } : undefined));
}
