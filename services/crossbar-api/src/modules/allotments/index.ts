// cb_allotments: GET and POST /v2/accounts/{id}/allotments (the account's limits doc's
// `allotments`, replaced whole by a POST) and GET …/allotments/consumed (seconds consumed per
// allotment in its current cycle, the cycle of `created_from` or `created_to`, or between both).
// Anyone within reach reads; the account's reseller or a superduper_admin writes (cb_allotments
// reuses cb_limits' rule), others get Kazoo's 403.
import { findMasterAccountId, resellerIdOf } from '@tollgate/accounts';
import { consumedSummary, readAllotmentsJson, saveAllotments } from '@tollgate/calls';
import { errors, KazooError } from '@tollgate/errors';
import { gregorianNow } from '@tollgate/kazoo-db';
import { requireAccountAccess } from '../../auth/access';
import type { AuthContext, CrossbarModule, Reply, RequestContext } from '../../core/types';

const PATH = '/v2/accounts/:account_id/allotments';
const CONTACT_PROVIDER = 'Please contact your phone provider to add allotments.';

async function read(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  return { data: await readAllotmentsJson(ctx.deps.couch, accountId) };
}

async function write(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  const account = await requireAccountAccess(ctx, accountId);
  const auth = ctx.auth as AuthContext;
  if (!auth.isSuperduperAdmin) {
    const resellerId = await resellerIdOf(ctx.deps.couch, account, await findMasterAccountId(ctx.deps));
    if (auth.accountId !== resellerId || resellerId === accountId) throw new KazooError('forbidden', 403, 'forbidden', { message: CONTACT_PROVIDER });
  }
  return { data: await saveAllotments({ couch: ctx.deps.couch, bus: ctx.deps.bus, config: ctx.deps.config }, accountId, ctx.data ?? {}) };
}

function gregorianParam(ctx: RequestContext, key: string): number | undefined {
  const raw = ctx.query[key];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw errors.field(key, 'type', `${key} must be a number of Gregorian seconds`, { cause: raw });
  return n;
}

async function consumed(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const from = gregorianParam(ctx, 'created_from');
  const to = gregorianParam(ctx, 'created_to');
  if (from !== undefined && to !== undefined && to < from) throw errors.field('created_from', 'date_range', `created_to ${to} is prior to created_from ${from}`, { cause: from });
  return { data: await consumedSummary(ctx.deps.couch, accountId, { from, to }, gregorianNow()) };
}

export const allotmentsModule: CrossbarModule = {
  name: 'allotments',
  routes: () => [
    { method: 'GET', path: PATH, doc: { summary: "the account's allotments (free seconds per call classification, from its limits doc)" }, handler: read },
    { method: 'POST', path: PATH, doc: { summary: "replace the account's allotments (its reseller or a superduper_admin)" }, handler: write },
    { method: 'GET', path: `${PATH}/consumed`, doc: { summary: 'seconds consumed per allotment in its current cycle (or the cycle of a date)', query: { created_from: 'Gregorian seconds', created_to: 'Gregorian seconds' } }, handler: consumed },
  ],
};
