// PUT /v2/accounts/{id}/ledgers/credit and …/debit (cb_ledgers' authorize_create, validate and
// put): a superduper_admin or the account's reseller records usage or a payment in the account's
// ledger, amount in dollars turned into units once. `source.id` is unique per account and source
// service: the same request sent again (a retried payment) answers what was recorded the first
// time; the id reused with another amount or direction is a 409. With `"impact_reseller": true`
// the entry is also recorded in the account's reseller's ledger, as Kazoo does.
import { findMasterAccountId, isResellerAccount, resellerIdOf } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { gregorianNow } from '@tollgate/kazoo-db';
import {
  balance,
  findLedgerEntry,
  type LedgerDoc,
  LedgerSourceTaken,
  type LedgerType,
  newSourcedLedger,
  recordLedgerEntryOnce,
  resellerCopyOf,
  reverseLedgerEntry,
} from '@tollgate/ledger';
import { dollarsToUnits, parseAmount, unitsToDollars } from '@tollgate/money';
import { schemaValidator } from '@tollgate/schemas';
import { requireAccountAccess } from '../../auth/access';
import type { AuthContext, Reply, RequestContext } from '../../core/types';
import { transactionsSettings } from '../transactions/settings';
import { ledgerJson } from './ledger-json';

interface Writer {
  auth: AuthContext;
  accountId: string;
  accountName: string | undefined;
  /** The account's reseller (cb_context:reseller_id). */
  resellerId: string | undefined;
}

/** cb_ledgers:authorize_create: a superduper_admin, or a login of the account's reseller; others 403. */
async function authorizeWriter(ctx: RequestContext): Promise<Writer> {
  const accountId = ctx.params.account_id;
  const account = await requireAccountAccess(ctx, accountId);
  const auth = ctx.auth as AuthContext;
  const resellerId = await resellerIdOf(ctx.deps.couch, account, await findMasterAccountId(ctx.deps));
  if (!auth.isSuperduperAdmin && auth.accountId !== resellerId) {
    throw errors.forbidden("only a superduper_admin or the account's reseller may change its ledgers", accountId);
  }
  return { auth, accountId, accountName: typeof account.name === 'string' ? account.name : undefined, resellerId };
}

interface Request {
  units: number;
  source: { service: string; id: string };
  usage: { type: string; quantity: number; unit: string };
  period?: { start?: number; end?: number };
  description?: string;
  metadata?: Record<string, unknown>;
}

/** The body checked against Kazoo's `ledgers` schema, the amount required here (Kazoo would record 0) and bounded by max_amount. */
async function requested(ctx: RequestContext): Promise<Request> {
  const data = schemaValidator().validate('ledgers', ctx.data ?? {});
  if (data.amount === undefined) throw errors.field('amount', 'required', 'Amount is required');
  const max = (await transactionsSettings(ctx.deps)).maxAmount;
  const amount = parseAmount(data.amount);
  if (!amount) throw errors.field('amount', 'type', 'Amount must be a number of dollars', { cause: data.amount });
  if (amount.greaterThan(max)) throw errors.field('amount', 'maximum', `Amount must be at most ${max} dollars`, { cause: data.amount, target: max });
  const source = data.source as Request['source'];
  // The reversing entries' source ids are the API's own (DELETE makes them).
  if (typeof source?.id === 'string' && source.id.startsWith('reverses:')) {
    throw errors.field('source.id', 'pattern', 'source.id must not start with "reverses:" (the ids of reversing entries)', { cause: source.id });
  }
  return {
    units: dollarsToUnits(amount),
    source: data.source as Request['source'],
    usage: data.usage as Request['usage'],
    ...(data.period ? { period: data.period as Request['period'] } : {}),
    ...(typeof data.description === 'string' && data.description !== '' ? { description: data.description } : {}),
    ...(data.metadata ? { metadata: data.metadata as Record<string, unknown> } : {}),
  };
}

/** crossbar_services:audit_log: who asked. */
function auditOf(auth: AuthContext): Record<string, unknown> {
  return { authenticating_user: { account_id: auth.accountId, ...(auth.ownerId ? { user_id: auth.ownerId } : {}) } };
}

