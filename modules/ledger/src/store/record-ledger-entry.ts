// Records a ledger entry keyed by its source (cb_ledgers' credit and debit): once per account,
// source service and source id, whatever the month a retry comes in, through DocWriter so the
// entry is announced as Kazoo's doc_created.
import { accountDbName, type Couch, deployDesignDocs, fromGregorian, isConflict, modbName, parseAccountRef } from '@tollgate/kazoo-db';
import { DocWriter } from '@tollgate/service-kit';
import type { LedgerDeps } from '../deps';
import { type LedgerDoc, signedLedgerAmount } from '../domain/ledger-doc';

/** Another entry already holds the source id (a different amount or direction). */
export class LedgerSourceTaken extends Error {
  constructor(readonly existing: LedgerDoc) {
    super(`ledger entry ${existing._id} already records ${existing.source.service} ${existing.source.id} as a ${existing.pvt_ledger_type} of ${existing.amount} units`);
  }
}

const sourceKeyOf = (id: string) => id.replace(/^\d{6}-/, '');

/** The entry with this source key in any of the owner's MODBs, newest month first. */
async function findBySourceKey(couch: Couch, ownerId: string, key: string): Promise<LedgerDoc | undefined> {
  const modbs = (await couch.listDbs(`${accountDbName(ownerId)}-`)).filter((db) => parseAccountRef(db)?.year !== undefined).sort().reverse();
  for (const db of modbs) {
    const ref = parseAccountRef(db);
    const id = `${ref?.year}${String(ref?.month).padStart(2, '0')}-${key}`;
    const doc = await couch.get<LedgerDoc>(db, id);
    if (doc && doc.pvt_type === 'ledger') return doc;
  }
  return undefined;
}

function sameEntry(a: LedgerDoc, b: LedgerDoc): boolean {
  return a.pvt_deleted !== true && signedLedgerAmount(a) === signedLedgerAmount(b);
}

function settle(earlier: LedgerDoc, entry: LedgerDoc): { entry: LedgerDoc; existed: boolean } {
  if (!sameEntry(earlier, entry)) throw new LedgerSourceTaken(earlier);
  return { entry: earlier, existed: true };
}

/**
 * Saves `entry` (made by newLedgerEntry) in its owner's MODB of its creation month. When its
 * source is already recorded for the owner with the same signed amount (a retried request), the
 * stored entry is returned and nothing is written; another amount or direction throws
 * LedgerSourceTaken.
 */
export async function recordLedgerEntryOnce(deps: LedgerDeps, entry: LedgerDoc): Promise<{ entry: LedgerDoc; existed: boolean }> {
  const owner = String(entry.pvt_account_id);
  const key = sourceKeyOf(entry._id);
  const earlier = await findBySourceKey(deps.couch, owner, key);
  if (earlier) return settle(earlier, entry);
  const db = modbName(owner, fromGregorian(entry.pvt_created));
  if (await deps.couch.ensureDb(db)) await deployDesignDocs(deps.couch, db, 'modb');
  try {
    return { entry: await new DocWriter(deps).put(db, entry), existed: false };
  } catch (err) {
    if (!isConflict(err)) throw err;
    // The same source recorded at this very moment by another request.
    const winner = await deps.couch.get<LedgerDoc>(db, entry._id);
    if (!winner) throw err;
    return settle(winner, entry);
  }
}
