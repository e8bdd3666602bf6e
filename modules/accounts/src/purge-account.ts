// `tollgate purge_account <id>`: destroys a deleted account's databases (account db and every
// MODB) and removes its `accounts` and `services` docs, for good. Safe to run again after an
// interruption: the `accounts` replica, removed last, still says the account was deleted.
import { errors } from '@tollgate/errors';
import { accountDbName, isAccountId } from '@tollgate/kazoo-db';
import type { AccountsDeps } from './deps';
import { isDeleted, treeOf } from './domain/account-doc';
import { findMasterAccountId } from './master-id';
import { ACCOUNTS_DB, fetchAccount } from './store/account-store';
import { removeAccountServices } from '@tollgate/services';
import type { AccountDoc } from './domain/account-doc';

async function removeDoc(deps: AccountsDeps, db: string, id: string): Promise<void> {
  const doc = await deps.couch.get(db, id);
  if (doc?._rev) await deps.couch.db(db).destroy(id, doc._rev);
}

export async function purgeAccount(deps: AccountsDeps, accountId: string): Promise<void> {
  if (!isAccountId(accountId)) throw errors.badIdentifier(accountId);
  const account = (await fetchAccount(deps.couch, accountId)) ?? (await deps.couch.get<AccountDoc>(ACCOUNTS_DB, accountId));
  if (!account) throw errors.badIdentifier(accountId);
  if (accountId === (await findMasterAccountId(deps)) || treeOf(account).length === 0) {
    throw errors.forbidden('the master account cannot be purged', accountId);
  }
  if (!isDeleted(account)) throw errors.badRequest(`account ${accountId} is not deleted; delete it (DELETE /v2/accounts/${accountId}) before purging it`);
  const db = accountDbName(accountId);
  for (const name of await deps.couch.listDbs(`${db}-`)) await deps.couch.destroyDb(name);
  await deps.couch.destroyDb(db);
  await removeAccountServices(deps, accountId);
  await removeDoc(deps, ACCOUNTS_DB, accountId);
}
