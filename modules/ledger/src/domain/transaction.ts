// Kazoo's transaction document (kz_transaction @4.2): a credit or debit in integer units, stored in
// the account's MODB. Balances are the sum of credits minus debits.
import { randomBytes } from 'node:crypto';
import { accountId as toAccountId, encodedAccountDb, gregorianNow } from '@tollgate/kazoo-db';

/** wht_util transaction codes. */
export const TRANSACTION_CODES = {
  per_minute_call: 1001,
  sub_account_per_minute_call: 1002,
  feature_activation: 2001,
  sub_account_feature_activation: 2002,
  number_activation: 2003,
  sub_account_number_activation: 2004,
  numbers_activation: 2005,
  sub_account_numbers_activation: 2006,
  manual_addition: 3001,
  sub_account_manual_addition: 3002,
  auto_addition: 3003,
  sub_account_auto_addition: 3004,
  admin_discretion: 3005,
  topup: 3006,
  database_rollup: 4000,
  recurring: 5000,
  monthly_recurring: 5001,
  recurring_prorate: 5002,
  mobile: 6000,
  activation_charges: 2001,
  unknown: 9999,
} as const;

export type TransactionReason = keyof typeof TRANSACTION_CODES;

export const TRANSACTION_TYPES = ['credit', 'debit'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export interface Transaction extends Record<string, unknown> {
  _id: string;
  _rev?: string;
  pvt_type: TransactionType;
  /** Units, always > 0; the type says which way it goes. */
  pvt_amount: number;
  pvt_reason: string;
  pvt_code: number;
  description?: string;
  pvt_account_id: string;
  pvt_account_db: string;
  pvt_created: number;
  pvt_modified: number;
  pvt_vsn: number;
  sub_account_id?: string;
  metadata?: Record<string, unknown>;
}

export interface NewTransaction {
  accountId: string;
  type: TransactionType;
  amount: number;
  reason: TransactionReason;
  description?: string;
  subAccountId?: string;
  metadata?: Record<string, unknown>;
  /** Fixed id for idempotent writes (e.g. one monthly recurring per month). */
  id?: string;
  now?: number;
}

export function newTransaction(t: NewTransaction): Transaction {
  if (!Number.isSafeInteger(t.amount) || t.amount <= 0) throw new RangeError(`a transaction amount must be a positive number of units, got ${t.amount}`);
  const now = t.now ?? gregorianNow();
  const id = toAccountId(t.accountId);
  const tx: Transaction = {
    _id: t.id ?? randomBytes(16).toString('hex'),
    pvt_type: t.type,
    pvt_amount: t.amount,
    pvt_reason: t.reason,
    pvt_code: TRANSACTION_CODES[t.reason],
    pvt_account_id: id,
    pvt_account_db: encodedAccountDb(id),
    pvt_created: now,
    pvt_modified: now,
    pvt_vsn: 2,
  };
  if (t.description) tx.description = t.description;
  if (t.subAccountId) tx.sub_account_id = t.subAccountId;
  if (t.metadata) tx.metadata = t.metadata;
  return tx;
}

/** A transaction id chosen by a caller as its retry key: a CouchDB doc id that is not a design or local doc. */
export const TRANSACTION_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** Signed effect on the balance: credits add, debits subtract. */
export function signedAmount(tx: Pick<Transaction, 'pvt_type' | 'pvt_amount'>): number {
  return tx.pvt_type === 'credit' ? tx.pvt_amount : -tx.pvt_amount;
}
