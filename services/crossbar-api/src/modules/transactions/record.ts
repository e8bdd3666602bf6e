// PUT /v2/accounts/{id}/transactions/credit and DELETE …/debit (cb_transactions' validate_credit /
// validate_debit): the caller authorized, the amount validated, the caller's relation to the account
// checked, then the ledger records it. Amounts travel in dollars and are stored in integer units, rounded once.
import { findMasterAccountId, resellerIdOf } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import {
  balance,
  newTransaction,
  saveTransaction,
  saveTransactionOnce,
  TRANSACTION_CODES,
  TRANSACTION_KEY,
  TransactionKeyTaken,
  type TransactionReason,
  type TransactionType,
} from '@tollgate/ledger';
import { dollarsToUnits, parseAmount, unitsToDollars } from '@tollgate/money';
import { requireAccountAccess } from '../../auth/access';
import type { AuthContext, Reply, RequestContext } from '../../core/types';
import { transactionsSettings } from './settings';
import { transactionJson } from './transaction-json';

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
async function ledgerWriter(ctx: RequestContext, type: TransactionType): Promise<LedgerWriter> {
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
async function checkRelation(ctx: RequestContext, w: LedgerWriter, type: TransactionType, units: number): Promise<void> {
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
async function record(ctx: RequestContext, type: TransactionType): Promise<Record<string, unknown>> {
  // Authorized before the body is looked at: a caller outside the tree learns nothing from a 400.
  const writer = await ledgerWriter(ctx, type);
  const { auth, accountId } = writer;
  const change = requestedChange(ctx, type === 'credit' ? 'manual_addition' : 'admin_discretion', (await transactionsSettings(ctx.deps)).maxAmount);
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
  if (!change.id) return transactionJson(await saveTransaction(ctx.deps, tx));
  try {
    return transactionJson((await saveTransactionOnce(ctx.deps, tx)).transaction);
  } catch (err) {
    if (err instanceof TransactionKeyTaken) throw errors.conflict(`transaction ${change.id} already exists with another amount`, { cause: change.id });
    throw err;
  }
}

export async function credit(ctx: RequestContext): Promise<Reply> {
  return { data: await record(ctx, 'credit') };
}

export async function debit(ctx: RequestContext): Promise<Reply> {
  return { data: await record(ctx, 'debit') };
}
