// Reads every document of an account db a page of _all_docs at a time (account dbs hold users,
// devices, numbers and such; large per-call data lives in MODBs), so no view has to be built first.
import { type Couch, type Doc, isNotFound } from '@tollgate/kazoo-db';

const PAGE = 1000;

/** Visits every doc (design docs left out); false when the db does not exist. */
export async function scanAccountDocs(couch: Couch, db: string, visit: (doc: Doc) => void): Promise<boolean> {
  try {
    for await (const page of couch.docPages(db, { pageSize: PAGE })) for (const doc of page) visit(doc);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
