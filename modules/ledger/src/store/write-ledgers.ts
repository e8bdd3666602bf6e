// Ledger docs written once: each goes into the MODB of its month (made on demand, with its design
// docs), several per db in one `_bulk_docs`, through DocWriter. An id already there means the
// entry was written before (a redelivered call, a retried payment): it is reported as such and
// not written again. Any other refusal throws, so the caller retries the whole set.
import { ensureModb, forgetModb, isDbMissing, modbName } from '@tollgate/kazoo-db';
import { DocWriter } from '@tollgate/service-kit';
import type { LedgerDeps } from '../deps';
import { type LedgerDoc, ledgerMonth } from '../domain/ledger-doc';

export interface SavedLedgers {
  /** Written by this call. */
  written: LedgerDoc[];
  /** Already in their MODB (written by an earlier attempt). */
  existed: LedgerDoc[];
}

/** The MODB a ledger doc belongs in. */
export function ledgerDb(doc: LedgerDoc): string {
  return modbName(doc.pvt_account_id, ledgerMonth(doc));
}

function byDb(docs: readonly LedgerDoc[]): Map<string, LedgerDoc[]> {
  const out = new Map<string, LedgerDoc[]>();
  for (const doc of docs) {
    const db = ledgerDb(doc);
    const list = out.get(db);
    if (list) list.push(doc);
    else out.set(db, [doc]);
  }
  return out;
}

async function saveIn(writer: DocWriter, db: string, all: LedgerDoc[], out: SavedLedgers): Promise<void> {
  // One id twice in a set (an event delivered twice in a batch): written once, the other is "there".
  const seen = new Set<string>();
  const docs: LedgerDoc[] = [];
  for (const doc of all) {
    if (seen.has(doc._id)) out.existed.push(doc);
    else {
      seen.add(doc._id);
      docs.push(doc);
    }
  }
  await ensureModb(writer.couch, db);
  let results: Awaited<ReturnType<DocWriter['bulk']>>;
  try {
    results = await writer.bulk(db, docs);
  } catch (err) {
    // The MODB was removed since this process made it: make it again on the retry.
    if (isDbMissing(err)) forgetModb(writer.couch, db);
    throw err;
  }
  const failed: string[] = [];
  results.forEach((r, i) => {
    if (r.ok) out.written.push(docs[i]);
    else if (r.error === 'conflict') out.existed.push(docs[i]);
    else failed.push(`${docs[i]._id}: ${r.error} ${r.reason ?? ''}`.trim());
  });
  if (failed.length > 0) throw new Error(`ledger docs refused by ${db}: ${failed.join('; ')}`);
}

/** Writes each doc once in the MODB of its month (dbs in parallel); which were new, which were there. */
export async function saveLedgers(deps: LedgerDeps, docs: readonly LedgerDoc[]): Promise<SavedLedgers> {
  const out: SavedLedgers = { written: [], existed: [] };
  const writer = new DocWriter(deps);
  await Promise.all([...byDb(docs)].map(([db, list]) => saveIn(writer, db, list, out)));
  return out;
}