async function recordOnce(ctx: RequestContext, entry: LedgerDoc): Promise<LedgerDoc> {
  try {
    return (await recordLedgerEntryOnce(ctx.deps, entry)).entry;
  } catch (err) {
    if (err instanceof LedgerSourceTaken) {
      throw errors.conflict(`ledger source ${entry.source.service} ${entry.source.id} is already recorded with another amount`, { cause: entry.source.id });
    }
    throw err;
  }
}

/** build_success_response: the entry, the account's balance after it, whether the account is a reseller. */
async function impactJson(ctx: RequestContext, accountId: string, entry: LedgerDoc): Promise<Record<string, unknown>> {
  return {
    ledger: ledgerJson(entry),
    available_dollars: unitsToDollars(await balance(ctx.deps.couch, accountId)),
    is_reseller: await isResellerAccount(ctx.deps.couch, accountId),
  };
}

async function record(ctx: RequestContext, type: LedgerType): Promise<Reply> {
  // Authorized before the body is looked at: a refused caller learns nothing from a 400.
  const w = await authorizeWriter(ctx);
  const req = await requested(ctx);
  const now = gregorianNow();
  const entry = await recordOnce(
    ctx,
    newSourcedLedger({
      ledgerAccountId: w.accountId,
      account: { id: w.accountId, ...(w.accountName !== undefined ? { name: w.accountName } : {}) },
      type,
      amount: req.units,
      source: req.source,
      usage: req.usage,
      // kz_ledger: the period starts now unless the request says otherwise
      period: { start: req.period?.start ?? now, ...(req.period?.end !== undefined ? { end: req.period.end } : {}) },
      description: req.description,
      metadata: req.metadata ?? {},
      created: now,
      now,
      executor: { trigger: 'crossbar', module: 'cb_ledgers' },
      audit: auditOf(w.auth),
    }),
  );
  const impactReseller = ctx.body.impact_reseller === true && w.resellerId !== w.accountId;
  if (!impactReseller) return { data: ledgerJson(entry) };
  if (w.resellerId === undefined) return { data: { [w.accountId]: ledgerJson(entry) } };
  const copy = await recordOnce(ctx, resellerCopyOf(entry, w.resellerId));
  return { data: { [w.accountId]: await impactJson(ctx, w.accountId, entry), [w.resellerId]: await impactJson(ctx, w.resellerId, copy) } };
}

export async function credit(ctx: RequestContext): Promise<Reply> {
  return record(ctx, 'credit');
}

export async function debit(ctx: RequestContext): Promise<Reply> {
  return record(ctx, 'debit');
}

/**
 * DELETE /ledgers/{source}/{ledger_id} (ours; Kazoo has no delete): a payment or charge entered by
 * mistake is undone by a reversing entry (the original stays, marked `reversed_by`; the listing
 * hides the pair unless `include_reversed=true`), the balance returns to what it was. Its copy in
 * the reseller's ledger (impact_reseller) is reversed too. A second delete is 404; a retried one
 * after a crash finishes what the first began. Same writers as credit and debit.
 */
export async function removeEntry(ctx: RequestContext): Promise<Reply> {
  const w = await authorizeWriter(ctx);
  const id = ctx.params.ledger_id;
  const found = await findLedgerEntry(ctx.deps.couch, w.accountId, id);
  if (!found || found.source?.service !== ctx.params.source) throw errors.badIdentifier(id);
  const input = { now: gregorianNow(), executor: { trigger: 'crossbar', module: 'cb_ledgers' }, audit: auditOf(w.auth) };
  const done = await reverseLedgerEntry(ctx.deps, w.accountId, id, input);
  if (done.outcome !== 'reversed') throw errors.badIdentifier(id);
  if (w.resellerId !== undefined && w.resellerId !== w.accountId) {
    const copy = await findLedgerEntry(ctx.deps.couch, w.resellerId, id);
    if (copy?.metadata?.origin_ledger !== undefined) await reverseLedgerEntry(ctx.deps, w.resellerId, id, input);
  }
  return {
    data: { ...ledgerJson(done.entry), reversal: ledgerJson(done.reversal), available_dollars: unitsToDollars(await balance(ctx.deps.couch, w.accountId)) },
  };
}
