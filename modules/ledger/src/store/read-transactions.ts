// The ledger's reads. The balance is derived, never stored: over every MODB the account has, its
// credit and debit transactions and its ledger docs (Kazoo 4.2's credit_remaining), each MODB's
// part kept up to date from its `_changes` (modb-totals.ts).
import { accountDbName, type Couch, parseAccountRef } from '@tollgate/kazoo-db';
import { type Transaction, TRANSACTION_TYPES } from '../domain/transaction';
import { modbTotal } from './modb-totals';

/** How many MODBs are read at once for one balance. */
const MODB_READS_AT_ONCE = 6;

/**
 * The account's MODB names, oldest first: `_all_dbs` between `<account db>-` and
 * `<account db>-999999` (the embedded server ignores the range and lists all: filtered here).
 */
async function accountModbs(couch: Couch, accountId: string): Promise<string[]> {
  const prefix = `${accountDbName(accountId)}-`;
  return (await couch.dbsBetween(prefix, `${prefix}999999`)).filter((db) => db.startsWith(prefix) && parseAccountRef(db)?.year !== undefined).sort();
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

/**
 * What these MODBs add up to (units) — transactions and ledger docs — and how many such docs
 * there are (none: the account never had a ledger).
 */
export async function ledgerTotals(couch: Couch, modbs: readonly string[]): Promise<{ balance: number; transactions: number }> {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < modbs.length; i += MODB_READS_AT_ONCE) {
    for (const total of await Promise.all(modbs.slice(i, i + MODB_READS_AT_ONCE).map((db) => modbTotal(couch, db)))) {
      sum += total.units;
      count += total.count;
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

/** Current balance in units: credits − debits, transactions and ledger docs alike. */
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
