// Who a ratedeck belongs to, read now. A deck first written by a reseller's import records that
// reseller in its `ratedeck_owner` doc (visible and editable in Fauxton, replicated with the deck).
// The default deck, and any deck with rates but no such record, is a system deck.
import { type Couch, isConflict, isNotFound, stampPvt } from '@tollgate/kazoo-db';
import { configuredDefaultRatedeck } from '../config';
import { RATEDECK_OWNER_DOC_ID, RATEDECK_OWNER_TYPE, type RatedeckOwnerDoc, ratedeckOwnerOf } from '../domain/ratedeck-owner-doc';
import type { RatedeckStanding } from '../domain/ratedeck-access';
import { DEFAULT_RATEDECK, ratedeckDb } from '../domain/ratedeck-names';
import { type RatedecksWriteDeps, ratedecksWriter } from './ratedecks-writer';

async function docCount(couch: Couch, db: string): Promise<number | undefined> {
  try {
    return (await couch.info(db)).doc_count;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The db of system_config's default deck, or of the default deck when it names none usable. */
async function configuredDefaultDb(couch: Couch): Promise<string> {
  try {
    return ratedeckDb(await configuredDefaultRatedeck(couch));
  } catch {
    return DEFAULT_RATEDECK; // not URL-decodable: names no deck
  }
}

/** The deck's standing, read now. `ratedeckId` is a valid id (`ratedeck`, `bulk`, ...). */
export async function ratedeckStanding(couch: Couch, ratedeckId: string): Promise<RatedeckStanding> {
  const db = ratedeckDb(ratedeckId);
  // The default deck, and the one system_config names as default (even before it exists), rate everyone: never a reseller's.
  if (db === DEFAULT_RATEDECK || db === (await configuredDefaultDb(couch))) return { kind: 'system' };
  const owner = ratedeckOwnerOf(await couch.get<RatedeckOwnerDoc>(db, RATEDECK_OWNER_DOC_ID));
  if (owner !== undefined) return { kind: 'owned', accountId: owner };
  const count = await docCount(couch, db);
  return count === undefined || count === 0 ? { kind: 'unclaimed' } : { kind: 'system' };
}

/**
 * Makes an unclaimed deck `accountId`'s (creating its db) and returns the standing that holds
 * afterwards: of two resellers claiming one new deck at once, CouchDB lets only one owner doc in.
 */
export async function claimRatedeck(deps: RatedecksWriteDeps, ratedeckId: string, accountId: string, taskId?: string): Promise<RatedeckStanding> {
  const standing = await ratedeckStanding(deps.couch, ratedeckId);
  if (standing.kind !== 'unclaimed') return standing;
  const db = ratedeckDb(ratedeckId);
  await deps.couch.ensureDb(db);
  const doc = stampPvt<RatedeckOwnerDoc>({
    _id: RATEDECK_OWNER_DOC_ID,
    pvt_type: RATEDECK_OWNER_TYPE,
    pvt_account_id: accountId,
    ...(taskId ? { pvt_task_id: taskId } : {}),
  });
  try {
    await ratedecksWriter(deps).put(db, doc);
    return { kind: 'owned', accountId };
  } catch (err) {
    if (!isConflict(err)) throw err;
    return ratedeckStanding(deps.couch, ratedeckId);
  }
}
