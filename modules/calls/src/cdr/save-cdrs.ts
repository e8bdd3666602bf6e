// CDRs written once: several per MODB in one `_bulk_docs` through DocWriter (cdr docs are not
// announced by default: datamgr's change_notice_exclude_types). An id already there is a CDR
// written before (a redelivered event): not written again. Any other refusal throws.
import type { Couch } from '@tollgate/kazoo-db';
import { ensureModb, forgetModb, isDbMissing } from '@tollgate/kazoo-db';
import { DocWriter, type DocWriterOptions } from '@tollgate/service-kit';
import { ANONYMOUS_CDR_DB, type CdrDoc } from './cdr-doc';

export interface CdrWrite {
  db: string;
  doc: CdrDoc;
}

async function ensureDb(couch: Couch, db: string): Promise<void> {
  if (db === ANONYMOUS_CDR_DB) await couch.ensureDb(db);
  else await ensureModb(couch, db);
}

/** Writes each CDR once (dbs in parallel); the number newly written. */
export async function saveCdrs(deps: DocWriterOptions, writes: readonly CdrWrite[]): Promise<number> {
  const byDb = new Map<string, CdrDoc[]>();
  const seen = new Set<string>();
  for (const w of writes) {
    // One call twice in a set (an event delivered twice in a batch): its CDR is written once.
    const key = `${w.db}\n${w.doc._id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byDb.get(w.db);
    if (list) list.push(w.doc);
    else byDb.set(w.db, [w.doc]);
  }
  const writer = new DocWriter(deps);
  const counts = await Promise.all(
    [...byDb].map(async ([db, docs]) => {
      await ensureDb(deps.couch, db);
      let results: Awaited<ReturnType<DocWriter['bulk']>>;
      try {
        results = await writer.bulk(db, docs);
      } catch (err) {
        if (isDbMissing(err)) forgetModb(deps.couch, db);
        throw err;
      }
      const failed = results.filter((r) => !r.ok && r.error !== 'conflict').map((r) => `${r.id}: ${r.error} ${r.reason ?? ''}`.trim());
      if (failed.length > 0) throw new Error(`CDRs refused by ${db}: ${failed.join('; ')}`);
      return results.filter((r) => r.ok).length;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
