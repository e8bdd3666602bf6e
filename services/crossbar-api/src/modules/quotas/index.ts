// GET and POST /v2/accounts/{id}/quotas (NGNPro credits; Kazoo has none): the maximum count per kind
// of record (accounts, users, devices, phone_numbers; a kind left out is unlimited), the usage of
// the account's subtree against it and the kinds over quota. Anyone within reach reads; the
// account's reseller or a superduper_admin writes (a reseller's own quotas: its upstream reseller).
import { findMasterAccountId, parseQuotas, type QuotasView, readQuotas, resellerIdOf, setQuotas } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { requireAccountAccess } from '../../auth/access';
import type { AuthContext, CrossbarModule, Reply, RequestContext } from '../../core/types';
import { quotaDeps } from './allowance';

const PATH = '/v2/accounts/:account_id/quotas';

function quotasJson(accountId: string, view: QuotasView): Record<string, unknown> {
  return { ...view.quotas, id: accountId, usage: view.usage, over_quota: view.over_quota, customers_over_quota: view.customers_over_quota };
}

async function read(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  return { data: quotasJson(accountId, await readQuotas(quotaDeps(ctx.deps), accountId)) };
}

/** The account's reseller (its upstream reseller, for a reseller) or a superduper_admin; checked before the body. */
async function authorizeWriter(ctx: RequestContext): Promise<string> {
  const accountId = ctx.params.account_id;
  const account = await requireAccountAccess(ctx, accountId);
  const auth = ctx.auth as AuthContext;
  if (auth.isSuperduperAdmin) return accountId;
  const resellerId = await resellerIdOf(ctx.deps.couch, account, await findMasterAccountId(ctx.deps));
  if (auth.accountId !== resellerId || resellerId === accountId) {
    throw errors.forbidden(`only the reseller of ${accountId} (${resellerId ?? 'none'}) or a superduper_admin may set its quotas`, accountId);
  }
  return accountId;
}

async function write(ctx: RequestContext): Promise<Reply> {
  const accountId = await authorizeWriter(ctx);
  const parsed = parseQuotas(ctx.data);
  if (!parsed.ok) throw errors.validation(parsed.errors);
  await setQuotas(ctx.deps, accountId, ctx.data);
  return { data: quotasJson(accountId, await readQuotas(quotaDeps(ctx.deps), accountId)) };
}

export const quotasModule: CrossbarModule = {
  name: 'quotas',
  routes: () => [
    { method: 'GET', path: PATH, doc: { summary: "the account's quotas: maximum records per kind, usage, over-quota flags" }, handler: read },
    { method: 'POST', path: PATH, doc: { summary: "change the account's quotas (its reseller or a superduper_admin)", request: 'quotas' }, handler: write },
  ],
};
