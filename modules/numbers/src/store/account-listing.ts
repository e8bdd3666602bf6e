// The account-side copy Kazoo keeps: every number assigned to an account is also saved in the
// account's db (knm_phone_number:assign), and crossbar/services list an account's numbers from
// there (knm_numbers:account_listing over view phone_numbers/crossbar_listing). E.164 ids all
// start with "+", so an `_all_docs` range reads them without building a view.
import { accountDbName, type Couch } from '@tollgate/kazoo-db';
import { type AccountNumber, featureNames, isNumberDoc, type NumberDoc, stateOf } from '../domain/number-doc';
import { idRange } from './id-range';

const PAGE = 1000;

/** The number docs held in an account's db (not deleted), sorted by number. */
export async function accountNumberDocs(couch: Couch, accountId: string): Promise<NumberDoc[]> {
  const out: NumberDoc[] = [];
  for await (const page of idRange<NumberDoc>(couch, accountDbName(accountId), '+', PAGE)) {
    for (const doc of page) if (isNumberDoc(doc) && doc.pvt_deleted !== true) out.push(doc);
  }
  return out;
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

/** States in which a number still belongs to its account: in service, reserved, porting in or out. */
const HELD_STATES: ReadonlySet<string> = new Set(['in_service', 'reserved', 'port_in', 'port_out']);

/** How many numbers the account still holds (a safe delete of the account refuses while any do). */
export async function countHeldNumbers(couch: Couch, accountId: string): Promise<number> {
  return (await accountNumberDocs(couch, accountId)).filter((doc) => HELD_STATES.has(stateOf(doc))).length;
}
