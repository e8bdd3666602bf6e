// Service plan documents in vendor (master or reseller) account dbs: read, list, write (the write
// announced as a doc event, so services-sync reconciles the accounts using the plan).
import { errors, type ValidationErrors } from '@tollgate/errors';
import { accountDbName, type Couch, gregorianNow, isConflict, stampPvt } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { DocWriter } from '@tollgate/service-kit';
import { deepMerge } from '../plan/merge-plans';
import { isPackage, withPackagePlan } from '../plan/package-plan';
import { type AssignedPlan, RATEDECK_CATEGORY, type ServicePlanDoc } from '../plan/types';
import { assertValidServicePlan, servicePlanErrors } from '../plan/validate-service-plan';
import type { ServicesWriteDeps } from './account-services';
import { type ServicesDoc, planIds, planVendor } from './services-doc';

const log = createLogger('service-plans');

const SERVICE_PLAN_TYPE = 'service_plan';
export const PLAN_ID = /^[A-Za-z0-9_.~-]{1,128}$/;

/** The plan doc as stored (a package without its derived `plan` items). */
export async function fetchStoredPlan(couch: Couch, vendorId: string, planId: string): Promise<ServicePlanDoc | undefined> {
  const doc = await couch.get<ServicePlanDoc>(accountDbName(vendorId), planId);
  if (!doc || doc.pvt_type !== SERVICE_PLAN_TYPE || doc.pvt_deleted === true) return undefined;
  return doc;
}

/** The plan as accounts use it: a package's section turned into its plan items (package-plan.ts). */
export async function fetchPlan(couch: Couch, vendorId: string, planId: string): Promise<ServicePlanDoc | undefined> {
  const doc = await fetchStoredPlan(couch, vendorId, planId);
  return doc ? withPackagePlan(doc, vendorId, planId) : undefined;
}

/** The stored plan docs of a vendor that have a `package` section (the packages REST view). */
export async function listPackageDocs(couch: Couch, vendorId: string): Promise<(ServicePlanDoc & { _id: string; _rev: string })[]> {
  const docs = await couch.findOrEmpty<ServicePlanDoc & { _id: string; _rev: string }>(accountDbName(vendorId), { pvt_type: SERVICE_PLAN_TYPE }, { limit: 100_000 });
  return docs.filter((d) => d.pvt_deleted !== true && isPackage(d)).sort((a, b) => a._id.localeCompare(b._id));
}

