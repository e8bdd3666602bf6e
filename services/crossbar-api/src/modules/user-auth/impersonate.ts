// PUT /v2/accounts/{A}/users/{U}/user_auth {"data":{"action":"impersonate_user"}} (cb_user_auth):
// a token acting as user U of account A, for an admin of any account above A (Kazoo: only a
// superduper_admin). The token records the impersonator (original_account_id / original_owner_id);
// the writes made with it carry pvt_original_auth_account_id / pvt_original_auth_owner_id.
import { impersonateUser } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { requireAccountAccess, requireAccountAdmin } from '../../auth/access';
import { authResponse } from '../../auth/auth-response';
import type { Reply, RequestContext } from '../../core/types';

export async function impersonate(ctx: RequestContext): Promise<Reply> {
  const auth = requireAccountAdmin(ctx);
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  // Kazoo's authorize_nouns: a user login (not an api key), of another account.
  if (auth.method !== 'cb_user_auth' || !auth.ownerId) throw errors.forbidden('impersonation needs an admin user login, not an api key', auth.accountId);
  if (accountId === auth.accountId) throw errors.forbidden('a user of your own account cannot be impersonated; impersonate users of accounts below it', accountId);
  const data = (ctx.data ?? {}) as Record<string, unknown>;
  if (data === null || typeof data !== 'object' || data.action !== 'impersonate_user') {
    throw errors.field('action', 'enum', 'action must be impersonate_user', { cause: (data as Record<string, unknown> | null)?.action ?? null });
  }
  // An impersonation started from an impersonation still names the first impersonator.
  const original = auth.originalAccountId && auth.originalOwnerId ? { accountId: auth.originalAccountId, ownerId: auth.originalOwnerId } : { accountId: auth.accountId, ownerId: auth.ownerId };
  const login = await impersonateUser(ctx.deps, { accountId, userId: ctx.params.user_id, original });
  return { data: await authResponse(ctx.deps, login.account, login.ownerId), authToken: login.token };
}
