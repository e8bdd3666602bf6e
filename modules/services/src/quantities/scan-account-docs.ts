// Reads every document of an account db in pages of _all_docs (account dbs hold users, devices,
// numbers and such; large per-call data lives in MODBs), so no view has to be built first.
import { type Couch, type Doc, isNotFound } from '@tollgate/kazoo-db';

const PAGE = 1000;

export async function scanAccountDocs(couch: Couch, db: string, visit: (doc: Doc) => void): Promise<boolean> {
  let startkey: string | undefined;
  for (;;) {
    let rows: { id: string; doc?: Doc }[];
    try {
      const res = await couch.db(db).list({ include_docs: true, limit: PAGE + 1, ...(startkey !== undefined ? { startkey } : {}) });
      rows = res.rows as { id: string; doc?: Doc }[];
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    const page = rows.slice(0, PAGE);
    for (const r of page) if (r.doc && !r.id.startsWith('_design/')) visit(r.doc);
    if (rows.length <= PAGE) return true;
    startkey = rows[PAGE].id;
  }
}
