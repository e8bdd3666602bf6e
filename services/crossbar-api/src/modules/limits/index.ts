// cb_limits_v2 (Kazoo 4.3): GET and POST /v2/accounts/{id}/limits, the account's `limits` doc that
// jonny5 authorizes calls by. Anyone within reach reads it; the account's reseller or a
// superduper_admin writes it, others get Kazoo's 403 message. Stricter than Kazoo: a direct
// customer of the master account cannot raise its own limits (Kazoo lets it).
import { findMasterAccountId, resellerIdOf } from '@tollgate/accounts';
import { limitsJson, loadLimitDefaults, readLimitsDoc, saveLimits } from '@tollgate/calls';
import { KazooError } from '@tollgate/errors';
import { requireAccountAccess } from '../../auth/access';
import type { AuthContext, CrossbarModule, Reply, RequestContext } from '../../core/types';

const PATH = '/v2/accounts/:account_id/limits';
const CONTACT_PROVIDER = 'Please contact your phone provider to add limits.';

async function read(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const doc = await readLimitsDoc(ctx.deps.couch, accountId);
  return { data: limitsJson(accountId, doc, await loadLimitDefaults(ctx.deps.config)) };
}

/** cb_limits_v2:is_allowed: the account's reseller or a superduper_admin; checked before the body is looked at. */
async function authorizeWriter(ctx: RequestContext): Promise<string> {
  const accountId = ctx.params.account_id;
  const account = await requireAccountAccess(ctx, accountId);
  const auth = ctx.auth as AuthContext;
  if (auth.isSuperduperAdmin) return accountId;
  const resellerId = await resellerIdOf(ctx.deps.couch, account, await findMasterAccountId(ctx.deps));
  if (auth.accountId !== resellerId || resellerId === accountId) {
    throw new KazooError('forbidden', 403, 'forbidden', { message: CONTACT_PROVIDER });
  }
  return accountId;
}

async function write(ctx: RequestContext): Promise<Reply> {
  const accountId = await authorizeWriter(ctx);
  const doc = await saveLimits({ couch: ctx.deps.couch, bus: ctx.deps.bus, config: ctx.deps.config }, accountId, ctx.data ?? {});
  return { data: limitsJson(accountId, doc, await loadLimitDefaults(ctx.deps.config)) };
}

export const limitsModule: CrossbarModule = {
  name: 'limits',
  routes: () => [
    { method: 'GET', path: PATH, handler: read },
    { method: 'POST', path: PATH, handler: write },
  ],
};
