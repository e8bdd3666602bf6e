// The account-side copy Kazoo keeps: every number assigned to an account is also saved in the
// account's db (knm_phone_number:assign), and crossbar/services list an account's numbers from
// there (knm_numbers:account_listing over view phone_numbers/crossbar_listing). E.164 ids all
// start with "+", so an `_all_docs` range reads them without building a view.
import { accountDbName, type Couch, type Doc, isNotFound } from '@tollgate/kazoo-db';
import { type AccountNumber, featureNames, type NumberDoc, stateOf } from './number-doc';

const PAGE = 1000;

/** The number docs held in an account's db (not deleted), sorted by number. */
export async function accountNumberDocs(couch: Couch, accountId: string): Promise<NumberDoc[]> {
  const db = couch.db(accountDbName(accountId));
  const out: NumberDoc[] = [];
  let startkey = '+';
  for (;;) {
    let res: { rows: { id: string; doc?: Doc | null }[] };
    try {
      res = (await db.list({ startkey, endkey: '+\ufff0', include_docs: true, limit: PAGE + 1 })) as typeof res;
    } catch (err) {
      if (isNotFound(err)) return out;
      throw err;
    }
    const rows = res.rows.slice(0, PAGE);
    for (const row of rows) {
      const doc = row.doc;
      if (doc && doc.pvt_type === 'number' && doc.pvt_deleted !== true) out.push(doc as NumberDoc);
    }
    if (res.rows.length <= PAGE) return out;
    startkey = res.rows[PAGE].id;
  }
}

/** An account's numbers with state, carrier module and feature names (no sub-accounts). */
export async function listAccountNumbers(couch: Couch, accountId: string): Promise<AccountNumber[]> {
  const docs = await accountNumberDocs(couch, accountId);
  return docs.map((doc) => ({
    number: doc._id,
    state: stateOf(doc),
    module_name: typeof doc.pvt_module_name === 'string' ? doc.pvt_module_name : 'knm_local',
    features: featureNames(doc),
  }));
}
