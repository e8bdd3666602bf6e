// Tokens → AuthContext. Every request re-reads the token, the account (and its ancestors) and the
// user, so a revoked token, an expired one, or one whose account or user was disabled or deleted
// stops working at once.
import {
  type AccountDoc,
  fetchAccount,
  fetchAccountsById,
  fetchToken,
  fetchUser,
  isDeleted,
  isCurrentGeneration,
  isEnabled,
  predatesAccountChange,
  revokeToken,
  type TokenDoc,
  treeOf,
} from '@tollgate/accounts';
import { fetchServices } from '@tollgate/services';
import { gregorianNow } from '@tollgate/kazoo-db';
import type { AuthContext, Authenticator, CrossbarDeps } from '../core/types';
import { tokenExpirySeconds } from './auth-config';

export function isExpired(token: TokenDoc, expirySeconds: number, now = gregorianNow()): boolean {
  return now - token.pvt_created >= expirySeconds;
}

/** An account a login or token may act for: live, enabled, and under no disabled ancestor. */
export async function isUsableAccount(deps: CrossbarDeps, account: AccountDoc | undefined): Promise<boolean> {
  return (await usableChain(deps, account)) !== undefined;
}

/** The account and its ancestors when the account is usable; undefined otherwise. */
async function usableChain(deps: CrossbarDeps, account: AccountDoc | undefined): Promise<AccountDoc[] | undefined> {
  if (!account || isDeleted(account) || !isEnabled(account)) return undefined;
  const ancestors = [...(await fetchAccountsById(deps.couch, treeOf(account))).values()];
  for (const a of ancestors) if (isDeleted(a) || !isEnabled(a)) return undefined;
  return [account, ...ancestors];
}

export async function authContextFor(deps: CrossbarDeps, token: string): Promise<AuthContext | undefined> {
  const doc = await fetchToken(deps.couch, token);
  if (!doc) return undefined;
  if (isExpired(doc, await tokenExpirySeconds(deps.config))) {
    await revokeToken(deps.couch, token);
    return undefined;
  }
  const [account, user, services] = await Promise.all([
    fetchAccount(deps.couch, doc.account_id),
    doc.owner_id ? fetchUser(deps.couch, doc.account_id, doc.owner_id) : Promise.resolve(undefined),
    fetchServices(deps.couch, doc.account_id),
  ]);
  const chain = await usableChain(deps, account);
  if (!account || !chain) return undefined;
  // Disabled and enabled again since the token was issued (the account or an ancestor): it stays dead.
  if (predatesAccountChange(doc, chain)) {
    await revokeToken(deps.couch, token);
    return undefined;
  }
  if (doc.method === 'cb_api_auth' && doc.api_key !== account.pvt_api_key) return undefined;
  if (doc.owner_id && (!user || user.enabled === false)) return undefined;
  // Disabling the user or changing its password started a new generation: older tokens stay dead.
  if (user && !isCurrentGeneration(doc, user)) {
    await revokeToken(deps.couch, token);
    return undefined;
  }
  const tree = treeOf(account);
  // api_auth tokens act as an account admin (crossbar_util:get_priv_level).
  const privLevel = user && user.priv_level !== 'admin' ? 'user' : 'admin';
  return {
    token,
    accountId: doc.account_id,
    ...(doc.owner_id ? { ownerId: doc.owner_id } : {}),
    // superduper_admin is the account's; the user's priv_level still applies within it.
    isSuperduperAdmin: account.pvt_superduper_admin === true && privLevel === 'admin',
    privLevel,
    method: doc.method,
    tree,
    resellerId: services?.pvt_reseller_id ?? (tree.length === 0 ? doc.account_id : undefined),
    isReseller: services?.pvt_reseller === true || account.pvt_superduper_admin === true,
  };
}

/** The authenticator `startCrossbar` uses unless it is given another. */
export function createAuthenticator(deps: CrossbarDeps): Authenticator {
  return { authenticate: (token) => authContextFor(deps, token) };
}
