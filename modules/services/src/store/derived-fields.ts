// The fields of a services doc derived from its plans and counts (pure): the effective ratedeck,
// the plans' errors, the `ratedeck.<id>` quantity, the plans' fingerprint and the dirty flag. The
// store computes them inside the update that writes the doc, from the doc being written, so a
// plan change landing during a reconcile can never be overwritten with a deck from an older read.
import { createHash } from 'node:crypto';
import { type EffectiveRatedeck, effectiveRatedeck } from '../plan/effective-ratedeck';
import { type Quantities, quantitiesDiffer } from '../pricing/quantities';
import type { LoadedPlans } from './plan-store';
import type { PlanRef, ServicesDoc } from './services-doc';

/** A fingerprint of the plans an account is given, so hand edits of `plans` are noticed cheaply. */
export function plansFingerprint(plans: unknown): string {
  return createHash('sha1').update(JSON.stringify(plans ?? {})).digest('hex');
}

/**
 * What the plans loaded for a doc depend on in that doc: its plans, its reseller (the vendor of plans
 * without their own) and whether it is deleted (nothing is counted then). Loads made for one value
 * of this key are valid for any revision with the same key.
 */
export function planInputsKey(doc: ServicesDoc): string {
  return JSON.stringify([doc.plans ?? {}, doc.pvt_reseller_id ?? null, doc.pvt_deleted === true]);
}

/** The counts of an account with its deck counted as `ratedeck.<id>` = 1 (no other `ratedeck` entry). */
export function withRatedeckQuantity(counts: Quantities, ratedeck: EffectiveRatedeck | undefined): Quantities {
  const { ratedeck: _previous, ...rest } = counts;
  return ratedeck ? { ...rest, ratedeck: { [ratedeck.id]: 1 } } : rest;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function withDeckAndErrors(doc: ServicesDoc, ratedeck: EffectiveRatedeck | undefined, planErrors: Record<string, unknown>): ServicesDoc {
  const next: ServicesDoc = { ...doc };
  if (ratedeck) next.ratedeck = ratedeck;
  else delete next.ratedeck;
  if (Object.keys(planErrors).length) next.pvt_plan_errors = planErrors;
  else delete next.pvt_plan_errors;
  return next;
}

/** What a reconcile read before its write: the plans the doc names, the account's counts, its descendants' sums. */
export interface ReconcileReads {
  /** planInputsKey of the doc the reads were made for. */
  inputs: string;
  loaded: LoadedPlans;
  /** The account db's and number manager's counts, without the ratedeck (derived at write time). */
  counts: Quantities;
  cascade: Quantities;
}

/**
 * kz_services:reconcile on the doc being written: quantities, effective ratedeck and plan errors;
 * undefined when nothing changed. A hand edit that gave the account two decks keeps the deck it had
 * and records why. Marked dirty (its quiet period starting again) when what is billed may have
 * changed, or when asked.
 */
export function reconciled(cur: ServicesDoc, reads: ReconcileReads, now: number, markDirty = false): ServicesDoc | undefined {
  const deck = effectiveRatedeck(reads.loaded.plans);
  const planErrors: Record<string, unknown> = { ...reads.loaded.errors };
  const ratedeck = deck.ok ? deck.ratedeck : cur.ratedeck;
  if (!deck.ok) planErrors.ratedeck = deck.error.data;
  const quantities = cur.pvt_deleted === true ? {} : withRatedeckQuantity(reads.counts, ratedeck);
  const fingerprint = plansFingerprint(cur.plans);
  const billedChanged =
    quantitiesDiffer(cur.quantities, quantities) ||
    quantitiesDiffer(cur.cascade_quantities, reads.cascade) ||
    !sameJson(cur.ratedeck, ratedeck) ||
    cur.pvt_plans_fingerprint !== fingerprint;
  const errorsChanged = !sameJson(cur.pvt_plan_errors ?? {}, planErrors);
  const dirty = billedChanged || markDirty;
  if (!dirty && !errorsChanged) return undefined;
  const next = withDeckAndErrors({ ...cur, quantities, cascade_quantities: reads.cascade, pvt_plans_fingerprint: fingerprint }, ratedeck, planErrors);
  if (dirty) {
    next.pvt_dirty = true;
    next.pvt_modified = now;
  }
  return next;
}

/** The doc with new plans and what they give it: deck (already checked to be one), plan errors, fingerprint, dirty. */
export function withPlans(cur: ServicesDoc, plans: Record<string, PlanRef>, loaded: LoadedPlans, ratedeck: EffectiveRatedeck | undefined, now: number): ServicesDoc {
  const next = withDeckAndErrors({ ...cur, plans }, ratedeck, loaded.errors);
  next.quantities = withRatedeckQuantity(cur.quantities ?? {}, ratedeck);
  next.pvt_plans_fingerprint = plansFingerprint(plans);
  next.pvt_dirty = true;
  next.pvt_modified = now;
  return next;
}

/** The plans map after a change: removals first, then additions (each with its vendor written both ways). */
export function changedPlans(current: Record<string, PlanRef> | undefined, change: { add: Record<string, PlanRef>; delete: readonly string[] }): Record<string, PlanRef> {
  const plans: Record<string, PlanRef> = { ...(current ?? {}) };
  for (const id of change.delete) delete plans[id];
  for (const [id, ref] of Object.entries(change.add)) plans[id] = { ...(plans[id] ?? {}), ...ref };
  return plans;
}
