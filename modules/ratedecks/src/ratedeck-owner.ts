// Who a ratedeck belongs to. A deck first written by a reseller's import records that reseller in
// a `ratedeck_owner` document in the deck's own db (visible and editable in Fauxton, replicated
// with the deck). The default deck, and any deck with rates but no such record, is a system deck.
import { type Couch, DEFAULT_RATEDECK, GLOBAL_DBS, gregorianNow, isConflict, isNotFound, ratedeckDb } from '@tollgate/kazoo-db';

export const RATEDECK_OWNER_DOC_ID = 'ratedeck_owner';
export const RATEDECK_OWNER_TYPE = 'ratedeck_owner';

/** `system`: the default deck or one without an owner; `owned`: a reseller's; `unclaimed`: missing or empty, the first writer's to take. */
export type RatedeckStanding = { kind: 'system' } | { kind: 'owned'; accountId: string } | { kind: 'unclaimed' };

export interface RatedeckOwnerDoc {
  _id: typeof RATEDECK_OWNER_DOC_ID;
  _rev?: string;
  pvt_type: typeof RATEDECK_OWNER_TYPE;
  pvt_account_id: string;
  pvt_created: number;
  pvt_modified: number;
  pvt_vsn: '1';
  /** The task whose import claimed the deck. */
  pvt_task_id?: string;
  [key: string]: unknown;
}

async function docCount(couch: Couch, db: string): Promise<number | undefined> {
  try {
    const info = (await couch.nano.db.get(db)) as unknown as { doc_count: number };
    return info.doc_count;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** system_config hotornot `default_ratedeck` (the deck of every account without one), as a db name. */
async function configuredDefaultDb(couch: Couch): Promise<string> {
  const doc = await couch.get<{ _id: string; default?: { default_ratedeck?: unknown } }>(GLOBAL_DBS.systemConfig, 'hotornot');
  const id = doc?.default?.default_ratedeck;
  try {
    return typeof id === 'string' && id !== '' ? ratedeckDb(id) : DEFAULT_RATEDECK;
  } catch {
    return DEFAULT_RATEDECK;
  }
}

/** The deck's standing, read now. `ratedeckId` is a valid id (`ratedeck`, `bulk`, ...). */
export async function ratedeckStanding(couch: Couch, ratedeckId: string): Promise<RatedeckStanding> {
  const db = ratedeckDb(ratedeckId);
  // The default deck, and the one system_config names as default (even before it exists), rate everyone: never a reseller's.
  if (db === DEFAULT_RATEDECK || db === (await configuredDefaultDb(couch))) return { kind: 'system' };
  const owner = await couch.get<RatedeckOwnerDoc>(db, RATEDECK_OWNER_DOC_ID);
  if (owner && owner.pvt_type === RATEDECK_OWNER_TYPE && typeof owner.pvt_account_id === 'string' && owner.pvt_account_id !== '') {
    return { kind: 'owned', accountId: owner.pvt_account_id };
  }
  const count = await docCount(couch, db);
  return count === undefined || count === 0 ? { kind: 'unclaimed' } : { kind: 'system' };
}

/**
 * Makes an unclaimed deck `accountId`'s (creating its db) and returns the standing that holds
 * afterwards: of two resellers claiming one new deck at once, CouchDB lets only one owner doc in.
 */
export async function claimRatedeck(couch: Couch, ratedeckId: string, accountId: string, taskId?: string): Promise<RatedeckStanding> {
  const standing = await ratedeckStanding(couch, ratedeckId);
  if (standing.kind !== 'unclaimed') return standing;
  const db = ratedeckDb(ratedeckId);
  await couch.ensureDb(db);
  const now = gregorianNow();
  const doc: RatedeckOwnerDoc = {
    _id: RATEDECK_OWNER_DOC_ID,
    pvt_type: RATEDECK_OWNER_TYPE,
    pvt_account_id: accountId,
    pvt_created: now,
    pvt_modified: now,
    pvt_vsn: '1',
    ...(taskId ? { pvt_task_id: taskId } : {}),
  };
  try {
    await couch.put(db, doc);
    return { kind: 'owned', accountId };
  } catch (err) {
    if (!isConflict(err)) throw err;
    return ratedeckStanding(couch, ratedeckId);
  }
}
