// One account's sync with its bookkeeper (kz_service_sync @4.2), run under a claim on its services
// doc so no other worker bills it at the same time. The steps, each a function below: a deleted
// account's billing is cancelled; billing_id is followed to the payer; the account is measured
// (plans, counts, descendants); its items go to the bookkeeper of its reseller; activation charges
// are worked out; queued and activation charges are charged and the claim released (clean, or still
// dirty if it changed meanwhile); a failure is recorded with a backoff instead of stopping.
import { createHash } from 'node:crypto';
import { gregorianNow } from '@tollgate/kazoo-db';
import { newTransaction, type Transaction } from '@tollgate/ledger';
import { createLogger } from '@tollgate/log';
import { isBookkeeperError } from '../bookkeepers/bookkeeper';
import type { BookkeeperChoice, BookkeeperSelector } from '../bookkeepers/select-bookkeeper';
import type { ServicesSettings } from '../config';
import { DID_FEES_CATEGORY } from '../did-fees/did-fees';
import { effectiveRatedeck } from '../plan/effective-ratedeck';
import { createItems } from '../pricing/create-items';
import { type Invoice, priceItems } from '../pricing/price-items';
import type { Quantities } from '../pricing/quantities';
import { withRatedeckQuantity } from '../store/derived-fields';
import type { LoadedPlans } from '../store/plan-store';
import { type ServicesDoc, STATUS_DELINQUENT, STATUS_GOOD, type SyncRecord, billingIdOf, isReseller, resellerOf } from '../store/services-doc';
import type { ServicesStore } from '../store/services-store';
import { accountItems } from './account-items';

const log = createLogger('services-sync');

export interface SyncDeps {
  store: ServicesStore;
  bookkeepers: BookkeeperSelector;
  node: string;
}

export type SyncOutcome =
  | { account: string; result: 'synced'; status: string; bookkeeper: string; total: number }
  | { account: string; result: 'no_plans' }
  | { account: string; result: 'followed_billing_id'; billingId: string }
  | { account: string; result: 'cancelled'; bookkeeper: string }
  | { account: string; result: 'busy' }
  | { account: string; result: 'missing' }
  | { account: string; result: 'failed'; reason: string; retryAt: number };

/** What every step of one sync needs. */
interface SyncRun {
  deps: SyncDeps;
  settings: ServicesSettings;
  accountId: string;
  masterId: string | undefined;
  now: number;
}

/** The account as it is billed now. */
interface Measured {
  loaded: LoadedPlans;
  /** Counts without the ratedeck; the stored quantities add the deck of the doc being written. */
  counts: Quantities;
  /** Counts with the deck the plans give: what is billed. */
  quantities: Quantities;
  cascade: Quantities;
}

class RetryLater extends Error {}

function backoffSeconds(failures: number, settings: Pick<ServicesSettings, 'syncRetryBaseS' | 'syncMaxBackoffS'>): number {
  return Math.min(settings.syncMaxBackoffS, settings.syncRetryBaseS * 2 ** Math.max(0, failures - 1));
}

function withoutFailure(doc: ServicesDoc): ServicesDoc {
  const next = { ...doc };
  delete next.pvt_status_reason;
  delete next.pvt_status_reason_code;
  delete next.pvt_sync_failures;
  delete next.pvt_sync_retry_at;
  return next;
}

function queuedTransactions(doc: ServicesDoc): Transaction[] {
  return (Array.isArray(doc.transactions) ? doc.transactions : []) as Transaction[];
}

/**
 * Syncs a claimed account. `claimed` must be the doc returned by store.claim (its _rev is the claim).
 */
export async function syncClaimed(deps: SyncDeps, claimed: ServicesDoc): Promise<SyncOutcome> {
  const run: SyncRun = { deps, settings: deps.store.settings.current, accountId: claimed._id, masterId: await deps.store.masterId(), now: gregorianNow() };
  let held = claimed;
  try {
    if (held.pvt_deleted === true) return await cancelDeletedAccount(run, held);
    const payer = await followBillingId(run, held);
    if ('outcome' in payer) return payer.outcome;
    held = payer.held;
    return await billAccount(run, held);
  } catch (err) {
    return recordFailure(run, held, err);
  }
}

