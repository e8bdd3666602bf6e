// DID fees (seed 003, "DID and FAX Access"; beyond Kazoo): GET and POST
// /v2/accounts/{id}/did_fees, the account's `did_fees` doc (@tollgate/services did-fees). Anyone
// within reach reads. Writes, checked before the body is used: the account's own fees and
// `numbers` by its reseller (a reseller prices its clients' DIDs); `client_defaults` by the account
// itself when it is a reseller (its clients' defaults); everything by a superduper_admin.
import { findMasterAccountId, isResellerAccount, resellerIdOf } from '@tollgate/accounts';
import { KazooError } from '@tollgate/errors';
import { didFeesJson, didFeesParts, readDidFees, saveDidFees } from '@tollgate/services';
import { requireAccountAccess } from '../../auth/access';
import type { AuthContext, CrossbarModule, Reply, RequestContext } from '../../core/types';

const PATH = '/v2/accounts/:account_id/did_fees';

function forbidden(message: string): KazooError {
  return new KazooError('forbidden', 403, 'forbidden', { message });
}

async function read(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  return { data: didFeesJson(await readDidFees(ctx.deps.couch, accountId)) };
}

async function write(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  const account = await requireAccountAccess(ctx, accountId);
  const auth = ctx.auth as AuthContext;
  if (!auth.isSuperduperAdmin) {
    const parts = didFeesParts(ctx.data);
    if (parts.own) {
      const resellerId = await resellerIdOf(ctx.deps.couch, account, await findMasterAccountId(ctx.deps));
      if (auth.accountId !== resellerId || resellerId === accountId) throw forbidden("only the account's reseller sets the fees of its DIDs");
    }
    if (parts.clientDefaults && (auth.accountId !== accountId || !(await isResellerAccount(ctx.deps.couch, accountId)))) {
      throw forbidden('only a reseller sets the DID fees of its own clients (client_defaults)');
    }
  }
  const saved = await saveDidFees({ couch: ctx.deps.couch, bus: ctx.deps.bus, config: ctx.deps.config }, accountId, ctx.data ?? {});
  return { data: didFeesJson(saved) };
}

export const didFeesModule: CrossbarModule = {
  name: 'did_fees',
  routes: () => [
    { method: 'GET', path: PATH, doc: { summary: "the account's DID fees: its own, per number, and (a reseller) its clients' defaults" }, handler: read },
    { method: 'POST', path: PATH, doc: { summary: "change the account's DID fees (its reseller; client_defaults: the reseller itself)" }, handler: write },
  ],
};
