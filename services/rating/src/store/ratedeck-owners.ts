// For rates/number with a `ratedeck_id`: who owns the deck (its `ratedeck_owner` doc) and that
// owner's tree, read from CouchDB on the REST path only (rate_req never asks).
import { fetchAccount, treeOf } from '@tollgate/accounts';
import type { Couch } from '@tollgate/kazoo-db';
import { isRatedeckId, ratedeckStanding } from '@tollgate/ratedecks';

export async function ratedeckOwner(couch: Couch, ratedeckId: string): Promise<{ accountId: string; tree: string[] } | undefined> {
  if (!isRatedeckId(ratedeckId)) return undefined;
  const standing = await ratedeckStanding(couch, ratedeckId);
  if (standing.kind !== 'owned') return undefined;
  const account = await fetchAccount(couch, standing.accountId);
  return { accountId: standing.accountId, tree: account ? [...treeOf(account)] : [] };
}
