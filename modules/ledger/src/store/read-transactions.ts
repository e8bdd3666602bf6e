// The ledger's reads. The balance is derived, never stored: credits minus debits over every MODB
// the account has.
import { accountDbName, type Couch, parseAccountRef } from '@tollgate/kazoo-db';
import { type Transaction, signedAmount, TRANSACTION_TYPES } from '../domain/transaction';

/** The account's MODB names, oldest first. */
async function accountModbs(couch: Couch, accountId: string): Promise<string[]> {
  const base = accountDbName(accountId);
  return (await couch.listDbs(`${base}-`)).filter((db) => parseAccountRef(db)?.year !== undefined).sort();
}

async function transactionsIn(couch: Couch, db: string): Promise<Transaction[]> {
  const docs = await couch.findOrEmpty<Transaction>(db, { pvt_type: { $in: [...TRANSACTION_TYPES] } }, { limit: 1_000_000 });
  return docs.filter((t) => t.pvt_deleted !== true);
}

/** A transaction by id in any of the account's MODBs (a retry may come in a later month). */
export async function findTransaction(couch: Couch, accountId: string, id: string): Promise<Transaction | undefined> {
  for (const db of (await accountModbs(couch, accountId)).reverse()) {
    const tx = await couch.get<Transaction>(db, id);
    if (tx) return tx;
  }
  return undefined;
}

/** The sum of the transactions in these MODBs (units), and how many there are. */
export async function ledgerTotals(couch: Couch, modbs: readonly string[]): Promise<{ balance: number; transactions: number }> {
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
  return (await ledgerTotals(couch, await accountModbs(couch, accountId))).balance;
}

/** Every account's MODBs, from one listing of the server's dbs (a crawl over all accounts). */
export async function modbsByAccount(couch: Couch): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const db of await couch.listDbs('account/')) {
    const ref = parseAccountRef(db);
    if (ref?.year === undefined) continue;
    out.set(ref.accountId, [...(out.get(ref.accountId) ?? []), db]);
  }
  return out;
}
