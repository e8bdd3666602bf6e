// GET /v2/accounts/{id}/transactions[/monthly_recurring|/current_balance]: an account's
// transactions in a time range (JSON, or CSV as Kazoo's to_csv) and its balance, in dollars.
import { balance, listTransactions, type Transaction, TRANSACTION_CODES } from '@tollgate/ledger';
import { unitsToDollars } from '@tollgate/money';
import { recordsToCsv } from '@tollgate/tasks';
import { requireAccountAccess } from '../../auth/access';
import { requestedTimeRange } from '../../core/time-range';
import type { Reply, RequestContext } from '../../core/types';
import { transactionJson } from './transaction-json';

const PER_MINUTE_REASONS = ['per_minute_call', 'sub_account_per_minute_call'];

function byReason(reason: string | undefined): (tx: Transaction) => boolean {
  if (!reason) return () => true;
  if (reason === 'only_calls') return (tx) => PER_MINUTE_REASONS.includes(tx.pvt_reason);
  if (reason === 'no_calls' || reason === 'only_bookkeeper') return (tx) => !PER_MINUTE_REASONS.includes(tx.pvt_reason);
  return (tx) => tx.pvt_reason === reason;
}

async function listing(ctx: RequestContext, keep: (tx: Transaction) => boolean = () => true): Promise<Record<string, unknown>[]> {
  const { from, to } = await requestedTimeRange(ctx);
  const wanted = byReason(ctx.query.reason);
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  return (await listTransactions(ctx.deps.couch, accountId, from, to)).filter((tx) => keep(tx) && wanted(tx)).map(transactionJson);
}

/** JSON, or with Accept: text/csv (or ?accept=csv) a CSV report, metadata flattened into columns as Kazoo's to_csv. */
function listingReply(ctx: RequestContext, rows: Record<string, unknown>[], name: string): Reply {
  if (ctx.accepts !== 'csv') return { data: rows };
  const flat = rows.map(({ metadata, ...row }) => ({ ...row, ...(metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {}) }));
  const filename = `${name}_${ctx.params.account_id}.csv`;
  return { raw: { contentType: 'text/csv', body: recordsToCsv(flat), headers: { 'content-disposition': `attachment; filename="${filename}"` } } };
}

export async function listAll(ctx: RequestContext): Promise<Reply> {
  return listingReply(ctx, await listing(ctx), 'transactions');
}

export async function listMonthlyRecurring(ctx: RequestContext): Promise<Reply> {
  return listingReply(ctx, await listing(ctx, (tx) => tx.pvt_code === TRANSACTION_CODES.monthly_recurring), 'monthly_recurring');
}

export async function currentBalance(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  return { data: { balance: unitsToDollars(await balance(ctx.deps.couch, accountId)) } };
}
