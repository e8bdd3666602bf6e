// GET/PUT /v2/accounts/{id}/api_key.
import { regenerateApiKey } from '@tollgate/accounts';
import { requireAccountAccess } from '../../auth/access';
import type { Reply, RequestContext } from '../../core/types';

/** The key is as strong as an admin login, so only admins read it (the route policy; Kazoo lets any login of the account). */
export async function getApiKey(ctx: RequestContext): Promise<Reply> {
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  return { data: { api_key: account.pvt_api_key } };
}

export async function putApiKey(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  const doc = await regenerateApiKey(ctx.deps, ctx.params.account_id);
  return { data: { api_key: doc.pvt_api_key }, revision: doc._rev };
}
