// Finding the account a login names (cb_user_auth:find_account): by realm, by name (Kazoo's
// normalisation), or by id. Who holds a phone number is the numbers module's to say: crossbar's
// user_auth asks it and passes the holder to loginWithCredentials.
import { type Couch, isAccountId } from '@tollgate/kazoo-db';
import { normalizeName } from './domain/normalize-name';
import { accountIdsByName, accountIdsByRealm } from './store/tree-views';

export interface LoginAccountRef {
  accountName?: string;
  realm?: string;
  accountId?: string;
}

/** Candidate account ids, in Kazoo's order of preference (realm, then name, then id). */
export async function accountsForLogin(couch: Couch, ref: LoginAccountRef): Promise<string[]> {
  if (ref.realm) {
    const ids = await accountIdsByRealm(couch, ref.realm);
    if (ids.length) return ids;
  }
  if (ref.accountName) {
    const normalized = normalizeName(ref.accountName);
    if (normalized) {
      const ids = await accountIdsByName(couch, normalized);
      if (ids.length) return ids;
    }
  }
  if (ref.accountId && isAccountId(ref.accountId)) return [ref.accountId];
  return [];
}
