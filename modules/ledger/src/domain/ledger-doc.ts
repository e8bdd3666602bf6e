// Kazoo's ledger document (kz_ledger / kzd_ledgers @4.3): one debit or credit of a service (a
// finished call's per-minute charge, a payment…) in an account's MODB, `amount` in integer units.
// Its `_id` is `YYYYMM-<md5>` as kz_ledger:maybe_add_id makes it, except that the month is the one
// of the entry's own time (a call's end, not the moment it was written) and that the hash covers
// only what identifies the entry — its source (a call id), the account's id and the doc type — not
// what is priced (usage quantity, amount), renamed (the account's name) or stamped by whoever
// published the event (the period: a call's destroy published again by another node carries
// another Timestamp): a retry that prices the same call again, even differently, meets the same
// id, and its write is refused as a conflict.
import { createHash } from 'node:crypto';
import { accountId as toAccountId, fromGregorian, gregorianNow } from '@tollgate/kazoo-db';

export const LEDGER_TYPES = ['debit', 'credit'] as const;
export type LedgerType = (typeof LEDGER_TYPES)[number];

/** kz_ledgers' registered source of a finished call's per-minute charge. */
export const PER_MINUTE_SOURCE = 'per-minute-voip';

export interface LedgerDoc extends Record<string, unknown> {
  _id: string;
  _rev?: string;
  pvt_type: 'ledger';
  pvt_ledger_type: LedgerType;
  /** Units, > 0; pvt_ledger_type says which way it goes. */
  amount: number;
  /** Who the entry is about (a reseller's entry names its customer here). */
  account: { id: string; name?: string };
  source: { service: string; id: string };
  usage: { type: string; quantity: number; unit: string };
  period: { start: number; end?: number };
  description?: string;
  metadata?: Record<string, unknown>;
  /** The account whose MODB holds the entry (whose balance it changes). */
  pvt_account_id: string;
  pvt_created: number;
  pvt_modified: number;
}

export interface NewLedger {
  /** Whose MODB and balance: the customer for its own charge, the reseller for its cost. */
  ledgerAccountId: string;
  type: LedgerType;
  amount: number;
  /** The account the entry is about (default: ledgerAccountId). */
  account?: { id: string; name?: string };
  source: { service: string; id: string };
  usage: { type: string; quantity: number; unit: string };
  /** Gregorian seconds; `start` places the entry in its month (id and MODB). */
  period: { start: number; end?: number };
  description?: string;
  metadata?: Record<string, unknown>;
  /** Gregorian seconds of the entry's own time, default period.end ?? period.start. */
  created?: number;
  now?: number;
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYYMM` of a Gregorian time, UTC (kazoo_modb_util:modb_id). */
export function yearMonthOf(gregorian: number): string {
  const d = fromGregorian(gregorian);
  return `${d.getUTCFullYear()}${twoDigits(d.getUTCMonth() + 1)}`;
}

/** kz_ledger:create_hash over the identifying fields, in a fixed key order. */
function ledgerHash(doc: Pick<LedgerDoc, 'source' | 'account'>): string {
  const identity = {
    source: { service: doc.source.service, id: doc.source.id },
    account: { id: doc.account.id },
    type: 'ledger',
  };
  return createHash('md5').update(JSON.stringify(identity)).digest('hex');
}

export function newLedger(input: NewLedger): LedgerDoc {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new RangeError(`a ledger amount must be a positive number of units, got ${input.amount}`);
  const owner = toAccountId(input.ledgerAccountId);
  const account = input.account ? { ...input.account, id: toAccountId(input.account.id) } : { id: owner };
  const created = input.created ?? input.period.end ?? input.period.start;
  const doc: LedgerDoc = {
    _id: '',
    pvt_type: 'ledger',
    pvt_ledger_type: input.type,
    amount: input.amount,
    account,
    source: { ...input.source },
    usage: { ...input.usage },
    period: { ...input.period },
    pvt_account_id: owner,
    pvt_created: created,
    pvt_modified: input.now ?? gregorianNow(),
  };
  if (input.description !== undefined) doc.description = input.description;
  if (input.metadata !== undefined) doc.metadata = input.metadata;
  doc._id = `${yearMonthOf(created)}-${ledgerHash(doc)}`;
  return doc;
}

/** The MODB month of a ledger doc (its id's prefix). */
export function ledgerMonth(doc: Pick<LedgerDoc, '_id'>): { year: number; month: number } {
  const m = /^(\d{4})(\d{2})-/.exec(doc._id);
  if (!m) throw new Error(`not a ledger id: ${doc._id}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** Signed effect on the balance (units): credits add, debits subtract. */
export function signedLedgerAmount(doc: Pick<LedgerDoc, 'pvt_ledger_type' | 'amount'>): number {
  return doc.pvt_ledger_type === 'credit' ? doc.amount : -doc.amount;
}
