// Numbers dbs (`numbers/+1415`, Kazoo's sharding on the first 5 characters of the E.164 number).
// The number doc there is the authority; every write carries the revision read, so of two
// requests racing for one number exactly one is saved and the other gets a 409.
import { type Couch, type Doc, deployDesignDocs, encodeDbName, isConflict, isNotFound, numberDb } from '@tollgate/kazoo-db';
import { knmErrors } from './knm-errors';
import type { NumberDoc } from './number-doc';
import type { NumberState } from './number-states';

/** The number's doc, or undefined when it was never created (a deleted doc is returned: its state says so). */
export async function readNumber(couch: Couch, num: string): Promise<NumberDoc | undefined> {
  const doc = await couch.get<Doc>(numberDb(num), num);
  return doc && doc.pvt_type === 'number' ? (doc as NumberDoc) : undefined;
}

/** Creates a numbers db with Kazoo's `numbers` design doc (for admins; nothing here queries it). */
export async function ensureNumberDb(couch: Couch, db: string): Promise<void> {
  if (await couch.ensureDb(db)) await deployDesignDocs(couch, db, 'numbers');
}

/** Saves with the revision the doc carries (none = create); a concurrent change is a 409. */
export async function writeNumber(couch: Couch, doc: NumberDoc): Promise<NumberDoc> {
  const db = numberDb(doc._id);
  for (let attempt = 0; ; attempt++) {
    try {
      return (await couch.put(db, doc)) as NumberDoc;
    } catch (err) {
      if (isConflict(err)) throw knmErrors.conflict(doc._id);
      if (isNotFound(err) && attempt === 0) {
        await ensureNumberDb(couch, db);
        continue;
      }
      throw err;
    }
  }
}

export interface NewNumber {
  number: string;
  state: NumberState;
  moduleName: string;
  assignedTo?: string;
  reserveHistory?: string[];
  authBy: string;
  portedIn?: boolean;
  publicFields?: Record<string, unknown>;
  carrierData?: Record<string, unknown>;
  now: number;
}

/** knm_phone_number:new + to_json. */
export function newNumberDoc(n: NewNumber): NumberDoc {
  const doc: NumberDoc = {
    ...(n.publicFields ?? {}),
    _id: n.number,
    pvt_type: 'number',
    pvt_db_name: encodeDbName(numberDb(n.number)),
    pvt_state: n.state,
    pvt_module_name: n.moduleName,
    pvt_ported_in: n.portedIn ?? false,
    pvt_features: {},
    pvt_reserve_history: n.reserveHistory ?? [],
    pvt_authorizing_account: n.authBy,
    pvt_created: n.now,
    pvt_modified: n.now,
    pvt_vsn: '1',
  };
  if (n.assignedTo) doc.pvt_assigned_to = n.assignedTo;
  if (n.carrierData) doc.pvt_carrier_data = n.carrierData;
  return doc;
}
