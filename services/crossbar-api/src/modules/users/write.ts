// PUT /v2/accounts/{id}/users and DELETE /v2/accounts/{id}/users/{user_id} (admins, by the route policy).
import { createUser, deleteUser } from '@tollgate/accounts';
import { requireAccountAccess } from '../../auth/access';
import type { Reply, RequestContext } from '../../core/types';
import { createAllowed } from '../quotas/allowance';
import { loadUser, userReply } from './respond';

export async function putUser(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  return userReply(await createAllowed(ctx, ctx.params.account_id, 'users', () => createUser(ctx.deps, ctx.params.account_id, ctx.data)));
}

export async function removeUser(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  await loadUser(ctx);
  return userReply(await deleteUser(ctx.deps, ctx.params.account_id, ctx.params.user_id));
}
