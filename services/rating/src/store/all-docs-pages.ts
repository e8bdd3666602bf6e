// Reads a whole db through `_all_docs?include_docs=true`, a page at a time, so a deck of a million
// rates is indexed without any view (JavaScript views index at ~1.5 k docs/s on the embedded server)
// and without holding more than one page in memory.
import type { Couch } from '@tollgate/kazoo-db';

export interface DbSnapshotInfo {
  /** Opaque position to follow `_changes` from once the pages are read. */
  updateSeq: string | number;
  docCount: number;
}

export async function dbSnapshotInfo(couch: Couch, db: string): Promise<DbSnapshotInfo> {
  const info = (await couch.nano.db.get(db)) as { update_seq: string | number; doc_count: number };
  return { updateSeq: info.update_seq, docCount: info.doc_count };
}

/** Every doc of the db (design docs excluded), page by page in id order. */
export function allDocsPages(couch: Couch, db: string, pageSize: number): AsyncGenerator<Record<string, unknown>[]> {
  return couch.docPages(db, { pageSize });
}
