// cb_limits_v2 (Kazoo 4.3): GET and POST /v2/accounts/{id}/limits, the account's `limits` doc that
// jonny5 authorizes calls by. Anyone within reach reads it; the account's reseller or a
// superduper_admin writes it, others get Kazoo's 403 message. Stricter than Kazoo: a direct
// customer of the master account cannot raise its own limits (Kazoo lets it).
import { findMasterAccountId, PREPAID_CHANGES, prepaidChangesOf, resellerIdOf } from '@tollgate/accounts';
import { limitsChange, limitsJson, loadLimitDefaults, readLimitsDoc, saveLimits } from '@tollgate/calls';
import { errors, KazooError } from '@tollgate/errors';
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

/**
 * NGNPro's prepaid_changes: switching an account between prepaid and postpaid (allow_postpay) or soft
 * and hard (balance_management) needs the property on the account, unless a superduper_admin asks.
 * Only a change counts: sending the current value back is not one.
 */
async function gatePrepaidChanges(ctx: RequestContext, accountId: string): Promise<void> {
  if ((ctx.auth as AuthContext).isSuperduperAdmin) return;
  limitsChange(ctx.data ?? {}); // a bad body is a 400 first, as without the gate
  const data = (ctx.data ?? {}) as Record<string, unknown>;
  if (data.balance_management === undefined && data.allow_postpay === undefined) return;
  const current = limitsJson(accountId, await readLimitsDoc(ctx.deps.couch, accountId), await loadLimitDefaults(ctx.deps.config));
  const changed = ['balance_management', 'allow_postpay'].filter((k) => data[k] !== undefined && data[k] !== current[k]);
  if (changed.length === 0 || (await prepaidChangesOf(ctx.deps, accountId))) return;
  throw errors.forbidden(`the account has no ${PREPAID_CHANGES}: ${changed.join(' and ')} cannot be changed`, PREPAID_CHANGES);
}

async function write(ctx: RequestContext): Promise<Reply> {
  const accountId = await authorizeWriter(ctx);
  await gatePrepaidChanges(ctx, accountId);
  const doc = await saveLimits({ couch: ctx.deps.couch, bus: ctx.deps.bus, config: ctx.deps.config }, accountId, ctx.data ?? {});
  return { data: limitsJson(accountId, doc, await loadLimitDefaults(ctx.deps.config)) };
}

export const limitsModule: CrossbarModule = {
  name: 'limits',
  routes: () => [
    { method: 'GET', path: PATH, doc: { summary: "the account's limits (what call authorization reads)" }, handler: read },
    { method: 'POST', path: PATH, doc: { summary: "change the account's limits (its reseller or a superduper_admin)", request: 'limits' }, handler: write },
  ],
};
