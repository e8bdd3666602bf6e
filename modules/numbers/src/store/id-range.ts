// Docs whose ids start with a prefix, a page at a time through `_all_docs` (no view to build).
// E.164 ids all start with "+", so an account's numbers and the numbers under a dialling prefix
// are id ranges.
import { type Couch, type Doc, isNotFound } from '@tollgate/kazoo-db';

/** Pages of the docs whose id starts with `prefix`, in id order; a missing db has none. */
export async function* idRange<D extends Doc>(couch: Couch, db: string, prefix: string, pageSize: number): AsyncGenerator<D[]> {
  let startkey = prefix;
  for (;;) {
    let rows: { id: string; doc?: D }[];
    try {
      rows = await couch.allDocs<D>(db, { startkey, endkey: `${prefix}\ufff0`, include_docs: true, limit: pageSize + 1 });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    yield rows.slice(0, pageSize).flatMap((r) => (r.doc ? [r.doc] : []));
    if (rows.length <= pageSize) return;
    startkey = rows[pageSize].id;
  }
}
