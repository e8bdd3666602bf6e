// cb_rates `rates/number`: what a call to a number would be rated at, asked of the rating service
// over the bus (callmgr `rate.number`). `GET /v2/rates/number/{N}` (any authenticated caller,
// `?ratedeck_id=` picks the deck) and `GET /v2/accounts/{A}/rates/number/{N}` (the account's deck:
// its own, else its reseller's, else the default). Tollgate adds `?duration=<s>` (the call's `Cost`)
// and `?explain=true` (which deck and why, every candidate and the filter that dropped it).
// The caller is named in the request so that rating refuses a `ratedeck_id` the caller may not
// see (rating README, "Which ratedecks a caller may name"): 403.
import { errors } from '@tollgate/errors';
import { isBusError, type KazooMessage } from '@tollgate/kazoo-bus';
import { isRatedeckAdmin } from '@tollgate/ratedecks';
import { requireAccountAccess, requireAuth } from '../auth';
import type { CrossbarModule, Reply, RequestContext } from '../core/types';

/** The rating service's request (rating README: "rate.number"). */
export const RATE_NUMBER_ROUTING_KEY = 'rate.number';
/** cb_rates waits 3 s for hotornot. */
const TIMEOUT_MS = 3000;
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

function rateRequest(ctx: RequestContext, number: string, accountId: string | undefined): KazooMessage {
  const q = ctx.query;
  const auth = requireAuth(ctx);
  const req: KazooMessage = {
    ...ctx.deps.bus.envelope(),
    'Event-Category': 'rate',
    'Event-Name': 'number_req',
    Number: number,
    'Account-ID': accountId,
    'Ratedeck-ID': q.ratedeck_id || undefined,
    Direction: directionOf(ctx),
    'From-DID': q.caller_id_number || undefined,
    'Resource-ID': q.resource_id || undefined,
    Explain: q.explain === 'true' ? true : undefined,
    Duration: durationOf(ctx),
    'Caller-Account-ID': auth.accountId,
    'Caller-Sees-All-Ratedecks': isRatedeckAdmin(auth),
  };
  for (const k of Object.keys(req)) if (req[k] === undefined) delete req[k];
  return req;
}

async function rateNumber(ctx: RequestContext, accountId: string | undefined): Promise<Reply> {
  const number = ctx.params.number;
  const request = rateRequest(ctx, number, accountId);
  let resp: KazooMessage;
  try {
    resp = await ctx.deps.bus.rpc('callmgr', RATE_NUMBER_ROUTING_KEY, request, { timeoutMs: TIMEOUT_MS, accept: (r) => r['Event-Name'] === 'number_resp' });
  } catch (err) {
    if (isBusError(err)) throw errors.system(NO_RATE); // no rating service answered in time: Kazoo's answer too
    throw err;
  }
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

export const ratesNumberModule: CrossbarModule = {
  name: 'rates_number',
  routes: () => [
    {
      method: 'GET',
      path: '/v2/rates/number/:number',
      handler: (ctx) => {
        requireAuth(ctx);
        return rateNumber(ctx, undefined);
      },
    },
    {
      method: 'GET',
      path: '/v2/accounts/:account_id/rates/number/:number',
      handler: async (ctx) => {
        const account = await requireAccountAccess(ctx, ctx.params.account_id);
        return rateNumber(ctx, account._id);
      },
    },
  ],
};
