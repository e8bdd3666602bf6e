// Who may reach which account, and the privilege levels of route-policy.ts, in
// one place for every module: a token reaches its own account and its descendants; a
// superduper_admin (an admin login of a superduper_admin account) reaches all; ancestors and other
// branches get 403. Whether a plain `user` login may ask at all is the route's level (route-policy.ts).
import { type AccountDoc, fetchAccount, isDeleted, treeOf } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { isAccountId } from '@tollgate/kazoo-db';
import type { AuthContext, RequestContext } from '../core/types';
import type { AccessLevel } from './route-policy';

export function requireAuth(ctx: RequestContext): AuthContext {
  if (!ctx.auth) throw errors.invalidCredentials();
  return ctx.auth;
}

/** Pure: may this caller reach an account with this id and tree? */
export function canReach(auth: AuthContext, accountId: string, tree: readonly string[]): boolean {
  return auth.isSuperduperAdmin || accountId === auth.accountId || tree.includes(auth.accountId);
}

/** A `priv_level: admin` login or an api key (which acts as its account's admin). */
export function requireAccountAdmin(ctx: RequestContext): AuthContext {
  const auth = requireAuth(ctx);
  if (auth.privLevel !== 'admin') throw errors.forbidden('an admin login is needed to change this', auth.accountId);
  return auth;
}

/** An admin login (or the api key) of a superduper_admin account; its plain users are not. */
export function requireSuperduperAdmin(ctx: RequestContext): AuthContext {
  const auth = requireAuth(ctx);
  if (!auth.isSuperduperAdmin) throw errors.forbidden('only a superduper_admin may do this', auth.accountId);
  return auth;
}

/** The route-policy level check, before the handler runs. `self` is finished by the handler (requireSelfOrAdmin). */
export function requireAccessLevel(ctx: RequestContext, level: AccessLevel): void {
  if (level === 'anyone') return;
  if (level === 'admin') requireAccountAdmin(ctx);
  else if (level === 'superduper') requireSuperduperAdmin(ctx);
  else requireAuth(ctx);
}

/** Is this login the user itself (its own user doc in its own account)? */
export function isSelf(auth: AuthContext, accountId: string, userId: string): boolean {
  return auth.method === 'cb_user_auth' && auth.accountId === accountId && auth.ownerId === userId;
}

/** The `self` level: an admin changes any user it reaches; a plain user only itself. */
export function requireSelfOrAdmin(ctx: RequestContext, accountId: string, userId: string): AuthContext {
  const auth = requireAuth(ctx);
  if (auth.privLevel !== 'admin' && !isSelf(auth, accountId, userId)) throw errors.forbidden('a user-level login may change only its own user', auth.accountId);
  return auth;
}

/**
 * The live account the request names, when the caller may reach it; 404 bad identifier for a
 * malformed, unknown or deleted id, 403 for an account outside the caller's tree.
 */
export async function requireAccountAccess(ctx: RequestContext, accountId: string): Promise<AccountDoc> {
  const auth = requireAuth(ctx);
  if (!isAccountId(accountId)) throw errors.badIdentifier(accountId);
  const account = await fetchAccount(ctx.deps.couch, accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
  if (!canReach(auth, accountId, treeOf(account))) throw errors.forbidden('this account is outside your account tree', accountId);
  return account;
}
