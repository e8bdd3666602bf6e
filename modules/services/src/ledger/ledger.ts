// The local ledger: transactions in the account's monthly dbs (MODBs). The balance is derived,
// never stored: credits minus debits over every MODB the account has.
import { accountDbName, type Couch, fromGregorian, isNotFound, modbName, parseAccountRef } from '@tollgate/kazoo-db';
import { type Transaction, signedAmount } from './transaction';

/** Saves a transaction in the MODB of its creation month (created if missing). Same id = same write. */
export async function saveTransaction(couch: Couch, tx: Transaction): Promise<Transaction> {
  const db = modbName(tx.pvt_account_id, fromGregorian(tx.pvt_created));
  await couch.ensureDb(db);
  const saved = await couch.update<Transaction>(db, tx._id, (cur) => (cur && sameTransaction(cur, tx) ? undefined : { ...tx }));
  return saved ?? tx;
}

function sameTransaction(a: Transaction, b: Transaction): boolean {
  return a.pvt_type === b.pvt_type && a.pvt_amount === b.pvt_amount && a.pvt_reason === b.pvt_reason && a.description === b.description;
}

/** A transaction by id in any of the account's MODBs (a retry may come in a later month). */
export async function findTransaction(couch: Couch, accountId: string, id: string): Promise<Transaction | undefined> {
  for (const db of (await accountModbs(couch, accountId)).reverse()) {
    const tx = await couch.get<Transaction>(db, id).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (tx) return tx;
  }
  return undefined;
}

/** A transaction id chosen by a caller as its retry key: a CouchDB doc id that is not a design or local doc. */
export const TRANSACTION_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

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
export async function saveTransactionOnce(couch: Couch, tx: Transaction): Promise<{ transaction: Transaction; existed: boolean }> {
  const earlier = await findTransaction(couch, tx.pvt_account_id, tx._id);
  if (!earlier) return { transaction: await saveTransaction(couch, tx), existed: false };
  if (earlier.pvt_type !== tx.pvt_type || earlier.pvt_amount !== tx.pvt_amount || earlier.pvt_deleted === true) throw new TransactionKeyTaken(earlier);
  return { transaction: earlier, existed: true };
}

/** The account's MODB names, oldest first. */
export async function accountModbs(couch: Couch, accountId: string): Promise<string[]> {
  const base = accountDbName(accountId);
  return (await couch.listDbs(`${base}-`)).filter((db) => parseAccountRef(db)?.year !== undefined).sort();
}

async function transactionsIn(couch: Couch, db: string): Promise<Transaction[]> {
  try {
    const res = await couch.db(db).find({ selector: { pvt_type: { $in: ['credit', 'debit'] } }, limit: 1_000_000 });
    return (res.docs as unknown as Transaction[]).filter((t) => t.pvt_deleted !== true);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

/** The sum of the transactions in these MODBs (units), and how many there are. */
export async function ledgerOf(couch: Couch, modbs: readonly string[]): Promise<{ balance: number; transactions: number }> {
  let sum = 0;
  let count = 0;
  for (const db of modbs) {
    for (const tx of await transactionsIn(couch, db)) {
      sum += signedAmount(tx);
      count++;
    }
  }
  return { balance: sum, transactions: count };
}

/** Transactions created between two Gregorian timestamps (inclusive), oldest first. */
export async function listTransactions(couch: Couch, accountId: string, from = 0, to = Number.MAX_SAFE_INTEGER): Promise<Transaction[]> {
  const out: Transaction[] = [];
  for (const db of await accountModbs(couch, accountId)) {
    for (const tx of await transactionsIn(couch, db)) if (tx.pvt_created >= from && tx.pvt_created <= to) out.push(tx);
  }
  return out.sort((a, b) => a.pvt_created - b.pvt_created || a._id.localeCompare(b._id));
}

/** Current balance in units (credits - debits). */
export async function balance(couch: Couch, accountId: string): Promise<number> {
  return (await ledgerOf(couch, await accountModbs(couch, accountId))).balance;
}