/** A deleted account: its billing is stopped with its bookkeeper, once. */
async function cancelDeletedAccount(run: SyncRun, held: ServicesDoc): Promise<SyncOutcome> {
  const { store, bookkeepers } = run.deps;
  const choice = await bookkeepers.forReseller(resellerOf(held, run.masterId), run.masterId);
  if (billingIdOf(held) === run.accountId) await choice.bookkeeper.cancel(run.accountId);
  await store.release(held, (d) => ({ ...withoutFailure(d), pvt_dirty: false, pvt_billing_cancelled: true }));
  await markResellerDirty(run, held);
  log.info('billing cancelled for a deleted account', { account: run.accountId, bookkeeper: choice.type });
  return { account: run.accountId, result: 'cancelled', bookkeeper: choice.type };
}

/**
 * An account billed to another (never a reseller: they pay for themselves) marks the payer dirty
 * and is done; when the payer is gone the account pays for itself from now on (claimed again).
 */
async function followBillingId(run: SyncRun, held: ServicesDoc): Promise<{ outcome: SyncOutcome } | { held: ServicesDoc }> {
  const { store, node } = run.deps;
  const billingId = billingIdOf(held);
  if (!run.settings.supportBillingId || isReseller(held) || billingId === run.accountId) return { held };
  const payer = await store.get(billingId);
  if (payer && payer.pvt_deleted !== true) {
    await store.markDirty(billingId);
    await store.release(held, (d) => ({ ...withoutFailure(d), pvt_dirty: false }));
    return { outcome: { account: run.accountId, result: 'followed_billing_id', billingId } };
  }
  log.info('billing_id no longer exists; the account pays for itself', { account: run.accountId, billingId });
  const released = (await store.release(held, (d) => ({ ...d, billing_id: run.accountId }))) ?? held;
  const reclaimed = await store.claim(released, node, run.settings.syncLockS);
  return reclaimed ? { held: reclaimed } : { outcome: { account: run.accountId, result: 'busy' } };
}

/** The account's plans, its counts (with the deck its plans give) and its descendants' sums. */
async function measure(run: SyncRun, held: ServicesDoc): Promise<Measured> {
  const { store } = run.deps;
  const assigned = await store.loadPlans(held);
  const deck = effectiveRatedeck(assigned.plans);
  const counts = await store.countQuantities(run.accountId);
  const quantities = withRatedeckQuantity(counts, deck.ok ? deck.ratedeck : held.ratedeck);
  // DID fees: billed as a plan of the reseller's, one item per number in service. Their quantities
  // are in what is billed (and pvt_last_sync, for the setup fees), not in the stored counts.
  const did = held.pvt_deleted === true ? undefined : await store.didFees(held);
  if (!did) return { loaded: assigned, counts, quantities, cascade: await store.cascadeQuantities(run.accountId) };
  const loaded = { ...assigned, plans: [...assigned.plans, did.plan] };
  return { loaded, counts, quantities: { ...quantities, [DID_FEES_CATEGORY]: did.quantities }, cascade: await store.cascadeQuantities(run.accountId) };
}

/** Measures the account, hands its items to its bookkeeper, then charges and releases (finish). */
async function billAccount(run: SyncRun, held: ServicesDoc): Promise<SyncOutcome> {
  const measured = await measure(run, held);
  const choice = await run.deps.bookkeepers.forReseller(resellerOf(held, run.masterId), run.masterId);
  const queued = queuedTransactions(held);
  if (measured.loaded.plans.length === 0) {
    await finish(run, held, choice, measured, queued, STATUS_GOOD);
    return { account: run.accountId, result: 'no_plans' };
  }
  const { merged, items } = accountItems(measured.loaded, { account: measured.quantities, cascade: measured.cascade }, run.settings.mergeStrategyPriority);
  const result = await choice.bookkeeper.sync(items, run.accountId);
  if (result === 'retry') throw new RetryLater(`bookkeeper ${choice.type} asked to retry`);
  const previous = held.pvt_last_sync;
  const invoice = priceItems(items, { previous: createItems(merged, { account: previous?.quantities ?? {}, cascade: previous?.cascade_quantities ?? {} }) });
  const status = result === 'delinquent' ? STATUS_DELINQUENT : STATUS_GOOD;
  await finish(run, held, choice, measured, [...queued, ...activationCharges(run.accountId, invoice, previous)], status, {
    pvt_last_sync: { at: run.now, bookkeeper: choice.type, node: run.deps.node, quantities: measured.quantities, cascade_quantities: measured.cascade },
  });
  log.info('services synced', { account: run.accountId, bookkeeper: choice.type, status, total: invoice.total });
  return { account: run.accountId, result: 'synced', status, bookkeeper: choice.type, total: invoice.total };
}

