// Writing what a batch of finished calls made: their ledger entries (through the ledger module)
// and their CDRs, every doc under its deterministic id, so that a batch written again after a
// crash or a redelivery writes only what was missing. What this write added to each account's
// debits (entries that were already there excluded) is returned for the balances that follow it.
import { type LedgerDoc, type LedgerDeps, saveLedgers } from '@tollgate/ledger';
import type { CdrWrite } from '../cdr/save-cdrs';
import { saveCdrs } from '../cdr/save-cdrs';
import type { CallCharge } from './charge-call';

export interface RecordedCharges {
  /** Units newly debited per account (the MODB owner: the customer, or the reseller for its cost). */
  debited: Map<string, number>;
  ledgersWritten: number;
  ledgersExisting: number;
  cdrsWritten: number;
}

function ledgersOf(charges: readonly CallCharge[]): LedgerDoc[] {
  const out: LedgerDoc[] = [];
  for (const c of charges) {
    if (c.customerLedger) out.push(c.customerLedger);
    if (c.resellerLedger) out.push(c.resellerLedger);
  }
  return out;
}

/** Writes every entry and CDR once; throws when any could not be written (retry the same batch). */
export async function recordCharges(deps: LedgerDeps, charges: readonly CallCharge[], cdrs: readonly CdrWrite[]): Promise<RecordedCharges> {
  const [ledgers, cdrsWritten] = await Promise.all([saveLedgers(deps, ledgersOf(charges)), saveCdrs(deps, cdrs)]);
  const debited = new Map<string, number>();
  for (const doc of ledgers.written) {
    if (doc.pvt_ledger_type !== 'debit') continue;
    debited.set(doc.pvt_account_id, (debited.get(doc.pvt_account_id) ?? 0) + doc.amount);
  }
  return { debited, ledgersWritten: ledgers.written.length, ledgersExisting: ledgers.existed.length, cdrsWritten };
}
