// The one writer of the `services` db and the module's facade for hosts: mark dirty, reconcile
// (recount + effective ratedeck), plan assignment and service plans, the claim/release a sync
// worker does through the doc's revision, and the queue of charges. Every write goes through
// DocWriter (announced as a doc event). The fields derived from the plans are computed inside the
// update callback from the doc being written (derived-fields.ts); the I/O they need (plan docs,
// counts) is done before the update, and the update starts over when the doc's plans moved on.
import type { LiveSettings, SystemConfig } from '@tollgate/config';
import { errors, type ValidationErrors } from '@tollgate/errors';
import type { Bus } from '@tollgate/kazoo-bus';
import { type Couch, GLOBAL_DBS, gregorianNow, isConflict, isNotFound } from '@tollgate/kazoo-db';
import type { Transaction } from '@tollgate/ledger';
import { DocWriter } from '@tollgate/service-kit';
import { type ServicesSettings, startServicesSettings } from '../config';
import { effectiveRatedeck } from '../plan/effective-ratedeck';
import { mergePlans, mergeToSingle } from '../plan/merge-plans';
import type { AssignedPlan, ServicePlanDoc } from '../plan/types';
import type { ServiceItem } from '../pricing/create-items';
import type { Quantities } from '../pricing/quantities';
import { countAccount } from '../quantities/count-account';
import type { NumberSource } from '../quantities/number-source';
import { accountItems, plansByVendor } from '../sync/account-items';
import type { ServicesWriteDeps } from './account-services';
import { changedPlans, planInputsKey, type ReconcileReads, reconciled, withPlans } from './derived-fields';
import { createPlan, deletePlan, fetchPlan, fetchStoredPlan, listPackageDocs, listPlans, loadAssignedPlans, type LoadedPlans, overrideErrors, updatePlan } from './plan-store';
import { type PlanRef, planVendor, type ServicesDoc, resellerOf } from './services-doc';
import { servicePlanErrors } from '../plan/validate-service-plan';
import { DID_FEES_CATEGORY, DID_FEES_PLAN_ID, didFeesPlan } from '../did-fees/did-fees';
import { readDidFees } from '../did-fees/did-fees-store';

export interface ServicesStoreOptions {
  couch: Couch;
  /** Where writes are announced; without one (a tool with no broker) nothing is. */
  bus?: Bus;
  config: SystemConfig;
  settings: LiveSettings<ServicesSettings>;
  numbers: NumberSource;
  /** kapps_util:get_master_account_id (the accounts module's findMasterAccountId, passed in by the host). */
  masterId: () => Promise<string | undefined>;
  /** Database name; tests use their own. */
  db?: string;
  now?: () => number;
}

/** How often a reconcile or a plan change reads again because the doc's plans moved on under it. */
const STALE_ATTEMPTS = 10;

export interface PlanChange {
  add?: readonly string[];
  delete?: readonly string[];
  /**
   * Plan id -> the overrides deep-merged into that plan for this account (Kazoo's
   * service_plans/override), set in the same write as the add; replaces the plan's overrides (`{}`
   * clears them). Each id must be a plan the account has after the change, and each plan with its
   * overrides must validate (400 `overrides.<id>.<path>`).
   */
  overrides?: Readonly<Record<string, unknown>>;
}

export class ServicesStore {
  readonly couch: Couch;
  readonly settings: LiveSettings<ServicesSettings>;
  readonly numbers: NumberSource;
  readonly db: string;
  /** What a write of this module needs (services docs, plans, and the local bookkeeper's ledger). */
  readonly writeDeps: ServicesWriteDeps;
  private readonly writer: DocWriter;
  private readonly now: () => number;
  private readonly findMasterId: () => Promise<string | undefined>;
  private ownsSettings = false;

  constructor(opts: ServicesStoreOptions) {
    this.couch = opts.couch;
    this.settings = opts.settings;
    this.numbers = opts.numbers;
    this.db = opts.db ?? GLOBAL_DBS.services;
    this.now = opts.now ?? gregorianNow;
    this.findMasterId = opts.masterId;
    this.writeDeps = { couch: opts.couch, bus: opts.bus, config: opts.config };
    this.writer = new DocWriter(this.writeDeps);
  }

