// GET /v2/accounts/{A}/phone_numbers: the numbers the account holds (view phone_numbers/crossbar_listing),
// filtered by `filter_state`, `created_from`, `created_to`; with `prefix`, a search for the account.
import { accountNumberDocs, listingEntry } from '@tollgate/numbers';
import type { Reply, RequestContext } from '../../core/types';
import { pathAccount } from './access';
import { search } from './search';

export async function listAccountNumbers(ctx: RequestContext): Promise<Reply> {
  const { actor, accountId } = await pathAccount(ctx);
  if (ctx.query.prefix !== undefined) return search(ctx, actor, accountId);
  const wanted = ctx.query.filter_state;
  const from = ctx.query.created_from ? Number(ctx.query.created_from) : undefined;
  const to = ctx.query.created_to ? Number(ctx.query.created_to) : undefined;
  const numbers: Record<string, unknown> = {};
  for (const doc of await accountNumberDocs(ctx.deps.couch, accountId)) {
    if (wanted && doc.pvt_state !== wanted) continue;
    if (from !== undefined && doc.pvt_created < from) continue;
    if (to !== undefined && doc.pvt_created > to) continue;
    numbers[doc._id] = listingEntry(doc);
  }
  return { data: { casquade_quantity: 0, numbers } };
}
