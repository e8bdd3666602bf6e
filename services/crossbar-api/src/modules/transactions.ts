// cb_transactions (Kazoo 4.x) on the local ledger: an account's transactions in a time range,
// its current balance, its monthly recurring charges, and credit / debit by an admin or a
// reseller. Amounts travel in dollars (JSON numbers, as Kazoo shows them) and are stored in
// integer units, rounded once; balances are summed in units.
import { findMasterAccountId, resellerIdOf } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { gregorianNow } from '@tollgate/kazoo-db';
import { dollarsToUnits, MAX_AMOUNT_DOLLARS, parseAmount, unitsToDollars } from '@tollgate/money';
import {
  balance,
  listTransactions,
  newTransaction,
  saveTransaction,
  saveTransactionOnce,
  TRANSACTION_CODES,
  TRANSACTION_KEY,
  type Transaction,
  TransactionKeyTaken,
  type TransactionReason,
} from '@tollgate/services';
import { recordsToCsv } from '@tollgate/tasks';
import { requireAccountAccess } from '../auth/access';
import type { AuthContext, CrossbarModule, Reply, RequestContext } from '../core/types';

const BASE = '/v2/accounts/:account_id/transactions';
/** crossbar.maximum_range: the widest created_from..created_to a listing may ask for (31 days). */
const DEFAULT_MAXIMUM_RANGE_S = 2_682_000;
const PER_MINUTE_REASONS = ['per_minute_call', 'sub_account_per_minute_call'];
/** crossbar.transactions max_amount: the largest credit or debit one request may make, in dollars. */
const DEFAULT_MAX_AMOUNT = 1_000_000_000;

/** Never above what integer units can hold exactly, whatever an admin configures. */
async function maxAmount(ctx: RequestContext): Promise<number> {
  return Math.min(await ctx.deps.config.getNumber('crossbar.transactions', 'max_amount', DEFAULT_MAX_AMOUNT), MAX_AMOUNT_DOLLARS);
}

/** kz_transaction:to_public_json. */
export function transactionJson(tx: Transaction): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: tx._id,
    type: tx.pvt_type,
    amount: unitsToDollars(tx.pvt_amount),
    reason: tx.pvt_reason,
    code: tx.pvt_code,
    description: tx.description,
    created: tx.pvt_created,
    version: tx.pvt_vsn,
  };
  if (tx.sub_account_id) out.sub_account_id = tx.sub_account_id;
  if (tx.metadata) out.metadata = tx.metadata;
  return out;
}

/** crossbar_view:time_range: created_from/created_to in Gregorian seconds, at most maximum_range apart. */
async function timeRange(ctx: RequestContext): Promise<{ from: number; to: number }> {
  const max = await ctx.deps.config.getInteger('crossbar', 'maximum_range', DEFAULT_MAXIMUM_RANGE_S);
  const seconds = (key: string): number | undefined => {
    const raw = ctx.query[key];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 0) throw errors.field(key, 'type', `${key} must be a number of Gregorian seconds`, { cause: raw });
    return n;
  };
  const to = seconds('created_to') ?? gregorianNow();
  const from = seconds('created_from') ?? to - max;
  if (to < from) throw errors.field('created_from', 'date_range', `created_to ${to} is prior to created_from ${from}`, { cause: from });
  if (to - from > max) throw errors.field('created_from', 'date_range', `created_to ${to} is more than ${max} seconds from created_from ${from}`, { cause: to });
  return { from, to };
}

function byReason(reason: string | undefined): (tx: Transaction) => boolean {
  if (!reason) return () => true;
  if (reason === 'only_calls') return (tx) => PER_MINUTE_REASONS.includes(tx.pvt_reason);
  if (reason === 'no_calls' || reason === 'only_bookkeeper') return (tx) => !PER_MINUTE_REASONS.includes(tx.pvt_reason);
  return (tx) => tx.pvt_reason === reason;
}

async function listing(ctx: RequestContext, keep: (tx: Transaction) => boolean = () => true): Promise<Record<string, unknown>[]> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const { from, to } = await timeRange(ctx);
  const wanted = byReason(ctx.query.reason);
  return (await listTransactions(ctx.deps.couch, accountId, from, to)).filter((tx) => keep(tx) && wanted(tx)).map(transactionJson);
}

/** JSON, or with Accept: text/csv (or ?accept=csv) a CSV report, metadata flattened into columns as Kazoo's to_csv. */
function listingReply(ctx: RequestContext, rows: Record<string, unknown>[], name: string): Reply {
  if (ctx.accepts !== 'csv') return { data: rows };
  const flat = rows.map(({ metadata, ...row }) => ({ ...row, ...(metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {}) }));
  const filename = `${name}_${ctx.params.account_id}.csv`;
  return { raw: { contentType: 'text/csv', body: recordsToCsv(flat), headers: { 'content-disposition': `attachment; filename="${filename}"` } } };
}

