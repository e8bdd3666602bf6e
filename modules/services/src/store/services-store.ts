// Reads and writes of the `services` db: mark dirty, reconcile (recount + effective ratedeck),
// plan assignment, and the claim/release a sync worker does through the doc's revision.
import { createHash } from 'node:crypto';
import type { SystemConfig } from '@tollgate/config';
import { errors } from '@tollgate/errors';
import { type Couch, GLOBAL_DBS, gregorianNow, isConflict, isNotFound } from '@tollgate/kazoo-db';
import { type EffectiveRatedeck, effectiveRatedeck } from '../plan/effective-ratedeck';
import type { AssignedPlan } from '../plan/types';
import { type Quantities, quantitiesDiffer } from '../pricing/quantities';
import type { NumberSource } from '../quantities/number-source';
import { recountAccount } from '../quantities/recount-account';
import { loadAssignedPlans, type LoadedPlans, fetchPlan } from './plan-store';
import { type PlanRef, type ServicesDoc, STATUS_GOOD, resellerOf } from './services-doc';
import { servicePlanErrors } from '../plan/validate-service-plan';

export interface ServicesStoreOptions {
  couch: Couch;
  config: SystemConfig;
  numbers: NumberSource;
  /** kapps_util:get_master_account_id (the accounts module's findMasterAccountId, passed in by the host). */
  masterId: () => Promise<string | undefined>;
  /** Database name; tests use their own. */
  db?: string;
  now?: () => number;
}


function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A fingerprint of the plans an account is given, so hand edits of `plans` are noticed cheaply. */
export function plansFingerprint(plans: unknown): string {
  return createHash('sha1').update(JSON.stringify(plans ?? {})).digest('hex');
}

export class ServicesStore {
  readonly couch: Couch;
  readonly config: SystemConfig;
  readonly numbers: NumberSource;
  readonly db: string;
  private readonly now: () => number;
  private readonly findMasterId: () => Promise<string | undefined>;

  constructor(opts: ServicesStoreOptions) {
    this.couch = opts.couch;
    this.config = opts.config;
    this.numbers = opts.numbers;
    this.db = opts.db ?? GLOBAL_DBS.services;
    this.now = opts.now ?? gregorianNow;
    this.findMasterId = opts.masterId;
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
    return this.couch.update<ServicesDoc>(this.db, accountId, (cur) => (cur ? { ...cur, pvt_dirty: true, pvt_modified: this.now() } : undefined));
  }

  async loadPlans(doc: ServicesDoc): Promise<LoadedPlans> {
    return loadAssignedPlans(this.couch, doc, await this.masterId());
  }

