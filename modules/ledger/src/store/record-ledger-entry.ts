// Records a ledger entry keyed by its source (cb_ledgers' credit and debit): once per account,
// source service and source id, whatever the month a retry comes in. The write is saveLedgers'
// (the MODB made on demand, DocWriter announcing it).
import { accountDbName, type Couch, parseAccountRef } from '@tollgate/kazoo-db';
import { publishDocChange } from '@tollgate/service-kit';
import type { LedgerDeps } from '../deps';
import { type LedgerDoc, signedLedgerAmount } from '../domain/ledger-doc';
import { ledgerDb, saveLedgers } from './write-ledgers';

/** Another entry already holds the source id (a different amount or direction). */
export class LedgerSourceTaken extends Error {
  constructor(readonly existing: LedgerDoc) {
    super(`ledger entry ${existing._id} already records ${existing.source.service} ${existing.source.id} as a ${existing.pvt_ledger_type} of ${existing.amount} units`);
  }
}

const sourceKeyOf = (id: string) => id.replace(/^\d{6}-/, '');

/** The entry with this source key in any of the owner's MODBs, newest month first. */
async function findBySourceKey(couch: Couch, ownerId: string, key: string): Promise<LedgerDoc | undefined> {
  const base = accountDbName(ownerId);
  const modbs = (await couch.dbsBetween(`${base}-000000`, `${base}-999999`)).filter((db) => db.startsWith(`${base}-`) && parseAccountRef(db)?.year !== undefined).sort().reverse();
  for (const db of modbs) {
    const ref = parseAccountRef(db);
    const doc = await couch.get<LedgerDoc>(db, `${ref?.year}${String(ref?.month).padStart(2, '0')}-${key}`);
    if (doc && doc.pvt_type === 'ledger') return doc;
  }
  return undefined;
}

function settle(earlier: LedgerDoc, entry: LedgerDoc): { entry: LedgerDoc; existed: boolean } {
  if (signedLedgerAmount(earlier) !== signedLedgerAmount(entry)) throw new LedgerSourceTaken(earlier);
  return { entry: earlier, existed: true };
}

/**
 * Saves `entry` (newSourcedLedger, or its resellerCopyOf) in its owner's MODB. When its source is
 * already recorded for the owner with the same signed amount (a retried request), the stored entry
 * is returned and nothing is written; another amount or direction throws LedgerSourceTaken.
 */
export async function recordLedgerEntryOnce(deps: LedgerDeps, entry: LedgerDoc): Promise<{ entry: LedgerDoc; existed: boolean }> {
  const earlier = await findBySourceKey(deps.couch, entry.pvt_account_id, sourceKeyOf(entry._id));
  if (earlier) return settle(earlier, entry);
  const saved = await saveLedgers(deps, [entry]);
  if (saved.written.length === 1) {
    const written = (await deps.couch.get<LedgerDoc>(ledgerDb(entry), entry._id)) ?? entry;
    // `ledger` docs are not announced (datamgr's exclude list: a call's charge is one each), but an
    // entry recorded by hand (a payment, an adjustment) moves the balance that authorization holds:
    // its doc_created is published so balance caches drop the account's figure.
    if (deps.bus) await publishDocChange(deps.bus, 'created', ledgerDb(entry), written);
    return { entry: written, existed: false };
  }
  // The same source recorded at this very moment by another request.
  const winner = await deps.couch.get<LedgerDoc>(ledgerDb(entry), entry._id);
  if (!winner) throw new Error(`ledger entry ${entry._id} was refused as existing but is not there`);
  return settle(winner, entry);
}
