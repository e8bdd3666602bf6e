// A ledger entry recorded over the REST API (cb_ledgers' credit and debit): its id names its
// source rather than its period, `YYYYMM-<md5 of the account it is about, source service, source
// id>`, so a client's `source.id` is unique per account and service and a retried request (even in
// a later month, even with another period) finds what it recorded. Pure.
import { createHash } from 'node:crypto';
import { accountId as toAccountId, encodedAccountDb } from '@tollgate/kazoo-db';
import { type LedgerDoc, type NewLedger, newLedger, yearMonthOf } from './ledger-doc';

/** The id's part that stays the same whatever the month. */
export function ledgerSourceKey(accountId: string, service: string, sourceId: string): string {
  return createHash('md5').update(JSON.stringify([toAccountId(accountId), service, sourceId])).digest('hex');
}

export interface NewSourcedLedger extends NewLedger {
  /** Gregorian seconds it is recorded at: its month (id and MODB), whatever the period says. */
  created: number;
  /** kz_ledger's executor (who recorded it) and audit (on whose request). */
  executor?: { trigger: string; module: string };
  audit?: Record<string, unknown>;
}

export function newSourcedLedger(input: NewSourcedLedger): LedgerDoc {
  const doc = newLedger(input);
  doc._id = `${yearMonthOf(doc.pvt_created)}-${ledgerSourceKey(doc.account.id, doc.source.service, doc.source.id)}`;
  doc.pvt_account_db = encodedAccountDb(doc.pvt_account_id);
  if (input.executor) doc.executor = input.executor;
  if (input.audit) doc.audit = input.audit;
  return doc;
}

/**
 * kz_ledger:reset, then saved in the reseller: the same entry (same id) for the reseller's MODB and
 * balance, still naming the account it is about, the original's private fields (without their
 * `pvt_` or `_`) under `metadata.origin_ledger`.
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

/** The source id of the entry that reverses `entryId`: deterministic, so a retried delete meets it. */
export const reversalSourceId = (entryId: string) => `reverses:${entryId}`;

/** Is this entry a reversal, or one that was reversed (the pair a listing hides unless asked)? */
export function isReversedPair(doc: LedgerDoc): boolean {
  return typeof doc.reversed_by === 'string' || typeof doc.metadata?.reverses === 'string';
}

export interface ReversalInput {
  /** Gregorian seconds it is recorded at (its month, id and MODB). */
  now: number;
  executor?: { trigger: string; module: string };
  audit?: Record<string, unknown>;
}

/**
 * The entry that undoes `entry` (a deleted payment or charge): the same amount the other way, in
 * the same source service and period, `metadata.reverses` naming the original. Recorded in the
 * month it is made, so the original's month keeps what happened then (the audit trail). Pure.
 */
export function reversalOf(entry: LedgerDoc, input: ReversalInput): LedgerDoc {
  return newSourcedLedger({
    ledgerAccountId: entry.pvt_account_id,
    account: { ...entry.account },
    type: entry.pvt_ledger_type === 'credit' ? 'debit' : 'credit',
    amount: entry.amount,
    source: { service: entry.source.service, id: reversalSourceId(entry._id) },
    usage: { ...entry.usage },
    period: { ...entry.period },
    description: `reversal of ${entry.description ?? entry.source.id}`,
    metadata: { reverses: entry._id, reversed_source: { ...entry.source } },
    created: input.now,
    now: input.now,
    ...(input.executor ? { executor: input.executor } : {}),
    ...(input.audit ? { audit: input.audit } : {}),
  });
}