  /** Summed quantities of the account's descendants (services/cascade_quantities view). */
  async cascadeQuantities(accountId: string): Promise<Quantities> {
    const out: Quantities = {};
    try {
      const res = await this.couch.db(this.db).view('services', 'cascade_quantities', {
        group: true,
        startkey: [accountId],
        endkey: [accountId, {}],
      });
      for (const row of res.rows) {
        const [, cat, item] = row.key as unknown as [string, string, string];
        const v = row.value as number;
        if (typeof v === 'number') out[cat] = { ...(out[cat] ?? {}), [item]: v };
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return out;
  }

  /**
   * kz_services:reconcile: recounts the account's quantities and recomputes its effective ratedeck and
   * plan errors; saves only when something changed, and marks the account dirty when what is billed
   * may have changed. Returns the saved (or unchanged) doc; undefined when there is no services doc.
   */
  async reconcile(accountId: string): Promise<ServicesDoc | undefined> {
    const doc = await this.get(accountId);
    if (!doc) return undefined;
    const loaded = await this.loadPlans(doc);
    const deck = effectiveRatedeck(loaded.plans);
    const planErrors: Record<string, unknown> = { ...loaded.errors };
    let ratedeck: EffectiveRatedeck | undefined;
    if (deck.ok) ratedeck = deck.ratedeck;
    else {
      // A hand edit gave the account two decks: keep the deck it had and say why on the doc.
      ratedeck = doc.ratedeck;
      planErrors.ratedeck = deck.error.data;
    }
    const quantities = doc.pvt_deleted === true ? {} : await recountAccount(this.couch, accountId, { numbers: this.numbers, ratedeck });
    const cascade = await this.cascadeQuantities(accountId);
    return this.couch.update<ServicesDoc>(this.db, accountId, (cur) => {
      if (!cur) return undefined;
      const quantitiesChanged = quantitiesDiffer(cur.quantities, quantities);
      const cascadeChanged = quantitiesDiffer(cur.cascade_quantities, cascade);
      const deckChanged = !sameJson(cur.ratedeck, ratedeck);
      const errorsChanged = !sameJson(cur.pvt_plan_errors ?? {}, planErrors);
      const fingerprint = plansFingerprint(cur.plans);
      if (!quantitiesChanged && !cascadeChanged && !deckChanged && !errorsChanged && cur.pvt_plans_fingerprint === fingerprint) return undefined;
      const next: ServicesDoc = { ...cur, quantities, cascade_quantities: cascade, pvt_plans_fingerprint: fingerprint };
      if (ratedeck) next.ratedeck = ratedeck;
      else delete next.ratedeck;
      if (Object.keys(planErrors).length) next.pvt_plan_errors = planErrors;
      else delete next.pvt_plan_errors;
      if (quantitiesChanged || cascadeChanged || deckChanged || cur.pvt_plans_fingerprint !== fingerprint) {
        next.pvt_dirty = true;
        next.pvt_modified = this.now();
      }
      return next;
    });
  }

  /**
   * Adds and removes plans on an account (crossbar service_plans). Every added plan must be a valid
   * plan in the vendor's db; the plans left must not name two ratedecks (409 naming them).
   */
  async changePlans(accountId: string, change: { add?: string[]; delete?: string[] }): Promise<{ doc: ServicesDoc; plans: AssignedPlan[] }> {
    const current = await this.require(accountId);
    const masterId = await this.masterId();
    const vendorId = resellerOf(current, masterId);
    if (!vendorId) throw errors.system('no reseller or master account to take service plans from');
    const addRefs: Record<string, PlanRef> = {};
    for (const id of change.add ?? []) {
      const plan = await fetchPlan(this.couch, vendorId, id);
      if (!plan) throw errors.badIdentifier(id);
      const invalid = servicePlanErrors(plan);
      if (invalid) throw errors.validation(Object.fromEntries(Object.entries(invalid).map(([k, v]) => [`${id}.${k}`, v])));
      // 3.x/4.2 read the vendor from account_id, 4.3 from vendor_id: both are written.
      addRefs[id] = { account_id: vendorId, vendor_id: vendorId };
    }
    let result: { doc: ServicesDoc; plans: AssignedPlan[] } | undefined;
    await this.couch.update<ServicesDoc>(this.db, accountId, async (cur) => {
      if (!cur) throw errors.badIdentifier(accountId);
      const plans: Record<string, PlanRef> = { ...(cur.plans ?? {}) };
      for (const id of change.delete ?? []) delete plans[id];
      for (const [id, ref] of Object.entries(addRefs)) plans[id] = { ...(plans[id] ?? {}), ...ref };
      const next: ServicesDoc = { ...cur, plans };
      const loaded = await loadAssignedPlans(this.couch, next, masterId);
      const deck = effectiveRatedeck(loaded.plans);
      if (!deck.ok) throw deck.error;
      if (deck.ratedeck) next.ratedeck = deck.ratedeck;
      else delete next.ratedeck;
      if (Object.keys(loaded.errors).length) next.pvt_plan_errors = loaded.errors;
      else delete next.pvt_plan_errors;
      next.pvt_plans_fingerprint = plansFingerprint(plans);
      next.pvt_dirty = true;
      next.pvt_modified = this.now();
      result = { doc: next, plans: loaded.plans };
      return next;
    });
    if (!result) throw errors.badIdentifier(accountId);
    return result;
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
      return await this.couch.put(this.db, { ...doc, pvt_sync_lock: { node, until: now + lockSeconds } });
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
    return this.couch.update<ServicesDoc>(this.db, claimed._id, (cur) => {
      if (!cur) return undefined;
      const changedMeanwhile = cur._rev !== claimed._rev;
      const next = change({ ...cur }, changedMeanwhile);
      delete next.pvt_sync_lock;
      if (changedMeanwhile && cur.pvt_dirty === true) next.pvt_dirty = true;
      return next;
    });
  }

  /** The dirty accounts quiet since `before` (services/dirty, oldest change first). */
  async dirtyAccounts(before: number, limit: number): Promise<ServicesDoc[]> {
    try {
      const res = await this.couch.db(this.db).view('services', 'dirty', { endkey: before, limit, include_docs: true });
      return res.rows.map((r) => r.doc as unknown as ServicesDoc).filter((d): d is ServicesDoc => !!d);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }

  /** Accounts whose services docs name a plan (services/plans). */
  async accountsWithPlan(planId: string): Promise<string[]> {
    const res = await this.couch.db(this.db).view('services', 'plans', { key: planId });
    return [...new Set(res.rows.map((r) => r.id))];
  }

  /** Every account id with a services doc. */
  async allAccountIds(): Promise<string[]> {
    const res = await this.couch.db(this.db).list();
    return res.rows.map((r) => r.id).filter((id) => !id.startsWith('_design/'));
  }

  isGoodStatus(doc: ServicesDoc): boolean {
    return (doc.pvt_status ?? STATUS_GOOD) === STATUS_GOOD;
  }
}
