// Tokens → AuthContext. The accounts module says whether the token is live (it re-reads the token,
// the account, its ancestors and the user on every request, so a revoked token, an expired one, or
// one whose account or user was disabled or deleted stops working at once); this file says what
// the login may do: its privilege level and the reseller facts of its account.
import { authenticateToken, type TokenHolder, treeOf } from '@tollgate/accounts';
import { fetchServices, type ServicesDoc } from '@tollgate/services';
import type { AuthContext, Authenticator, CrossbarDeps } from '../core/types';
import { authSettings } from './auth-config';

/** The login's context from a live token's holder and its account's services doc. */
function contextOf(token: string, holder: TokenHolder, services: ServicesDoc | undefined): AuthContext {
  const { token: doc, account, user } = holder;
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
    ...(doc.original_account_id ? { originalAccountId: doc.original_account_id } : {}),
    ...(doc.original_owner_id ? { originalOwnerId: doc.original_owner_id } : {}),
  };
}

export async function authContextFor(deps: CrossbarDeps, token: string): Promise<AuthContext | undefined> {
  const holder = await authenticateToken(deps, token, { expirySeconds: (await authSettings(deps.config)).tokenExpirySeconds });
  if (!holder) return undefined;
  return contextOf(token, holder, await fetchServices(deps.couch, holder.token.account_id));
}

/** The authenticator `startCrossbar` uses unless it is given another. */
export function createAuthenticator(deps: CrossbarDeps): Authenticator {
  return { authenticate: (token) => authContextFor(deps, token) };
}
