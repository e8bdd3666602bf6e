// Who may write an account's whitelabel (Tollgate's rule; Kazoo lets any admin with reach):
// a superduper_admin; the account's reseller (branding a client); or the account's own admins when
// the account brands itself as a reseller (or is the master). A plain client cannot rebrand itself.
import { errors } from '@tollgate/errors';
import type { AccountsDeps } from '../deps';
import { isDeleted, treeOf } from '../domain/account-doc';
import { findMasterAccountId } from '../master-id';
import { isResellerAccount, resellerIdOf } from '../reseller-lookup';
import { fetchAccount } from '../store/account-store';

export interface WhitelabelCaller {
  accountId: string;
  isSuperduperAdmin: boolean;
}

/** Resolves when `caller` may write `accountId`'s whitelabel; Kazoo's 403 otherwise. */
export async function requireWhitelabelWriter(deps: AccountsDeps, caller: WhitelabelCaller, accountId: string): Promise<void> {
  if (caller.isSuperduperAdmin) return;
  const account = await fetchAccount(deps.couch, accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
  const masterId = await findMasterAccountId(deps);
  if (caller.accountId === accountId) {
    if (accountId === masterId || (await isResellerAccount(deps.couch, accountId))) return;
    throw errors.forbidden("only a reseller brands its own interface; ask your reseller to change this account's whitelabel", accountId);
  }
  const reseller = await resellerIdOf(deps.couch, account, masterId);
  if (reseller === caller.accountId && treeOf(account).includes(caller.accountId)) return;
  throw errors.forbidden("an account's whitelabel is written by the account itself (a reseller), its reseller or a superduper_admin", accountId);
}
