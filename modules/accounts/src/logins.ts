// Logins (cb_user_auth, cb_api_auth): credentials or an API key in, a token out. Throttling and
// the reply are the caller's (crossbar); which account a phone number names is the numbers
// module's, so the caller passes those account ids in.
import { errors, KazooError } from '@tollgate/errors';
import { accountsForLogin, type LoginAccountRef } from './account-lookup';
import type { AccountsDeps } from './deps';
import { type AccountDoc, isDeleted, treeOf } from './domain/account-doc';
import { fetchAccount } from './store/account-store';
import { accountIdByApiKey } from './store/tree-views';
import { fetchUser, findUserByCredentials } from './store/user-store';
import { isUsableAccount, issueToken } from './tokens';

export interface Login {
  account: AccountDoc;
  /** The user logged in; absent for an API key login (it acts as the account's admin). */
  ownerId?: string;
  /** The new token (its doc id). */
  token: string;
}

export interface CredentialsLogin extends LoginAccountRef {
  /** md5 or sha1 of "username:password", in hex (user_auth `credentials`). */
  credentials: string;
  method: 'md5' | 'sha';
  /** Accounts the login names in other ways (the holder of its `phone_number`). */
  alsoAccountIds?: readonly string[];
}

/** kz_json_schema: `account.disabled` is answered 423 "locked" once the credentials were right. */
function accountDisabledError(): KazooError {
  return new KazooError('locked', 423, 'locked', { account: { disabled: { message: 'account disabled' } } });
}

/** The existing accounts a login names, in Kazoo's order of preference, each once. */
async function namedAccounts(deps: Pick<AccountsDeps, 'couch'>, login: CredentialsLogin): Promise<AccountDoc[]> {
  const ids = new Set([...(await accountsForLogin(deps.couch, login)), ...(login.alsoAccountIds ?? [])]);
  const accounts: AccountDoc[] = [];
  for (const id of ids) {
    const account = await fetchAccount(deps.couch, id);
    if (account) accounts.push(account);
  }
  return accounts;
}

/**
 * A user login. `named` hears which existing accounts the login names before any credentials are
 * checked (made-up names or ids are never reported), so a throttle can count the attempt against
 * them and refuse it by throwing. Wrong credentials: 401; a disabled account: 423.
 */
export async function loginWithCredentials(deps: AccountsDeps, login: CredentialsLogin, named: (accountIds: string[]) => void = () => {}): Promise<Login> {
  const accounts = await namedAccounts(deps, login);
  named(accounts.map((a) => String(a._id)));
  for (const account of accounts) {
    const owner = await findUserByCredentials(deps.couch, String(account._id), login.method, login.credentials);
    if (!owner) continue;
    if (!(await isUsableAccount(deps, account))) throw accountDisabledError();
    const token = await issueToken(deps, { accountId: String(account._id), ownerId: owner.owner_id, method: 'cb_user_auth' });
    return { account, ownerId: owner.owner_id, token: token._id };
  }
  throw errors.invalidCredentials();
}

/** An API key login: a token acting as the account's admin. An unknown key: 404 bad identifier (Kazoo's answer). */
export async function loginWithApiKey(deps: AccountsDeps, apiKey: string): Promise<Login> {
  const accountId = await accountIdByApiKey(deps.couch, apiKey);
  if (!accountId) throw errors.badIdentifierList(apiKey);
  const account = await fetchAccount(deps.couch, accountId);
  if (!account || account.pvt_api_key !== apiKey) throw errors.badIdentifierList(apiKey);
  if (!(await isUsableAccount(deps, account))) throw accountDisabledError();
  const token = await issueToken(deps, { accountId, method: 'cb_api_auth', apiKey });
  return { account, token: token._id };
}

export interface Impersonation {
  /** The account and user to act as. */
  accountId: string;
  userId: string;
  /** Who impersonates (Kazoo's original_account_id / original_owner_id claims). */
  original: { accountId: string; ownerId: string };
}

/**
 * cb_user_auth impersonate_user: a token acting as another user, recording the impersonator. The
 * user's account must lie strictly below the impersonator's, so the token reaches nothing the
 * impersonator could not (its reach is the user's account and below). Who may ask is the host's
 * rule (an admin of an ancestor); this keeps the invariant whoever calls.
 */
export async function impersonateUser(deps: AccountsDeps, imp: Impersonation): Promise<Login> {
  const account = await fetchAccount(deps.couch, imp.accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(imp.accountId);
  if (!treeOf(account).includes(imp.original.accountId)) {
    throw errors.forbidden("a user can be impersonated only from an account above the user's own", imp.accountId);
  }
  const user = await fetchUser(deps.couch, imp.accountId, imp.userId);
  if (!user) throw errors.badIdentifier(imp.userId);
  if (user.enabled === false) throw errors.forbidden('the user is disabled', imp.userId);
  if (!(await isUsableAccount(deps, account))) throw accountDisabledError();
  const token = await issueToken(deps, { accountId: imp.accountId, ownerId: imp.userId, method: 'cb_user_auth', original: imp.original });
  return { account, ownerId: imp.userId, token: token._id };
}
