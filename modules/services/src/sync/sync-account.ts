// One account's sync with its bookkeeper (kz_service_sync @4.2), run under a claim on its services
// doc so no other worker bills it at the same time: recount, follow billing_id, build the items
// from its plans, hand them to the bookkeeper of its reseller, charge queued and activation
// transactions, then release the claim (clean, or still dirty if it changed meanwhile), recording
// a failure with a backoff instead of stopping.
import { createHash } from 'node:crypto';
import { gregorianNow } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import type { BookkeeperSelector } from '../bookkeepers/select-bookkeeper';
import { isBookkeeperError } from '../bookkeepers/bookkeeper';
import { type ServicesConfig, servicesConfig } from '../config';
import { effectiveRatedeck } from '../plan/effective-ratedeck';
import { newTransaction, type Transaction } from '../ledger/transaction';
import { createItems } from '../pricing/create-items';
import { priceItems } from '../pricing/price-items';
import { recountAccount } from '../quantities/recount-account';
import { type ServicesDoc, STATUS_DELINQUENT, STATUS_GOOD, billingIdOf, isReseller, resellerOf } from '../store/services-doc';
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

export function backoffSeconds(failures: number, cfg: Pick<ServicesConfig, 'syncRetryBaseS' | 'syncMaxBackoffS'>): number {
  return Math.min(cfg.syncMaxBackoffS, cfg.syncRetryBaseS * 2 ** Math.max(0, failures - 1));
}

/** Deterministic so a sync retried after a crash writes the same activation charge, not a second one. */
function activationId(accountId: string, category: string, item: string, from: number, to: number, since: number): string {
  return createHash('sha1').update(JSON.stringify(['activation', accountId, category, item, from, to, since])).digest('hex');
}

function withoutFailure(doc: ServicesDoc): ServicesDoc {
  const next = { ...doc };
  delete next.pvt_status_reason;
  delete next.pvt_status_reason_code;
  delete next.pvt_sync_failures;
  delete next.pvt_sync_retry_at;
  return next;
}

/**
 * Syncs a claimed account. `claimed` must be the doc returned by store.claim (its _rev is the claim).
 */
