// For rates/number with a `ratedeck_id`: who owns the deck (its `ratedeck_owner` doc) and that
// owner's tree, read from CouchDB on the REST path only (rate_req never asks).
import { type Couch, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { isRatedeckId, ratedeckStanding } from '@tollgate/ratedecks';

export async function ratedeckOwner(couch: Couch, ratedeckId: string): Promise<{ accountId: string; tree: string[] } | undefined> {
  if (!isRatedeckId(ratedeckId)) return undefined;
  const standing = await ratedeckStanding(couch, ratedeckId);
  if (standing.kind !== 'owned') return undefined;
  const account = await couch.get<{ _id: string; pvt_tree?: unknown }>(GLOBAL_DBS.accounts, standing.accountId);
  const tree = Array.isArray(account?.pvt_tree) ? account.pvt_tree.filter((a): a is string => typeof a === 'string') : [];
  return { accountId: standing.accountId, tree };
}
