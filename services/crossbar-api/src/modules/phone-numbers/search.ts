// GET /v2/phone_numbers?prefix= (knm_search) and its account-path form: the caller's tree
// inventory, then what the searched carriers offer.
import { errors } from '@tollgate/errors';
import type { Actor } from '@tollgate/numbers';
import type { Reply, RequestContext } from '../../core/types';
import { actorOf, numberManager } from './access';
import { intQuery } from './request';

export async function search(ctx: RequestContext, actor: Actor, accountId: string): Promise<Reply> {
  const quantity = intQuery(ctx, 'quantity', 1);
  const offset = intQuery(ctx, 'offset', 0);
  const data = await numberManager(ctx).search({ actor, accountId, prefix: ctx.query.prefix, quantity, offset, country: ctx.query.country });
  return { data };
}

/** Without a token only when number_manager `unauthorized_numbers_lookup` allows it; such a search sees no inventory. */
export async function publicSearch(ctx: RequestContext): Promise<Reply> {
  if (!ctx.auth) {
    if (!(await numberManager(ctx).settings()).unauthorizedNumbersLookup) throw errors.invalidCredentials();
    return search(ctx, { accountId: '', isAdmin: false }, '');
  }
  const actor = actorOf(ctx);
  return search(ctx, actor, actor.accountId);
}
