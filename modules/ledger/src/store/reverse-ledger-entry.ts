// Deleting a ledger entry (a payment or charge entered by mistake) without losing it: a reversing
// entry of the same amount the other way is recorded once (its source id derives from the
// original's id), then the original is marked `reversed_by`. Both stay in their MODBs and in the
// balance, which returns to what it was. A crash between the two steps is finished by the retry
// (the reversal is found, the mark is made); once marked, the entry is gone for a delete (404).
import { DocWriter } from '@tollgate/service-kit';
import type { LedgerDeps } from '../deps';
import type { LedgerDoc } from '../domain/ledger-doc';
import { type ReversalInput, reversalOf } from '../domain/sourced-ledger';
import { findLedgerEntry } from './ledger-reads';
import { recordLedgerEntryOnce } from './record-ledger-entry';
import { ledgerDb } from './write-ledgers';

export type ReverseOutcome =
  /** No such entry in the account, or it is itself a reversal. */
  | { outcome: 'not_found' }
  /** Reversed by an earlier request. */
  | { outcome: 'already_reversed'; entry: LedgerDoc }
  | { outcome: 'reversed'; entry: LedgerDoc; reversal: LedgerDoc };

/** Reverses the entry `entryId` of `accountId`'s ledgers (see the file's head). */
export async function reverseLedgerEntry(deps: LedgerDeps, accountId: string, entryId: string, input: ReversalInput): Promise<ReverseOutcome> {
  const entry = await findLedgerEntry(deps.couch, accountId, entryId);
  if (!entry || typeof entry.metadata?.reverses === 'string') return { outcome: 'not_found' };
  if (typeof entry.reversed_by === 'string') return { outcome: 'already_reversed', entry };
  const { entry: reversal } = await recordLedgerEntryOnce(deps, reversalOf(entry, input));
  const marked = await new DocWriter(deps).update<LedgerDoc>(ledgerDb(entry), entry._id, (cur) => {
    if (!cur || typeof cur.reversed_by === 'string') return undefined;
    return { ...cur, reversed_by: reversal._id, pvt_modified: input.now };
  });
  return { outcome: 'reversed', entry: marked ?? entry, reversal };
}
