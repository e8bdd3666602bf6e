// Numbers dbs (`numbers/+1415`, Kazoo's sharding on the first 5 characters of the E.164 number).
// The number doc there is the authority; every write carries the revision read, so of two
// requests racing for one number exactly one is saved and the other gets a 409.
import { type Couch, deployDesignDocs, isConflict, isDbMissing, numberDb } from '@tollgate/kazoo-db';
import type { DocWriter } from '@tollgate/service-kit';
import { knmErrors } from '../domain/knm-errors';
import { isNumberDoc, type NumberDoc } from '../domain/number-doc';

/** The number's doc, or undefined when it was never created (a deleted doc is returned: its state says so). */
export async function readNumber(couch: Couch, num: string): Promise<NumberDoc | undefined> {
  const doc = await couch.get<NumberDoc>(numberDb(num), num);
  return isNumberDoc(doc) ? doc : undefined;
}

/** Creates a numbers db with Kazoo's `numbers` design doc (for admins; nothing here queries it). */
export async function ensureNumberDb(couch: Couch, db: string): Promise<void> {
  if (await couch.ensureDb(db)) await deployDesignDocs(couch, db, 'numbers');
}

/** Saves with the revision the doc carries (none = create), announced; a concurrent change is a 409. */
export async function writeNumber(writer: DocWriter, doc: NumberDoc): Promise<NumberDoc> {
  const db = numberDb(doc._id);
  for (let attempt = 0; ; attempt++) {
    try {
      return await writer.put(db, doc);
    } catch (err) {
      if (isConflict(err)) throw knmErrors.conflict(doc._id);
      if (isDbMissing(err) && attempt === 0) {
        await ensureNumberDb(writer.couch, db);
        continue;
      }
      throw err;
    }
  }
}
