// PUT/DELETE /v2/accounts/{id}/reseller (superduper_admin only, by the route policy).
import { demoteReseller, fetchAccount, makeReseller } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { requireAccountAccess } from '../../auth/access';
import type { Reply, RequestContext } from '../../core/types';
import { accountReply } from './respond';

export async function promote(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  await makeReseller(ctx.deps, ctx.params.account_id);
  return reload(ctx);
}

export async function demote(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  await demoteReseller(ctx.deps, ctx.params.account_id);
  return reload(ctx);
}

async function reload(ctx: RequestContext): Promise<Reply> {
  const doc = await fetchAccount(ctx.deps.couch, ctx.params.account_id);
  if (!doc) throw errors.badIdentifier(ctx.params.account_id);
  return accountReply(ctx, doc);
}