export async function syncClaimed(deps: SyncDeps, claimed: ServicesDoc): Promise<SyncOutcome> {
  const { store } = deps;
  const accountId = claimed._id;
  const cfg = await servicesConfig(store.config);
  const now = gregorianNow();
  const masterId = await store.masterId();
  try {
    // A deleted account: stop its billing with its bookkeeper, once.
    if (claimed.pvt_deleted === true) {
      const choice = await deps.bookkeepers.forReseller(resellerOf(claimed, masterId), masterId);
      if (billingIdOf(claimed) === accountId) await choice.bookkeeper.cancel(accountId);
      await store.release(claimed, (d) => ({ ...withoutFailure(d), pvt_dirty: false, pvt_billing_cancelled: true }));
      await markResellerDirty(store, claimed, masterId);
      log.info('billing cancelled for a deleted account', { account: accountId, bookkeeper: choice.type });
      return { account: accountId, result: 'cancelled', bookkeeper: choice.type };
    }

    // Follow billing_id to the account that pays (not for resellers, which always pay for themselves).
    const billingId = billingIdOf(claimed);
    if (cfg.supportBillingId && !isReseller(claimed) && billingId !== accountId) {
      const payer = await store.get(billingId);
      if (payer && payer.pvt_deleted !== true) {
        await store.markDirty(billingId);
        await store.release(claimed, (d) => ({ ...withoutFailure(d), pvt_dirty: false }));
        return { account: accountId, result: 'followed_billing_id', billingId };
      }
      log.info('billing_id no longer exists; the account pays for itself', { account: accountId, billingId });
      claimed = (await store.release(claimed, (d) => ({ ...d, billing_id: accountId }))) ?? claimed;
      const reclaimed = await store.claim(claimed, deps.node, cfg.syncLockS);
      if (!reclaimed) return { account: accountId, result: 'busy' };
      claimed = reclaimed;
    }

    const loaded = await store.loadPlans(claimed);
    const deck = effectiveRatedeck(loaded.plans);
    const ratedeck = deck.ok ? deck.ratedeck : claimed.ratedeck;
    const quantities = await recountAccount(store.couch, accountId, { numbers: store.numbers, ratedeck });
    const cascade = await store.cascadeQuantities(accountId);
    const choice = await deps.bookkeepers.forReseller(resellerOf(claimed, masterId), masterId);
    const queued = (Array.isArray(claimed.transactions) ? claimed.transactions : []) as Transaction[];
    const held = claimed;
    /** Charges what is due, then releases the claim: clean, counted, with the charges that failed kept queued. */
    const finish = async (toCharge: Transaction[], status: string, extra: Partial<ServicesDoc> = {}): Promise<void> => {
      const failed = toCharge.length ? await choice.bookkeeper.chargeTransactions(accountId, toCharge) : [];
      await store.release(held, (d) => ({
        ...withoutFailure(d),
        quantities,
        cascade_quantities: cascade,
        transactions: failed,
        pvt_dirty: false,
        pvt_status: status,
        ...extra,
      }));
      await markResellerDirty(store, held, masterId);
    };

    if (loaded.plans.length === 0) {
      await finish(queued, STATUS_GOOD);
      return { account: accountId, result: 'no_plans' };
    }

    const { merged, items } = accountItems(loaded, { account: quantities, cascade }, cfg.mergeStrategyPriority);
    const result = await choice.bookkeeper.sync(items, accountId);
    if (result === 'retry') throw new RetryLater(`bookkeeper ${choice.type} asked to retry`);

    const previous = claimed.pvt_last_sync;
    const before = createItems(merged, { account: previous?.quantities ?? {}, cascade: previous?.cascade_quantities ?? {} });
    const invoice = priceItems(items, { previous: before });
    const activations = invoice.lines
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
    const status = result === 'delinquent' ? STATUS_DELINQUENT : STATUS_GOOD;
    await finish([...queued, ...activations], status, {
      pvt_last_sync: { at: now, bookkeeper: choice.type, node: deps.node, quantities, cascade_quantities: cascade },
    });
    log.info('services synced', { account: accountId, bookkeeper: choice.type, status, total: invoice.total });
    return { account: accountId, result: 'synced', status, bookkeeper: choice.type, total: invoice.total };
  } catch (err) {
    const failures = (claimed.pvt_sync_failures ?? 0) + 1;
    const retryAt = now + backoffSeconds(failures, cfg);
    const reason = isBookkeeperError(err) ? `${err.reason}: ${err.message}` : (err as Error).message ?? String(err);
    log.warn('services sync failed; will retry', { account: accountId, failures, retryAt, error: reason });
    await store
      .release(claimed, (d) => ({ ...d, pvt_dirty: true, pvt_status_reason: reason, pvt_sync_failures: failures, pvt_sync_retry_at: retryAt }))
      .catch((e) => log.error('could not record a sync failure', { account: accountId, error: (e as Error).message }));
    return { account: accountId, result: 'failed', reason, retryAt };
  }
}

class RetryLater extends Error {}

async function markResellerDirty(store: ServicesStore, doc: ServicesDoc, masterId: string | undefined): Promise<void> {
  const reseller = resellerOf(doc, masterId);
  if (reseller && reseller !== doc._id) await store.markDirty(reseller);
}

/** `tollgate sync <id>`: claims the account now (ignoring the buffer period) and syncs it. */
export async function syncNow(deps: SyncDeps, accountId: string): Promise<SyncOutcome> {
  const doc = await deps.store.get(accountId);
  if (!doc) return { account: accountId, result: 'missing' };
  const cfg = await servicesConfig(deps.store.config);
  const claimed = await deps.store.claim(doc, deps.node, cfg.syncLockS);
  if (!claimed) return { account: accountId, result: 'busy' };
  const outcome = await syncClaimed(deps, claimed);
  if (outcome.result === 'followed_billing_id') return syncNow(deps, outcome.billingId);
  return outcome;
}
