// GET /v2/accounts/{id}/users and GET /v2/accounts/{id}/users/{user_id}.
import { listUsers } from '@tollgate/accounts';
import { requireAccountAccess } from '../../auth/access';
import { pageOf } from '../../core/pagination';
import type { Reply, RequestContext } from '../../core/types';
import { loadUser, userReply } from './respond';

export async function listAccountUsers(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  const rows = await listUsers(ctx.deps.couch, ctx.params.account_id);
  const page = pageOf(rows, (r) => [`${r.last_name ?? ''} ${r.first_name ?? ''}`, r.id], ctx.page);
  return { data: page.rows, page: page.info };
}

export async function getUser(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  return userReply(await loadUser(ctx));
}
