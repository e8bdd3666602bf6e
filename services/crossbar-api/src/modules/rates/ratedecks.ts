import { listRatedecks } from '@tollgate/ratedecks';
import type { Reply, RequestContext } from '../../core/types';

/** GET /v2/rates/ratedecks: every deck, its db and its number of live rates. */
export async function getRatedecks(ctx: RequestContext): Promise<Reply> {
  return { data: await listRatedecks(ctx.deps.couch) };
}
