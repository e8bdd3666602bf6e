// DELETE /v2/accounts/{id}: a soft delete (pvt_deleted) of the account doc, its replica and its
// services doc, published on the bus so billing is cancelled and numbers released by their owners.
// Nothing is destroyed: databases and ledgers stay until `tollgate purge_account`.
import { errors, KazooError } from '@tollgate/errors';
import { stampPvt } from '@tollgate/kazoo-db';
import { markAccountServicesDeleted } from '@tollgate/services';
import type { AccountsDeps } from './deps';
import { type AccountDoc, isDeleted, treeOf } from './domain/account-doc';
import { findMasterAccountId } from './master-id';
import { fetchAccount, updateAccountDoc } from './store/account-store';
import { descendantRows } from './store/tree-views';
import { withTreeLock } from './store/tree-lock';
import { docWriter } from './store/writer';

/** cb_accounts: `account_has_descendants` (HTTP 500 in Kazoo), with a message that says what to do. */
export function hasDescendantsError(accountId: string, count: number): KazooError {
  return new KazooError('system', 500, 'account_has_descendants', {
    message: `account has ${count} sub-account${count === 1 ? '' : 's'}; delete or move them first`,
    cause: accountId,
  });
}

/** Throws Kazoo's error when the account may not be deleted; reads only. */
async function checkDeletable(deps: AccountsDeps, accountId: string): Promise<void> {
  const account = await fetchAccount(deps.couch, accountId);
  if (!account) throw errors.badIdentifier(accountId);
  const masterId = await findMasterAccountId(deps);
  if (accountId === masterId || treeOf(account).length === 0) throw errors.forbidden('the master account cannot be deleted', accountId);
  const below = (await descendantRows(deps.couch, accountId)).filter((r) => r.id !== accountId);
  if (below.length > 0) throw hasDescendantsError(accountId, below.length);
}

export async function deleteAccount(deps: AccountsDeps, accountId: string): Promise<AccountDoc> {
  // Checked once before the lock too: taking it writes the shared lock doc, and a refused request writes nothing.
  await checkDeletable(deps, accountId);
  return withTreeLock(docWriter(deps), async () => {
    await checkDeletable(deps, accountId);
    // Re-running finishes a delete that was interrupted after the first write.
    const saved = await updateAccountDoc(deps, accountId, (cur) => (isDeleted(cur) ? undefined : stampPvt({ ...cur, pvt_deleted: true })));
    await markAccountServicesDeleted(deps, accountId);
    if (!saved) throw errors.badIdentifier(accountId);
    return saved;
  });
}
