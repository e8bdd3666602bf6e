// make_reseller / demote_reseller (kz_services_reseller:promote/demote, seed 000's maintenance
// verbs; PUT/DELETE /v2/accounts/{id}/reseller): the flag on the account and services docs, then
// every descendant's reseller recomputed (reference §5).
import { errors } from '@tollgate/errors';
import { stampPvt } from '@tollgate/kazoo-db';
import { setResellerFlag } from '@tollgate/services';
import type { AccountsDeps } from './deps';
import { hasDescendantsError } from './delete-account';
import { isDeleted, treeOf } from './domain/account-doc';
import { findMasterAccountId } from './master-id';
import { alignAccount, resellerFlags } from './reseller-cascade';
import { fetchAccount, updateAccountDoc } from './store/account-store';
import { descendantRows } from './store/tree-views';
import { withTreeLock } from './store/tree-lock';
import { docWriter } from './store/writer';

/** The account and its descendants when its reseller flag may change, or Kazoo's error; reads only. */
async function checkedChange(deps: AccountsDeps, accountId: string, flag: boolean) {
  const account = await fetchAccount(deps.couch, accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
  const masterId = await findMasterAccountId(deps);
  if (accountId === masterId || treeOf(account).length === 0) {
    throw errors.forbidden(`the master account is always its own reseller and cannot be ${flag ? 'promoted' : 'demoted'}`, accountId);
  }
  const below = (await descendantRows(deps.couch, accountId)).filter((r) => r.id !== accountId);
  const before = await resellerFlags(deps, below.map((r) => r.id));
  const nested = below.filter((r) => before(r.id));
  // Kazoo refuses both while a reseller sits below: its price lists would change owner silently.
  if (nested.length > 0) throw hasDescendantsError(accountId, nested.length);
  return { account, masterId, below };
}

async function setReseller(deps: AccountsDeps, accountId: string, flag: boolean): Promise<void> {
  // Checked once before the lock too: taking it writes the shared lock doc, and a refused request writes nothing.
  await checkedChange(deps, accountId, flag);
  await withTreeLock(docWriter(deps), async () => {
    const { account, masterId, below } = await checkedChange(deps, accountId, flag);
    await updateAccountDoc(deps, accountId, (cur) => (cur.pvt_reseller === flag ? undefined : stampPvt({ ...cur, pvt_reseller: flag })));
    await setResellerFlag(deps, accountId, flag);
    const isReseller = await resellerFlags(deps, [...treeOf(account), accountId, ...below.flatMap((r) => [r.id, ...r.tree])]);
    for (const row of below) await alignAccount(deps, row.id, isReseller, masterId);
  });
}

/** Promotes the account to reseller: all its sub-accounts get it as their reseller. */
export async function makeReseller(deps: AccountsDeps, accountId: string): Promise<void> {
  await setReseller(deps, accountId, true);
}

/** Removes reseller status: its sub-accounts fall back to the next reseller above (or the master). */
export async function demoteReseller(deps: AccountsDeps, accountId: string): Promise<void> {
  await setReseller(deps, accountId, false);
}
