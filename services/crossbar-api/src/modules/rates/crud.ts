// PUT /v2/rates, GET/POST/PATCH/DELETE /v2/rates/{id} in the deck `?ratedeck_id=` names.
import { errors } from '@tollgate/errors';
import { publicView } from '@tollgate/kazoo-db';
import { createRate, findLiveRate, rateFromJson, softDeleteRate, type StoredRate, updateRate } from '@tollgate/ratedecks';
import type { Reply, RequestContext } from '../../core/types';
import { deckOf } from './deck-of';

function rateReply(rate: StoredRate | undefined, rateId: string): Reply {
  if (!rate) throw errors.badIdentifier(rateId);
  return { data: publicView(rate), revision: rate._rev };
}

export async function putRate(ctx: RequestContext): Promise<Reply> {
  const deck = deckOf(ctx);
  const built = rateFromJson(ctx.data);
  if (!built.ok) throw errors.validation(built.errors);
  const saved = await createRate(ctx.deps, deck, built.rate);
  return rateReply(saved, saved._id);
}

export async function getRate(ctx: RequestContext): Promise<Reply> {
  return rateReply(await findLiveRate(ctx.deps.couch, deckOf(ctx), ctx.params.rate_id), ctx.params.rate_id);
}

export async function postRate(ctx: RequestContext): Promise<Reply> {
  return rateReply(await updateRate(ctx.deps, deckOf(ctx), ctx.params.rate_id, ctx.data, { merge: false }), ctx.params.rate_id);
}

export async function patchRate(ctx: RequestContext): Promise<Reply> {
  return rateReply(await updateRate(ctx.deps, deckOf(ctx), ctx.params.rate_id, ctx.data, { merge: true }), ctx.params.rate_id);
}

export async function deleteRate(ctx: RequestContext): Promise<Reply> {
  return rateReply(await softDeleteRate(ctx.deps, deckOf(ctx), ctx.params.rate_id), ctx.params.rate_id);
}
