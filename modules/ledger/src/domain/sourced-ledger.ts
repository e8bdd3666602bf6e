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