  /** A store with its own live `services` settings, stopped by close(). */
  static async open(opts: Omit<ServicesStoreOptions, 'settings'>): Promise<ServicesStore> {
    const store = new ServicesStore({ ...opts, settings: await startServicesSettings(opts.config) });
    store.ownsSettings = true;
    return store;
  }

  close(): void {
    if (this.ownsSettings) this.settings.stop();
  }

  get(accountId: string): Promise<ServicesDoc | undefined> {
    return this.couch.get<ServicesDoc>(this.db, accountId);
  }

  async require(accountId: string): Promise<ServicesDoc> {
    const doc = await this.get(accountId);
    if (!doc) throw errors.badIdentifier(accountId);
    return doc;
  }

  /** kapps_util:get_master_account_id (system_config accounts master_account_id, else the root account). */
  async masterId(): Promise<string | undefined> {
    try {
      return await this.findMasterId();
    } catch (err) {
      // No accounts db yet (a fresh system): there is no master to take plans from.
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** kz_service_sync:mark_dirty: the account is synced once it has been quiet for the buffer period. */
  async markDirty(accountId: string): Promise<ServicesDoc | undefined> {
    return this.writer.update<ServicesDoc>(this.db, accountId, (cur) => (cur ? { ...cur, pvt_dirty: true, pvt_modified: this.now() } : undefined));
  }

  async loadPlans(doc: ServicesDoc): Promise<LoadedPlans> {
    return loadAssignedPlans(this.couch, doc, await this.masterId());
  }

  /**
   * DID fees (did-fees/did-fees.ts) as the sync bills them: a plan of the account's reseller with
   * one `did_fees.<number>` item per number in service (any carrier: the reseller's own price for
   * its client's DIDs), and those quantities (1 each). Undefined when no number has a fee.
   */
  async didFees(doc: ServicesDoc): Promise<{ plan: AssignedPlan; quantities: Record<string, number> } | undefined> {
    const accountId = doc._id;
    const resellerId = resellerOf(doc, await this.masterId());
    const [own, reseller] = await Promise.all([readDidFees(this.couch, accountId), resellerId && resellerId !== accountId ? readDidFees(this.couch, resellerId) : undefined]);
    if (!own && !reseller) return undefined;
    const numbers = (await this.numbers.listAccountNumbers(accountId)).filter((n) => n.state === 'in_service' || n.state === 'port_in').map((n) => n.number);
    const plan = didFeesPlan(numbers, own, reseller);
    if (!plan) return undefined;
    const quantities = Object.fromEntries(Object.keys(plan.plan?.did_fees ?? {}).map((n) => [n, 1]));
    return { plan: { id: DID_FEES_PLAN_ID, vendorId: resellerId ?? accountId, doc: plan }, quantities };
  }

  /** Summed quantities of the account's descendants (services/cascade_quantities view). */
  async cascadeQuantities(accountId: string): Promise<Quantities> {
    const out: Quantities = {};
    const rows = await this.couch.viewOrEmpty<unknown, [string, string, string]>(this.db, 'services', 'cascade_quantities', {
      group: true,
      startkey: [accountId],
      endkey: [accountId, {}],
    });
    for (const row of rows) {
      const [, cat, item] = row.key;
      if (typeof row.value === 'number') out[cat] = { ...(out[cat] ?? {}), [item]: row.value };
    }
    return out;
  }

  /** The account's counts (account db and numbers), without the ratedeck the plans give it. */
  countQuantities(accountId: string): Promise<Quantities> {
    return countAccount(this.couch, accountId, this.numbers);
  }

  /**
   * kz_services:reconcile: recounts the account's quantities and recomputes its effective ratedeck
   * and plan errors; saves only when something changed (or `markDirty` asks), marking the account
   * dirty when what is billed may have changed. Returns the saved (or unchanged) doc; undefined
   * when there is no services doc.
   */
  async reconcile(accountId: string, opts: { markDirty?: boolean } = {}): Promise<ServicesDoc | undefined> {
    for (let attempt = 1; ; attempt++) {
      const doc = await this.get(accountId);
      if (!doc) return undefined;
      const reads = await this.reconcileReads(doc);
      let stale = false;
      const saved = await this.writer.update<ServicesDoc>(this.db, accountId, (cur) => {
        stale = cur !== undefined && planInputsKey(cur) !== reads.inputs;
        if (!cur || stale) return undefined;
        return reconciled(cur, reads, this.now(), opts.markDirty === true);
      });
      if (!stale) return saved;
      if (attempt >= STALE_ATTEMPTS) throw errors.conflict(`the plans of ${accountId} kept changing during its reconcile`, { cause: accountId });
    }
  }

  /** The I/O a reconcile needs, done before its write: the plans the doc names, counts, cascade. */
  private async reconcileReads(doc: ServicesDoc): Promise<ReconcileReads> {
    return {
      inputs: planInputsKey(doc),
      loaded: await this.loadPlans(doc),
      counts: doc.pvt_deleted === true ? {} : await this.countQuantities(doc._id),
      cascade: await this.cascadeQuantities(doc._id),
    };
  }

  /**
   * Adds and removes plans on an account (crossbar service_plans). Every added plan must be a valid
   * plan in the vendor's db; the plans left must not name two ratedecks (409 naming them).
   */
  async changePlans(accountId: string, change: PlanChange): Promise<{ doc: ServicesDoc; plans: AssignedPlan[] }> {
    const masterId = await this.masterId();
    for (let attempt = 1; ; attempt++) {
      const current = await this.require(accountId);
      const plans = await this.withOverrides(
        { ...current, plans: changedPlans(current.plans, { add: await this.addedPlanRefs(current, masterId, change.add ?? []), delete: change.delete ?? [] }) },
        masterId,
        change.overrides ?? {},
      );
      const loaded = await loadAssignedPlans(this.couch, { ...current, plans }, masterId);
      const deck = effectiveRatedeck(loaded.plans);
      if (!deck.ok) throw deck.error;
      let stale = false;
      const saved = await this.writer.update<ServicesDoc>(this.db, accountId, (cur) => {
        if (!cur) throw errors.badIdentifier(accountId);
        stale = planInputsKey(cur) !== planInputsKey(current);
        return stale ? undefined : withPlans(cur, plans, loaded, deck.ratedeck, this.now());
      });
      if (!stale && saved) return { doc: saved, plans: loaded.plans };
      if (attempt >= STALE_ATTEMPTS) throw errors.conflict(`the plans of ${accountId} kept changing; try again`, { cause: accountId });
    }
  }

  /** The doc's plans with `overrides` set on them, each checked (see PlanChange.overrides). */
  private async withOverrides(doc: ServicesDoc, masterId: string | undefined, overrides: Readonly<Record<string, unknown>>): Promise<Record<string, PlanRef>> {
    const plans: Record<string, PlanRef> = { ...(doc.plans ?? {}) };
    let invalid: ValidationErrors = {};
    for (const [id, ov] of Object.entries(overrides)) {
      const ref = plans[id];
      if (!ref || typeof ref !== 'object') {
        invalid = { ...invalid, [`overrides.${id}`]: { enum: { message: `service plan ${id} is not a plan of account ${doc._id}` } } };
        continue;
      }
      const vendorId = planVendor(doc, ref, masterId);
      const plan = vendorId ? await fetchPlan(this.couch, vendorId, id) : undefined;
      if (!plan) throw errors.badIdentifier(id);
      const problems = overrideErrors(plan, ov, id);
      if (problems) {
        invalid = { ...invalid, ...problems };
        continue;
      }
      const next: PlanRef = { ...ref };
      if (Object.keys(ov as Record<string, unknown>).length > 0) next.overrides = ov as Record<string, unknown>;
      else delete next.overrides;
      plans[id] = next;
    }
    if (Object.keys(invalid).length > 0) throw errors.validation(invalid);
    return plans;
  }

  /** The vendor whose db holds a plan the account has (undefined when it has no such plan). */
  async assignedPlanVendor(doc: ServicesDoc, planId: string): Promise<string | undefined> {
    const ref = doc.plans?.[planId];
    if (!ref || typeof ref !== 'object') return undefined;
    return planVendor(doc, ref, await this.masterId());
  }

  /** The refs of plans to add, each checked to be a valid plan in the vendor's db (404 / 400 otherwise). */
  private async addedPlanRefs(current: ServicesDoc, masterId: string | undefined, ids: readonly string[]): Promise<Record<string, PlanRef>> {
    const vendorId = resellerOf(current, masterId);
    if (!vendorId) throw errors.system('no reseller or master account to take service plans from');
    const refs: Record<string, PlanRef> = {};
    for (const id of ids) {
      const plan = await fetchPlan(this.couch, vendorId, id);
      if (!plan) throw errors.badIdentifier(id);
      const invalid = servicePlanErrors(plan);
      if (invalid) throw errors.validation(Object.fromEntries(Object.entries(invalid).map(([k, v]) => [`${id}.${k}`, v])));
      // 3.x/4.2 read the vendor from account_id, 4.3 from vendor_id: both are written.
      refs[id] = { account_id: vendorId, vendor_id: vendorId };
    }
    return refs;
  }

  // ---- service plans (documents in vendor account dbs) ---------------------------------------

  /** The account whose db holds the plans this account may use: its reseller (the master for itself). */
  async planVendorOf(accountId: string, services: ServicesDoc | undefined): Promise<string> {
    const masterId = await this.masterId();
    if (accountId === masterId) return accountId;
    const vendor = services ? resellerOf(services, masterId) : masterId;
    if (!vendor) throw errors.system('no reseller or master account to take service plans from');
    return vendor;
  }

  fetchPlan(vendorId: string, planId: string): Promise<ServicePlanDoc | undefined> {
    return fetchPlan(this.couch, vendorId, planId);
  }

  listPlans(vendorId: string): Promise<Record<string, unknown>[]> {
    return listPlans(this.couch, vendorId);
  }

  /** Validates and saves a plan in the vendor's db (announced, so accounts using it are reconciled). */
  createPlan(vendorId: string, data: Record<string, unknown>): Promise<ServicePlanDoc & { _id: string; _rev: string }> {
    return createPlan(this.writeDeps, vendorId, data);
  }

  /** A plan as stored (a package without its derived plan items). */
  fetchStoredPlan(vendorId: string, planId: string): Promise<ServicePlanDoc | undefined> {
    return fetchStoredPlan(this.couch, vendorId, planId);
  }

  /** The vendor's plans that are packages (a `package` section), whole docs. */
  listPackages(vendorId: string): Promise<(ServicePlanDoc & { _id: string; _rev: string })[]> {
    return listPackageDocs(this.couch, vendorId);
  }

  /** Replaces (or merges into) a stored plan's public fields, validated; 404 when missing. */
  updatePlan(vendorId: string, planId: string, data: Record<string, unknown>, opts: { merge: boolean }): Promise<ServicePlanDoc & { _id: string; _rev: string }> {
    return updatePlan(this.writeDeps, vendorId, planId, data, opts);
  }

  /** Deletes a stored plan; undefined when there was none. Callers check it is unused first. */
  deletePlan(vendorId: string, planId: string): Promise<ServicePlanDoc | undefined> {
    return deletePlan(this.writeDeps, vendorId, planId);
  }

  /** The plans merged into one, as crossbar shows an account's plan (merge strategies in `services` order). */
  mergedPlan(plans: readonly AssignedPlan[]): Record<string, unknown> {
    return mergeToSingle(mergePlans(plansByVendor(plans), this.settings.current.mergeStrategyPriority));
  }

  /** The items the account is billed for at its stored quantities (crossbar services, `tollgate services show`). */
  async billedItems(doc: ServicesDoc): Promise<ServiceItem[]> {
    const loaded = await this.loadPlans(doc);
    // DID fees as the sync bills them (their quantities are not stored: counted here).
    const did = doc.pvt_deleted === true ? undefined : await this.didFees(doc);
    const plans = did ? { ...loaded, plans: [...loaded.plans, did.plan] } : loaded;
    const account = did ? { ...(doc.quantities ?? {}), [DID_FEES_CATEGORY]: did.quantities } : (doc.quantities ?? {});
    return accountItems(plans, { account, cascade: doc.cascade_quantities ?? {} }, this.settings.current.mergeStrategyPriority).items;
  }

  // ---- sync claims -------------------------------------------------------------------------

  /**
   * Takes the account for one sync: writes a lock with the revision we read, so of two workers
   * that read the same revision exactly one succeeds. Undefined when someone else got there first.
   */
  async claim(doc: ServicesDoc, node: string, lockSeconds: number): Promise<ServicesDoc | undefined> {
    const now = this.now();
    // A live lock is respected even if it is this node's own: two scans in one process are two workers.
    if (doc.pvt_sync_lock && doc.pvt_sync_lock.until > now) return undefined;
    try {
      return await this.writer.put(this.db, { ...doc, pvt_sync_lock: { node, until: now + lockSeconds } });
    } catch (err) {
      if (isConflict(err)) return undefined;
      throw err;
    }
  }

  /**
   * Ends a claimed sync: applies `change` and drops the lock. The account stays dirty if it was
   * changed by anyone else while it was being synced (its revision moved on).
   */
  async release(claimed: ServicesDoc, change: (doc: ServicesDoc, changedMeanwhile: boolean) => ServicesDoc): Promise<ServicesDoc | undefined> {
    return this.writer.update<ServicesDoc>(this.db, claimed._id, (cur) => {
      if (!cur) return undefined;
      const changedMeanwhile = cur._rev !== claimed._rev;
      const next = change({ ...cur }, changedMeanwhile);
      delete next.pvt_sync_lock;
      if (changedMeanwhile && cur.pvt_dirty === true) next.pvt_dirty = true;
      return next;
    });
  }

  /**
   * kz_bookkeeper_*:commit_transactions: charges wait on the billing account's services doc
   * (`transactions`) and the account is marked dirty, so its next sync charges them.
   */
  async queueTransactions(billingId: string, transactions: readonly Transaction[]): Promise<void> {
    const toQueue = transactions.filter((t) => t.pvt_amount > 0);
    if (toQueue.length === 0) return;
    await this.writer.update<ServicesDoc>(this.db, billingId, (cur) => {
      if (!cur) throw errors.badIdentifier(billingId);
      const queued = Array.isArray(cur.transactions) ? cur.transactions : [];
      const ids = new Set(queued.map((t) => t._id));
      return { ...cur, transactions: [...queued, ...toQueue.filter((t) => !ids.has(t._id))], pvt_dirty: true, pvt_modified: this.now() };
    });
  }

  /** The dirty accounts quiet since `before` (services/dirty, oldest change first). */
  async dirtyAccounts(before: number, limit: number): Promise<ServicesDoc[]> {
    const rows = await this.couch.viewOrEmpty<unknown, number, ServicesDoc>(this.db, 'services', 'dirty', { endkey: before, limit, include_docs: true });
    return rows.map((r) => r.doc).filter((d): d is ServicesDoc => !!d);
  }

  /** Accounts whose services docs name a plan (services/plans). */
  async accountsWithPlan(planId: string): Promise<string[]> {
    const rows = await this.couch.viewOrEmpty(this.db, 'services', 'plans', { key: planId });
    return [...new Set(rows.map((r) => r.id))];
  }

  /** The accounts flagged as resellers (`pvt_reseller`), the vendors of service plans besides the master. */
  async resellerIds(): Promise<string[]> {
    const docs = await this.couch.findOrEmpty<ServicesDoc & { _id: string }>(this.db, { pvt_reseller: true }, { limit: 1_000_000 });
    return docs.filter((d) => d.pvt_deleted !== true).map((d) => d._id);
  }

  /** Every account id with a services doc. */
  async allAccountIds(): Promise<string[]> {
    const rows = await this.couch.allDocs(this.db);
    return rows.map((r) => r.id).filter((id) => !id.startsWith('_design/'));
  }
}