/** The plans stored in a vendor's db, as crossbar lists them: {id, name[, description]}. */
export async function listPlans(couch: Couch, vendorId: string): Promise<Record<string, unknown>[]> {
  // Mango without an index scans the db; account dbs are small and this avoids depending on a view.
  const docs = await couch.findOrEmpty<ServicePlanDoc & { _id: string }>(accountDbName(vendorId), { pvt_type: SERVICE_PLAN_TYPE }, { limit: 100_000 });
  return docs
    .filter((d) => d.pvt_deleted !== true)
    .map((d) => {
      const row: Record<string, unknown> = { id: d._id, name: d.name };
      if (typeof d.description === 'string' && d.description !== '') row.description = d.description;
      return row;
    })
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/** Validates and saves a plan in the vendor's db (the PUT Kazoo never had); refuses an existing id. */
export async function createPlan(deps: ServicesWriteDeps, vendorId: string, data: Record<string, unknown>): Promise<ServicePlanDoc & { _id: string; _rev: string }> {
  const { id, ...body } = data;
  for (const k of Object.keys(body)) if (k.startsWith('_') || k.startsWith('pvt_')) delete body[k];
  if (id !== undefined && (typeof id !== 'string' || !PLAN_ID.test(id))) {
    throw errors.field('id', 'pattern', 'plan id must be 1-128 letters, digits, _ . ~ or -');
  }
  assertValidServicePlan(withPackagePlan(body, vendorId, typeof id === 'string' ? id : 'new'));
  const doc = stampPvt({ ...body, ...(id ? { _id: id } : {}) } as ServicePlanDoc, { type: SERVICE_PLAN_TYPE, account: vendorId });
  try {
    return await new DocWriter(deps).put(accountDbName(vendorId), doc);
  } catch (err) {
    if (isConflict(err)) throw errors.conflict('a service plan with this id already exists', { cause: id });
    throw err;
  }
}

export interface LoadedPlans {
  plans: AssignedPlan[];
  /** Plan id -> why it is not used (missing, or invalid after a hand edit). */
  errors: Record<string, unknown>;
}

/** The plans a services doc names, each from its vendor's db; unusable ones are reported, not thrown. */
export async function loadAssignedPlans(couch: Couch, services: ServicesDoc, masterId: string | undefined): Promise<LoadedPlans> {
  const out: LoadedPlans = { plans: [], errors: {} };
  for (const id of planIds(services)) {
    const vendorId = planVendor(services, services.plans?.[id], masterId);
    if (!vendorId) {
      out.errors[id] = { message: 'no vendor: the account has no reseller and no master account is known' };
      continue;
    }
    const doc = await fetchPlan(couch, vendorId, id);
    if (!doc) {
      out.errors[id] = { message: `service plan ${id} not found in the db of ${vendorId}` };
      continue;
    }
    const invalid = servicePlanErrors(doc);
    if (invalid) {
      log.warn('skipping an invalid service plan', { plan: id, vendor: vendorId, account: services._id, errors: invalid });
      out.errors[id] = { message: `service plan ${id} is invalid and is not used`, validation: invalid };
      continue;
    }
    const overrides = services.plans?.[id]?.overrides;
    const withOverrides =
      overrides && typeof overrides === 'object' && Object.keys(overrides).length > 0 ? overridden(doc, overrides, id, out) : doc;
    if (withOverrides) out.plans.push({ id, vendorId, doc: withOverrides });
  }
  return out;
}

/** A plan's overrides as a 400 would name them: `overrides.<plan id>.<path>` (the plan's `plan.` dropped). */
export function overrideErrors(doc: ServicePlanDoc, overrides: unknown, id: string): ValidationErrors | undefined {
  if (!overrides || typeof overrides !== 'object' || Array.isArray(overrides)) {
    return { [`overrides.${id}`]: { type: { message: `the overrides of service plan ${id} must be an object` } } };
  }
  // Which deck an account rates on is the plan's (its vendor's choice, tenancy-checked where plans
  // are written): overrides may change a deck item's fees, never name a deck the plan does not.
  const decks = (overrides as Record<string, unknown>)[RATEDECK_CATEGORY];
  if (decks && typeof decks === 'object' && !Array.isArray(decks)) {
    const own = (doc.plan as Record<string, unknown> | undefined)?.[RATEDECK_CATEGORY] ?? {};
    const foreign = Object.keys(decks).filter((k) => !Object.hasOwn(own as object, k));
    if (foreign.length > 0) {
      return Object.fromEntries(
        foreign.map((k) => [`overrides.${id}.${RATEDECK_CATEGORY}.${k}`, { enum: { message: `service plan ${id} names no ratedeck ${k}; overrides cannot add one` } }]),
      );
    }
  }
  const merged = { ...doc, plan: deepMerge(doc.plan as Record<string, unknown>, overrides as Record<string, unknown>) };
  const invalid = servicePlanErrors(merged);
  if (!invalid) return undefined;
  return Object.fromEntries(Object.entries(invalid).map(([k, v]) => [`overrides.${id}${k === 'plan' ? '' : `.${k.replace(/^plan\./, '')}`}`, v]));
}

function overridden(doc: ServicePlanDoc, overrides: Record<string, unknown>, id: string, out: LoadedPlans): ServicePlanDoc | undefined {
  const merged = { ...doc, plan: deepMerge(doc.plan as Record<string, unknown>, overrides) } as ServicePlanDoc;
  const invalid = servicePlanErrors(merged);
  if (!invalid) return merged;
  out.errors[id] = { message: `the overrides of service plan ${id} make it invalid; it is not used`, validation: invalid };
  return undefined;
}


/**
 * Replaces (or, with `merge`, deep-merges into) the public part of a stored plan; validated like a
 * create, `pvt_*` fields kept. 404 when there is no such plan.
 */
export async function updatePlan(
  deps: ServicesWriteDeps,
  vendorId: string,
  planId: string,
  data: Record<string, unknown>,
  opts: { merge: boolean },
): Promise<ServicePlanDoc & { _id: string; _rev: string }> {
  const { id: _id, ...body } = data;
  for (const k of Object.keys(body)) if (k.startsWith('_') || k.startsWith('pvt_')) delete body[k];
  const saved = await new DocWriter(deps).update<ServicePlanDoc>(accountDbName(vendorId), planId, (cur) => {
    if (!cur || cur.pvt_type !== SERVICE_PLAN_TYPE || cur.pvt_deleted === true) throw errors.badIdentifier(planId);
    const kept = Object.fromEntries(Object.entries(cur).filter(([k]) => k.startsWith('_') || k.startsWith('pvt_')));
    const publicPart = Object.fromEntries(Object.entries(cur).filter(([k]) => !k.startsWith('_') && !k.startsWith('pvt_')));
    const next = opts.merge ? (deepMerge(publicPart, body) as Record<string, unknown>) : body;
    assertValidServicePlan(withPackagePlan(next, vendorId, planId));
    return { ...next, ...kept, pvt_modified: gregorianNow() } as unknown as ServicePlanDoc;
  });
  if (!saved) throw errors.badIdentifier(planId);
  return saved as ServicePlanDoc & { _id: string; _rev: string };
}

/** Deletes a stored plan (announced); undefined when there was none. */
export async function deletePlan(deps: ServicesWriteDeps, vendorId: string, planId: string): Promise<ServicePlanDoc | undefined> {
  const doc = await fetchStoredPlan(deps.couch, vendorId, planId);
  if (!doc) return undefined;
  return new DocWriter(deps).remove<ServicePlanDoc>(accountDbName(vendorId), planId);
}
