// Kazoo's ledger doc (kz_ledger, kzd_ledgers): usage of a source service — per-minute calls,
// payments, anything a client records — as a credit or debit in units, in the account's MODB.
// `amount` is units and never negative; `pvt_ledger_type` says which way it goes.
import { createHash } from 'node:crypto';
import { accountId as toAccountId, encodedAccountDb, fromGregorian, gregorianNow } from '@tollgate/kazoo-db';

export const LEDGER_TYPES = ['credit', 'debit'] as const;
export type LedgerType = (typeof LEDGER_TYPES)[number];

export interface LedgerUsage {
  type?: string;
  quantity?: number;
  unit?: string;
}

export interface LedgerDoc extends Record<string, unknown> {
  _id: string;
  _rev?: string;
  pvt_type: 'ledger';
  pvt_ledger_type: LedgerType;
  amount: number;
  account?: { id?: string; name?: string };
  source: { service: string; id?: string };
  usage?: LedgerUsage;
  period?: { start?: number; end?: number };
  description?: string;
  metadata?: Record<string, unknown>;
  executor?: { trigger?: string; module?: string };
  audit?: Record<string, unknown>;
  pvt_account_id?: string;
  pvt_account_db?: string;
  pvt_created: number;
  pvt_modified?: number;
  pvt_deleted?: boolean;
}

/** Signed units: credits add, debits subtract (the `ledgers` views' rule). */
export function signedLedgerAmount(doc: Pick<LedgerDoc, 'amount' | 'pvt_ledger_type'>): number {
  const amount = typeof doc.amount === 'number' ? doc.amount : 0;
  return doc.pvt_ledger_type === 'debit' ? -amount : amount;
}

/** `YYYYMM-` of a Gregorian timestamp: Kazoo's MODB prefix of a doc id (kazoo_modb_util:modb_id). */
export function modbIdPrefix(gregorian: number): string {
  const d = fromGregorian(gregorian);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}-`;
}

/**
 * The part of an entry's id that names its source for this account, whatever the month: a
 * client's `source.id` is unique per account and source service, so a retried request finds what
 * it recorded before.
 */
export function ledgerSourceKey(accountId: string, service: string, sourceId: string): string {
  return createHash('md5').update(JSON.stringify([toAccountId(accountId), service, sourceId])).digest('hex');
}

export interface NewLedgerEntry {
  /** The account whose MODB holds it (the reseller's, for a copy that impacts a reseller). */
  ownerId: string;
  /** The account the entry is about (`account.id`): its owner, or the customer a reseller's copy names. */
  account: { id: string; name?: string };
  type: LedgerType;
  /** Units, > 0. */
  amount: number;
  source: { service: string; id: string };
  usage: LedgerUsage;
  period?: { start?: number; end?: number };
  description?: string;
  metadata?: Record<string, unknown>;
  executor?: { trigger?: string; module?: string };
  audit?: Record<string, unknown>;
  now?: number;
}

/** A ledger entry keyed by its source (`YYYYMM-<md5 of account, service, source id>`), in kz_ledger's shape. */
export function newLedgerEntry(e: NewLedgerEntry): LedgerDoc {
  if (!Number.isSafeInteger(e.amount) || e.amount <= 0) throw new RangeError(`a ledger amount must be a positive number of units, got ${e.amount}`);
  const now = e.now ?? gregorianNow();
  const ownerId = toAccountId(e.ownerId);
  const doc: LedgerDoc = {
    _id: modbIdPrefix(now) + ledgerSourceKey(e.account.id, e.source.service, e.source.id),
    pvt_type: 'ledger',
    pvt_ledger_type: e.type,
    amount: e.amount,
    account: e.account.name === undefined ? { id: e.account.id } : { id: e.account.id, name: e.account.name },
    source: { service: e.source.service, id: e.source.id },
    usage: e.usage,
    period: { start: e.period?.start ?? now, ...(e.period?.end !== undefined ? { end: e.period.end } : {}) },
    metadata: e.metadata ?? {},
    pvt_account_id: ownerId,
    pvt_account_db: encodedAccountDb(ownerId),
    pvt_created: now,
    pvt_modified: now,
  };
  if (e.description !== undefined) doc.description = e.description;
  if (e.executor) doc.executor = e.executor;
  if (e.audit) doc.audit = e.audit;
  return doc;
}

/**
 * kz_ledger:reset then save in the reseller: the same entry for the reseller's MODB, still naming
 * the account it is about, with the original's public fields under `metadata.origin_ledger`.
 */
export function resellerCopyOf(entry: LedgerDoc, resellerId: string): LedgerDoc {
  const { _rev, ...saved } = entry;
  const origin: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) if (k.startsWith('_') || k.startsWith('pvt_')) origin[k.replace(/^pvt_|^_/, '')] = v;
  const reseller = toAccountId(resellerId);
  return {
    ...saved,
    metadata: { ...(entry.metadata ?? {}), origin_ledger: origin },
    pvt_account_id: reseller,
    pvt_account_db: encodedAccountDb(reseller),
  };
}
