// GET /v2/user_auth/{token}: the facts of the request's own token (cb_user_auth:maybe_get_auth_token:
// only that one can be read).
import { fetchAccount } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { requireAuth } from '../../auth/access';
import { authResponse } from '../../auth/auth-response';
import type { Reply, RequestContext } from '../../core/types';

export async function tokenFacts(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  if (ctx.params.auth_token !== auth.token) throw errors.invalidCredentials();
  const account = await fetchAccount(ctx.deps.couch, auth.accountId);
  if (!account) throw errors.invalidCredentials();
  const facts = await authResponse(ctx.deps, account, auth.ownerId);
  // An impersonation token also shows who impersonates (Kazoo's claims).
  const original = auth.originalAccountId ? { original_account_id: auth.originalAccountId, original_owner_id: auth.originalOwnerId } : {};
  return { data: { ...facts, ...original, id: auth.token, method: auth.method } };
}
