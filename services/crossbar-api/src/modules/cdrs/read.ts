// cb_cdrs' reads: an account's CDRs in a time range (or one user's), paged, as JSON rows or CSV
// with Kazoo's columns; one CDR in full. Reach is crossbar's (the account and its descendants), so
// a customer never reads another branch's calls; what each viewer sees of the money is ./viewer.ts.
import { fetchUser } from '@tollgate/accounts';
import { cdrColumns, cdrDetail, cdrRow, findCdr, isCdrListingKey, listCdrs } from '@tollgate/calls';
import { errors } from '@tollgate/errors';
import { requireAccountAccess } from '../../auth/access';
import { csvReply } from '../../core/csv-reply';
import { modbPageInfo, modbStartKey } from '../../core/modb-paging';
import { requestedTimeRange } from '../../core/time-range';
import type { Reply, RequestContext } from '../../core/types';
import { cdrAudience } from './viewer';

/** cb_cdrs' utc_offset: seconds added to the `datetime` column. */
function utcOffset(ctx: RequestContext): number {
  const raw = ctx.query.utc_offset;
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw errors.field('utc_offset', 'type', 'utc_offset must be a number', { cause: raw });
  return n;
}

async function listing(ctx: RequestContext, ownerId: string | undefined): Promise<Reply> {
  const accountId = ctx.params.account_id;
  const account = await requireAccountAccess(ctx, accountId);
  if (ownerId !== undefined && !(await fetchUser(ctx.deps.couch, accountId, ownerId))) throw errors.badIdentifier(ownerId);
  const { from, to } = await requestedTimeRange(ctx);
  const offset = utcOffset(ctx);
  const audience = await cdrAudience(ctx, account);
  const start = modbStartKey(ctx, (key) => isCdrListingKey(key, { from, to, ownerId }));
  const csv = ctx.accepts === 'csv';
  // A CSV report is the whole range (bounded by maximum_range); JSON is paged.
  const page = await listCdrs(ctx.deps.couch, accountId, { from, to, ownerId, pageSize: csv ? undefined : ctx.page.pageSize, start, descending: ctx.page.descending });
  const row = (cdr: (typeof page.cdrs)[number]) => cdrRow(cdr, { resellerView: audience.resellerView, costVisible: audience.costVisible(cdr), utcOffset: offset });
  const rows = page.cdrs.map(row);
  if (csv) return csvReply(ctx, cdrColumns(audience.resellerView), rows, `cdrs_${accountId}.csv`);
  return { data: rows, page: modbPageInfo(ctx, rows.length, page.next) };
}

/** GET /v2/accounts/{id}/cdrs */
export async function accountCdrs(ctx: RequestContext): Promise<Reply> {
  return listing(ctx, undefined);
}

/** GET /v2/accounts/{id}/users/{user_id}/cdrs: the calls of one user (custom_channel_vars.owner_id). */
export async function userCdrs(ctx: RequestContext): Promise<Reply> {
  return listing(ctx, ctx.params.user_id);
}

const CDR_ID = /^\d{6}-.+$/;

/** GET /v2/accounts/{id}/cdrs/{cdr_id}: one CDR of the account (`YYYYMM-<call id>`). */
export async function oneCdr(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  const id = ctx.params.cdr_id;
  const account = await requireAccountAccess(ctx, accountId);
  if (!CDR_ID.test(id)) throw errors.notFound('could not find cdr with supplied id');
  const cdr = await findCdr(ctx.deps.couch, accountId, id);
  if (!cdr) throw errors.badIdentifier(id);
  const audience = await cdrAudience(ctx, account);
  return { data: cdrDetail(cdr, audience.costVisible(cdr)), revision: cdr._rev };
}