/** Deterministic so a sync retried after a crash writes the same activation charge, not a second one. */
function activationId(accountId: string, category: string, item: string, from: number, to: number, since: number): string {
  return createHash('sha1').update(JSON.stringify(['activation', accountId, category, item, from, to, since])).digest('hex');
}

/** A debit per item whose quantity grew since the last sync, at the plan's activation charge. */
function activationCharges(accountId: string, invoice: Invoice, previous: SyncRecord | undefined): Transaction[] {
  return invoice.lines
    .filter((l) => l.activationCharges > 0)
    .map((l) =>
      newTransaction({
        accountId,
        type: 'debit',
        amount: l.activationCharges,
        reason: 'activation_charges',
        description: `activation charges for ${l.activatedQuantity} ${l.category}.${l.item}`,
        id: activationId(accountId, l.category, l.item, l.actualQuantity - l.activatedQuantity, l.actualQuantity, previous?.at ?? 0),
        metadata: { category: l.category, item: l.item, quantity: l.activatedQuantity },
      }),
    );
}

/**
 * Charges what is due, then releases the claim: clean, counted, with the charges that failed kept
 * queued (beside any queued while the sync ran).
 */
async function finish(
  run: SyncRun,
  held: ServicesDoc,
  choice: BookkeeperChoice,
  measured: Measured,
  toCharge: Transaction[],
  status: string,
  extra: Partial<ServicesDoc> = {},
): Promise<void> {
  const failed = toCharge.length ? await choice.bookkeeper.chargeTransactions(run.accountId, toCharge) : [];
  const handled = new Set(toCharge.map((t) => t._id));
  await run.deps.store.release(held, (d) => ({
    ...withoutFailure(d),
    quantities: withRatedeckQuantity(measured.counts, d.ratedeck),
    cascade_quantities: measured.cascade,
    transactions: [...failed, ...queuedTransactions(d).filter((t) => !handled.has(t._id))],
    pvt_dirty: false,
    pvt_status: status,
    ...extra,
  }));
  await markResellerDirty(run, held);
}

/** A failed sync keeps the account dirty, with why, and when it may be tried again (exponential backoff). */
async function recordFailure(run: SyncRun, held: ServicesDoc, err: unknown): Promise<SyncOutcome> {
  const failures = (held.pvt_sync_failures ?? 0) + 1;
  const retryAt = run.now + backoffSeconds(failures, run.settings);
  const reason = isBookkeeperError(err) ? `${err.reason}: ${err.message}` : ((err as Error).message ?? String(err));
  log.warn('services sync failed; will retry', { account: run.accountId, failures, retryAt, error: reason });
  await run.deps.store
    .release(held, (d) => ({ ...d, pvt_dirty: true, pvt_status_reason: reason, pvt_sync_failures: failures, pvt_sync_retry_at: retryAt }))
    .catch((e) => log.error('could not record a sync failure', { account: run.accountId, error: (e as Error).message }));
  return { account: run.accountId, result: 'failed', reason, retryAt };
}

async function markResellerDirty(run: SyncRun, doc: ServicesDoc): Promise<void> {
  const reseller = resellerOf(doc, run.masterId);
  if (reseller && reseller !== doc._id) await run.deps.store.markDirty(reseller);
}

/** `tollgate sync <id>`: claims the account now (ignoring the buffer period) and syncs it. */
export async function syncNow(deps: SyncDeps, accountId: string): Promise<SyncOutcome> {
  const doc = await deps.store.get(accountId);
  if (!doc) return { account: accountId, result: 'missing' };
  const claimed = await deps.store.claim(doc, deps.node, deps.store.settings.current.syncLockS);
  if (!claimed) return { account: accountId, result: 'busy' };
  const outcome = await syncClaimed(deps, claimed);
  if (outcome.result === 'followed_billing_id') return syncNow(deps, outcome.billingId);
  return outcome;
}
