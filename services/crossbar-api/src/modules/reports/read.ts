// The reports' handlers: resolve the scope (the account, or `?account_id=` below it), the period
// and the audience, then answer JSON (paged) or CSV (Accept: text/csv). The CDR report's CSV is
// streamed page by page; the others are bounded by the number of accounts and numbers.
import { fetchUser } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { numbersSettings } from '@tollgate/numbers';
import {
  type CallPageKey,
  callReportColumns,
  callReportPage,
  callReportRows,
  DID_COLUMNS,
  didRows,
  financialReport,
  isCallPageKey,
  reportScope,
  SUB_ACCOUNT_COLUMNS,
  subAccountRows,
} from '@tollgate/reports';
import { requireAccountAccess } from '../../auth/access';
import { csvReply, csvStreamReply } from '../../core/csv-reply';
import { encodeStartKey, pageOf } from '../../core/pagination';
import type { Reply, RequestContext } from '../../core/types';
import { reportAudience } from './audience';
import { financialPeriod, listingPeriod } from './period';

async function scoped(ctx: RequestContext) {
  const accountId = ctx.params.account_id;
  const account = await requireAccountAccess(ctx, accountId);
  const audience = await reportAudience(ctx, account, accountId);
  const narrowTo = ctx.query.account_id || undefined;
  const scope = await reportScope(ctx.deps.couch, accountId, audience.ofReseller, narrowTo);
  if (narrowTo !== undefined && !scope.accounts.some((a) => a.id === narrowTo)) throw errors.badIdentifier(narrowTo);
  return { accountId, audience, scope };
}

async function cdrReport(ctx: RequestContext, ownerId: string | undefined): Promise<Reply> {
  const { accountId, audience, scope } = await scoped(ctx);
  if (ownerId !== undefined && !(await fetchUser(ctx.deps.couch, accountId, ownerId))) throw errors.badIdentifier(ownerId);
  // A user's calls are in its own account's MODBs.
  const accounts = ownerId !== undefined ? [scope.root] : scope.accounts;
  const period = await listingPeriod(ctx);
  const q = { ...period, ownerId, withCost: audience.withCost, costVisible: audience.costVisible };
  const columns = callReportColumns(audience.withCost);
  if (ctx.accepts === 'csv') return csvStreamReply(ctx, columns, callReportRows(ctx.deps.couch, accounts, q), `report_cdrs_${accountId}.csv`);
  if (ctx.page.pageSize === undefined) {
    // paginate=false: the whole period, read a page of CDRs at a time
    const rows: Record<string, unknown>[] = [];
    for await (const page of callReportRows(ctx.deps.couch, accounts, q)) rows.push(...page);
    return { data: rows };
  }
  const pageSize = ctx.page.pageSize;
  let start: CallPageKey | undefined;
  if (ctx.page.startKey !== undefined) {
    if (!isCallPageKey(ctx.page.startKey, accounts, q)) throw errors.field('start_key', 'invalid', 'start_key is not a key of this report', { cause: ctx.query.start_key });
    start = ctx.page.startKey;
  }
  const page = await callReportPage(ctx.deps.couch, accounts, q, pageSize, start);
  return {
    data: page.rows,
    page: { page_size: page.rows.length, start_key: ctx.query.start_key ?? '', ...(page.next ? { next_start_key: encodeStartKey(page.next) } : {}) },
  };
}

/** GET /v2/accounts/{id}/reports/cdrs */
export async function cdrsReport(ctx: RequestContext): Promise<Reply> {
  return cdrReport(ctx, undefined);
}

/** GET /v2/accounts/{id}/users/{user_id}/reports/cdrs */
export async function userCdrsReport(ctx: RequestContext): Promise<Reply> {
  return cdrReport(ctx, ctx.params.user_id);
}

/** A bounded listing: paged by position in JSON, whole in CSV. */
function listingReply(ctx: RequestContext, columns: string[], rows: Record<string, unknown>[], name: string): Reply {
  if (ctx.accepts === 'csv') return csvReply(ctx, columns, rows, name);
  const page = pageOf(
    rows.map((r, i) => ({ r, i })),
    (x) => x.i,
    ctx.page,
  );
  return { data: page.rows.map((x) => x.r), ...(page.info ? { page: page.info } : {}) };
}

/** GET /v2/accounts/{id}/reports/financial: month by month, then a `total` row. */
export async function financial(ctx: RequestContext): Promise<Reply> {
  const { accountId, audience, scope } = await scoped(ctx);
  const period = financialPeriod(ctx);
  const report = await financialReport(ctx.deps.couch, scope, period, audience.costLedgerId);
  const rows: Record<string, unknown>[] = [...report.rows, { month: 'total', ...report.totals }];
  const columns = audience.withCost ? ['month', 'revenue', 'deposits', 'costs', 'profit'] : ['month', 'revenue', 'deposits'];
  const shown = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
  return listingReply(ctx, columns, shown, `report_financial_${accountId}.csv`);
}

/** GET /v2/accounts/{id}/reports/sub_accounts */
export async function subAccounts(ctx: RequestContext): Promise<Reply> {
  const { accountId, scope } = await scoped(ctx);
  return listingReply(ctx, SUB_ACCOUNT_COLUMNS, await subAccountRows(ctx.deps.couch, scope), `report_sub_accounts_${accountId}.csv`);
}

/** GET /v2/accounts/{id}/reports/dids */
export async function dids(ctx: RequestContext): Promise<Reply> {
  const { accountId, scope } = await scoped(ctx);
  const { classifiers } = (await numbersSettings(ctx.deps.config)).current;
  return listingReply(ctx, DID_COLUMNS, await didRows(ctx.deps.couch, scope, classifiers), `report_dids_${accountId}.csv`);
}
