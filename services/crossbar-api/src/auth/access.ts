// Who may reach which account (issue 4, item 6), in one place for every module: a token reaches
// its own account and its descendants; superduper_admin reaches all; ancestors and other branches
// get 403; a `user`-level login reads but does not change accounts.
import { type AccountDoc, fetchAccount, isDeleted, treeOf } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { isAccountId } from '@tollgate/kazoo-db';
import type { AuthContext, RequestContext } from '../core/types';

export interface AccessOptions {
  /** A change: needs an admin login (priv_level admin, or an api_auth token). */
  write?: boolean;
}

export function requireAuth(ctx: RequestContext): AuthContext {
  if (!ctx.auth) throw errors.invalidCredentials();
  return ctx.auth;
}

/** Pure: may this caller reach an account with this id and tree? */
export function canReach(auth: AuthContext, accountId: string, tree: readonly string[]): boolean {
  return auth.isSuperduperAdmin || accountId === auth.accountId || tree.includes(auth.accountId);
}

export function requireAdmin(ctx: RequestContext): AuthContext {
  const auth = requireAuth(ctx);
  if (auth.privLevel !== 'admin' && !auth.isSuperduperAdmin) throw errors.forbidden('an admin login is needed to change this', auth.accountId);
  return auth;
}

export function requireSuperduperAdmin(ctx: RequestContext): AuthContext {
  const auth = requireAuth(ctx);
  if (!auth.isSuperduperAdmin) throw errors.forbidden('only a superduper_admin may do this', auth.accountId);
  return auth;
}

/**
 * The live account the request names, when the caller may reach it; 404 bad identifier for a
 * malformed, unknown or deleted id, 403 for an account outside the caller's tree.
 */
export async function requireAccountAccess(ctx: RequestContext, accountId: string, opts: AccessOptions = {}): Promise<AccountDoc> {
  const auth = requireAuth(ctx);
  if (!isAccountId(accountId)) throw errors.badIdentifier(accountId);
  const account = await fetchAccount(ctx.deps.couch, accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
  if (!canReach(auth, accountId, treeOf(account))) throw errors.forbidden('this account is outside your account tree', accountId);
  if (opts.write) requireAdmin(ctx);
  return account;
}
