// Ledger docs written once: each goes into the MODB of its month (made on demand, with its design
// docs), several per db in one `_bulk_docs` (with other modules' docs for that db when the caller
// passes a DocBatch), through DocWriter. An id already there means the
// entry was written before (a redelivered call, a retried payment): it is reported as such and
// not written again. Any other refusal throws, so the caller retries the whole set.
import { type BulkResult, ensureModb, forgetModb, isDbMissing, modbName } from '@tollgate/kazoo-db';
import { DocBatch, DocWriter } from '@tollgate/service-kit';
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

/** The results of one MODB's docs as written and already-there lists; anything else refused throws. */
function classify(db: string, docs: LedgerDoc[], results: BulkResult[], out: SavedLedgers): void {
  const failed: string[] = [];
  results.forEach((r, i) => {
    if (r.ok) out.written.push(docs[i]);
    else if (r.error === 'conflict') out.existed.push(docs[i]);
    else failed.push(`${docs[i]._id}: ${r.error} ${r.reason ?? ''}`.trim());
  });
  if (failed.length > 0) throw new Error(`ledger docs refused by ${db}: ${failed.join('; ')}`);
}

/**
 * Writes each doc once in the MODB of its month; which were new, which were there. With `batch`,
 * the docs join it (one `_bulk_docs` per MODB with what other modules add) and the result comes
 * once the caller has flushed it; without, they are written now.
 */
export async function saveLedgers(deps: LedgerDeps, docs: readonly LedgerDoc[], batch?: DocBatch): Promise<SavedLedgers> {
  const out: SavedLedgers = { written: [], existed: [] };
  const own = batch ?? new DocBatch(new DocWriter(deps));
  const pending: Promise<void>[] = [];
  for (const [db, all] of byDb(docs)) {
    // One id twice in a set (an event delivered twice in a batch): written once, the other is "there".
    const seen = new Set<string>();
    const list: LedgerDoc[] = [];
    for (const doc of all) {
      if (seen.has(doc._id)) out.existed.push(doc);
      else {
        seen.add(doc._id);
        list.push(doc);
      }
    }
    const results = own.add(db, list, () => ensureModb(deps.couch, db));
    pending.push(
      results.then(
        (r) => classify(db, list, r, out),
        (err: unknown) => {
          // The MODB was removed since this process made it: make it again on the retry.
          if (isDbMissing(err)) forgetModb(deps.couch, db);
          throw err;
        },
      ),
    );
  }
  const all = Promise.all(pending);
  // Settled while the batch is flushed: handled here so a refusal is not an unhandled rejection meanwhile.
  all.catch(() => undefined);
  if (!batch) await own.flush();
  await all;
  return out;
}
