// `tollgate purge_account <id>`: destroys a deleted account's databases (account db and every
// MODB) and removes its `accounts` and `services` docs, for good. Safe to run again after an
// interruption: the `accounts` replica, removed last, still says the account was deleted.
import { errors } from '@tollgate/errors';
import { isAccountId } from '@tollgate/kazoo-db';
import { removeAccountServices } from '@tollgate/services';
import type { AccountsDeps } from './deps';
import { isDeleted, treeOf } from './domain/account-doc';
import { findMasterAccountId } from './master-id';
import { destroyAccountDbs } from './store/account-dbs';
import { fetchAccount, fetchReplica, removeReplica } from './store/account-store';

export async function purgeAccount(deps: AccountsDeps, accountId: string): Promise<void> {
  if (!isAccountId(accountId)) throw errors.badIdentifier(accountId);
  const account = (await fetchAccount(deps.couch, accountId)) ?? (await fetchReplica(deps.couch, accountId));
  if (!account) throw errors.badIdentifier(accountId);
  if (accountId === (await findMasterAccountId(deps)) || treeOf(account).length === 0) {
    throw errors.forbidden('the master account cannot be purged', accountId);
  }
  if (!isDeleted(account)) throw errors.badRequest(`account ${accountId} is not deleted; delete it (DELETE /v2/accounts/${accountId}) before purging it`);
  await destroyAccountDbs(deps.couch, accountId);
  await removeAccountServices(deps, accountId);
  await removeReplica(deps, accountId);
}
