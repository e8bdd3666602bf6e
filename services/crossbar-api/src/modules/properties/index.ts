// GET|PATCH /v2/accounts/{id}/properties: NGNPro's customer properties on Kazoo's account (not a
// Kazoo endpoint). Anyone within reach reads them; who may change one is its permission's
// (the accounts module's rules: admin → superduper_admin, reseller → also the account's reseller,
// customer → also the account's own admins), and pstn_access / prepaid_changes are given only
// as the reseller's own allow.
import { patchProperties, readProperties } from '@tollgate/accounts';
import { requireAccountAccess } from '../../auth/access';
import type { AuthContext, CrossbarModule, Reply, RequestContext } from '../../core/types';

const PATH = '/v2/accounts/:account_id/properties';

async function read(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  return { data: await readProperties(ctx.deps, ctx.params.account_id) };
}

async function patch(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const auth = ctx.auth as AuthContext;
  const caller = { accountId: auth.accountId, isSuperduperAdmin: auth.isSuperduperAdmin, isAdmin: auth.privLevel === 'admin' };
  return { data: await patchProperties(ctx.deps, accountId, ctx.data, caller) };
}

export const propertiesModule: CrossbarModule = {
  name: 'properties',
  routes: () => [
    { method: 'GET', path: PATH, doc: { summary: "the account's permissioned properties (pstn_access, prepaid_changes)" }, handler: read },
    { method: 'PATCH', path: PATH, doc: { summary: 'change properties, as each one\'s permission allows' }, handler: patch },
  ],
};
