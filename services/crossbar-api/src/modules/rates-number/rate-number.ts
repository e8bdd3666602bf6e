// GET /v2/rates/number/{N} and /v2/accounts/{A}/rates/number/{N}: the rating service is asked over
// the bus (`rate.number`, @tollgate/kazoo-bus kapi) and its answer becomes Kazoo's cb_rates reply.
// The caller is named in the request so that rating refuses a `ratedeck_id` the caller may not see.
import { errors } from '@tollgate/errors';
import { isBusError, type KazooMessage, RATE_NUMBER_ROUTING_KEY, RATE_NUMBER_TIMEOUT_MS, rateNumberReq, rateNumberResp } from '@tollgate/kazoo-bus';
import { isRatedeckAdmin } from '@tollgate/ratedecks';
import { requireAccountAccess, requireAuth } from '../../auth';
import type { Reply, RequestContext } from '../../core/types';

const NO_RATE = 'No rate found for this number';

function durationOf(ctx: RequestContext): number | undefined {
  const raw = ctx.query.duration;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw.trim())) {
    throw errors.field('duration', 'type', `duration must be a whole number of seconds >= 0, got ${JSON.stringify(raw)}`, { value: raw });
  }
  return Number(raw.trim());
}

function directionOf(ctx: RequestContext): string | undefined {
  const d = ctx.query.direction;
  if (d === undefined || d === '') return undefined;
  if (d !== 'inbound' && d !== 'outbound') {
    throw errors.field('direction', 'enum', `direction must be one of inbound, outbound, got ${JSON.stringify(d)}`, { value: d });
  }
  return d;
}

function rateNumberRequest(ctx: RequestContext, number: string, accountId: string | undefined): KazooMessage {
  const q = ctx.query;
  const auth = requireAuth(ctx);
  return rateNumberReq.build(
    {
      Number: number,
      'Account-ID': accountId,
      'Ratedeck-ID': q.ratedeck_id,
      Direction: directionOf(ctx),
      'From-DID': q.caller_id_number,
      'Resource-ID': q.resource_id,
      Explain: q.explain === 'true' ? true : undefined,
      Duration: durationOf(ctx),
      'Caller-Account-ID': auth.accountId,
      'Caller-Sees-All-Ratedecks': isRatedeckAdmin(auth),
    },
    ctx.deps.bus.envelope(),
  );
}

async function askRating(ctx: RequestContext, request: KazooMessage): Promise<KazooMessage> {
  try {
    const resp = await ctx.deps.bus.rpc('callmgr', RATE_NUMBER_ROUTING_KEY, request, {
      timeoutMs: RATE_NUMBER_TIMEOUT_MS,
      accept: (r) => rateNumberResp.validate(r).ok,
    });
    const valid = rateNumberResp.validate(resp);
    return valid.ok ? valid.msg : resp;
  } catch (err) {
    if (isBusError(err)) throw errors.system(NO_RATE); // no rating service answered in time: Kazoo's answer too
    throw err;
  }
}

/** The rating answer as crossbar's reply: the rate (with `Explain` when asked), or Kazoo's 400 / 403 / 500. */
function replyOf(resp: KazooMessage): Reply {
  const explain = resp.Explain;
  if (resp.Outcome === 'unrateable') throw errors.field('number format', 'error', 'Number is un-rateable');
  if (resp.Outcome === 'forbidden') throw errors.forbidden(typeof resp.Reason === 'string' ? resp.Reason : 'forbidden', 'ratedeck_id');
  if (resp.Outcome !== 'rated' || typeof resp.Rate !== 'object' || resp.Rate === null) {
    throw errors.system(NO_RATE, explain === undefined ? undefined : { message: NO_RATE, Explain: explain });
  }
  const data: Record<string, unknown> = { ...(resp.Rate as Record<string, unknown>) };
  if (explain !== undefined) data.Explain = explain;
  return { data };
}

async function rateNumber(ctx: RequestContext, accountId: string | undefined): Promise<Reply> {
  const request = rateNumberRequest(ctx, ctx.params.number, accountId);
  return replyOf(await askRating(ctx, request));
}

/** GET /v2/rates/number/{N}: any login; `?ratedeck_id=` names the deck (one the caller may see). */
export function getRateForNumber(ctx: RequestContext): Promise<Reply> {
  requireAuth(ctx);
  return rateNumber(ctx, undefined);
}

/** GET /v2/accounts/{A}/rates/number/{N}: the account's deck, for callers who may reach the account. */
export async function getAccountRateForNumber(ctx: RequestContext): Promise<Reply> {
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  return rateNumber(ctx, account._id);
}
