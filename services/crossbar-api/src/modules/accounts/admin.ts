// GET/PUT /v2/accounts/{id}/api_key, PUT/DELETE /v2/accounts/{id}/reseller, POST /v2/accounts/{id}/move.
import { allowMove, demoteReseller, fetchAccount, isDeleted, makeReseller, moveAccount, regenerateApiKey, treeOf } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { isAccountId } from '@tollgate/kazoo-db';
import { requireAccountAccess, requireAuth } from '../../auth/access';
import type { Reply, RequestContext } from '../../core/types';
import { accountReply } from './respond';

/** The key is as strong as an admin login, so only admins read it (Kazoo lets any login of the account). */
export async function getApiKey(ctx: RequestContext): Promise<Reply> {
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  return { data: { api_key: account.pvt_api_key } };
}

export async function putApiKey(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  const doc = await regenerateApiKey(ctx.deps, ctx.params.account_id);
  return { data: { api_key: doc.pvt_api_key }, revision: doc._rev };
}

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

/**
 * crossbar.accounts allow_move: `superduper_admin` (default) lets only a superduper_admin move
 * accounts; `tree` also lets an account above both the account and its new place.
 */
export async function move(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  // Kazoo's order: authorize before validate, so a refused caller learns nothing from the body.
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  const data = (ctx.data ?? {}) as Record<string, unknown>;
  if (data.to === undefined || data.to === null || data.to === '') {
    throw errors.field('to', 'required', "Field 'to' is required");
  }
  if (typeof data.to !== 'string') throw errors.field('to', 'type', 'Value did not match type(s): string', { target: 'string', value: data.to });
  const toId = data.to;
  if (!isAccountId(toId)) throw errors.badIdentifier(toId);
  const to = await fetchAccount(ctx.deps.couch, toId);
  if (!to || isDeleted(to)) throw errors.badIdentifier(toId);
  if (!auth.isSuperduperAdmin) {
    const rule = await allowMove(ctx.deps.config);
    const aboveAccount = treeOf(account).includes(auth.accountId);
    const aboveTarget = toId === auth.accountId || treeOf(to).includes(auth.accountId);
    if (rule !== 'tree' || !aboveAccount || !aboveTarget) {
      throw errors.forbidden(rule === 'tree' ? 'you may move accounts only within your own tree' : 'only a superduper_admin may move accounts', ctx.params.account_id);
    }
  }
  const doc = await moveAccount(ctx.deps, ctx.params.account_id, toId);
  return accountReply(ctx, doc);
}