/** The amount and reason of a credit or debit request, or Kazoo's field errors. */
function requestedChange(
  ctx: RequestContext,
  defaultReason: TransactionReason,
  max: number,
): { units: number; reason: TransactionReason; description: string; id?: string } {
  const data = (ctx.data ?? {}) as Record<string, unknown>;
  if (data.amount === undefined || data.amount === null) throw errors.field('amount', 'required', 'Amount is required');
  const amount = parseAmount(data.amount);
  if (!amount) throw errors.field('amount', 'type', 'Amount must be a number of dollars', { cause: data.amount });
  if (amount.greaterThan(max)) throw errors.field('amount', 'maximum', `Amount must be at most ${max} dollars`, { cause: data.amount, target: max });
  const units = amount.isPositive() && !amount.isZero() ? dollarsToUnits(amount) : 0;
  if (units <= 0) throw errors.field('amount', 'minimum', 'Amount must be greater than 0', { cause: data.amount });
  const reason = data.reason ?? defaultReason;
  if (typeof reason !== 'string' || !(reason in TRANSACTION_CODES)) {
    throw errors.field('reason', 'enum', `reason must be one of ${Object.keys(TRANSACTION_CODES).join(', ')}`, { cause: reason });
  }
  const description = typeof data.description === 'string' && data.description !== '' ? data.description : 'admin_discretion';
  if (data.id !== undefined && (typeof data.id !== 'string' || !TRANSACTION_KEY.test(data.id))) {
    throw errors.field('id', 'pattern', "id must be 1 to 128 letters, digits, '_', '-', '.' or ':', not starting with '_'", { cause: data.id });
  }
  return { units, reason: reason as TransactionReason, description, ...(typeof data.id === 'string' ? { id: data.id } : {}) };
}

interface LedgerWriter {
  auth: AuthContext;
  accountId: string;
  masterId: string | undefined;
  /** The account's reseller (kz_services:find_reseller_id). */
  resellerId: string | undefined;
}

const contactProvider = (verb: 'add' | 'remove', cause: string | undefined) =>
  errors.field('amount', 'forbidden', `Please contact your phone provider to ${verb} credit.`, cause ? { cause } : {});

/**
 * cb_transactions' validate_credit / validate_debit: a superduper_admin or a reseller may ask; for a
 * credit also an account whose reseller is the master. Others get 403.
 */
async function ledgerWriter(ctx: RequestContext, type: 'credit' | 'debit'): Promise<LedgerWriter> {
  const accountId = ctx.params.account_id;
  const account = await requireAccountAccess(ctx, accountId);
  const auth = ctx.auth as AuthContext;
  const masterId = await findMasterAccountId(ctx.deps);
  const resellerId = await resellerIdOf(ctx.deps.couch, account, masterId);
  const mayAsk = auth.isSuperduperAdmin || auth.isReseller || (type === 'credit' && resellerId === masterId);
  if (!mayAsk) throw errors.forbidden('only a reseller or a superduper_admin may change this ledger', accountId);
  return { auth, accountId, masterId, resellerId };
}

/**
 * cb_transactions' maybe_credit_billing_id / maybe_debit_billing_id: the master credits itself and
 * its direct customers, a reseller its own customers (not itself); anything else is "contact your
 * phone provider", naming the account's reseller. Kazoo lets a master's direct customer credit
 * itself by charging its card through the bookkeeper; with no card charge here that is refused too.
 * A debit by someone other than the master or the account's reseller may not take the balance
 * below 0.
 */
async function checkRelation(ctx: RequestContext, w: LedgerWriter, type: 'credit' | 'debit', units: number): Promise<void> {
  const { auth, accountId, masterId, resellerId } = w;
  if (type === 'credit') {
    if (resellerId === masterId && auth.accountId === masterId) return;
    if (resellerId === auth.accountId && auth.accountId !== accountId) return;
    throw contactProvider('add', resellerId);
  }
  if (resellerId !== masterId && resellerId !== auth.accountId) throw contactProvider('remove', resellerId);
  if (auth.accountId === masterId || auth.accountId === resellerId) return;
  const after = (await balance(ctx.deps.couch, accountId)) - units;
  if (after < 0) throw errors.field('amount', 'minimum', 'Available credit can not be less than 0', { cause: unitsToDollars(after) });
}

/**
 * Records the credit or debit. With a client-chosen `id` (not in Kazoo) a retried request returns
 * the transaction it already recorded instead of recording it twice; the id reused for another
 * amount is a 409.
 */
async function record(ctx: RequestContext, type: 'credit' | 'debit'): Promise<Record<string, unknown>> {
  const writer = await ledgerWriter(ctx, type);
  const { auth, accountId } = writer;
  const change = requestedChange(ctx, type === 'credit' ? 'manual_addition' : 'admin_discretion', await maxAmount(ctx));
  await checkRelation(ctx, writer, type, change.units);
  const tx = newTransaction({
    ...(change.id ? { id: change.id } : {}),
    accountId,
    type,
    amount: change.units,
    reason: change.reason,
    description: change.description,
    metadata: { auth_account_id: auth.accountId },
  });
  if (!change.id) return transactionJson(await saveTransaction(ctx.deps.couch, tx));
  try {
    return transactionJson((await saveTransactionOnce(ctx.deps.couch, tx)).transaction);
  } catch (err) {
    if (err instanceof TransactionKeyTaken) throw errors.conflict(`transaction ${change.id} already exists with another amount`, { cause: change.id });
    throw err;
  }
}

export const transactionsModule: CrossbarModule = {
  name: 'transactions',
  routes: () => [
    { method: 'GET', path: BASE, handler: async (ctx) => listingReply(ctx, await listing(ctx), 'transactions') },
    {
      method: 'GET',
      path: `${BASE}/current_balance`,
      handler: async (ctx) => {
        const accountId = ctx.params.account_id;
        await requireAccountAccess(ctx, accountId);
        return { data: { balance: unitsToDollars(await balance(ctx.deps.couch, accountId)) } };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/monthly_recurring`,
      handler: async (ctx) => listingReply(ctx, await listing(ctx, (tx) => tx.pvt_code === TRANSACTION_CODES.monthly_recurring), 'monthly_recurring'),
    },
    { method: 'PUT', path: `${BASE}/credit`, handler: async (ctx) => ({ data: await record(ctx, 'credit') }) },
    { method: 'DELETE', path: `${BASE}/debit`, handler: async (ctx) => ({ data: await record(ctx, 'debit') }) },
  ],
};
