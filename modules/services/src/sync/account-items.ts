// The billed items of an account: its assigned plans (each from its vendor's db), merged by
// strategy, priced at the given quantities. Shared by the sync and the crossbar summary.
import { type MergePriorities, mergePlans } from '../plan/merge-plans';
import type { AssignedPlan, ServicePlanDoc } from '../plan/types';
import { createItems, type ServiceItem } from '../pricing/create-items';
import type { Quantities } from '../pricing/quantities';
import type { LoadedPlans } from '../store/plan-store';

/** Plans grouped by vendor, in assignment order, as kz_service_plans:from_service_json does. */
export function plansByVendor(plans: readonly AssignedPlan[]): ServicePlanDoc[][] {
  const groups = new Map<string, ServicePlanDoc[]>();
  for (const p of plans) groups.set(p.vendorId, [...(groups.get(p.vendorId) ?? []), p.doc]);
  return [...groups.values()];
}

export interface AccountItems {
  merged: ServicePlanDoc[];
  items: ServiceItem[];
}

export function accountItems(loaded: LoadedPlans, quantities: { account: Quantities; cascade: Quantities }, priorities?: MergePriorities): AccountItems {
  const merged = mergePlans(plansByVendor(loaded.plans), priorities);
  return { merged, items: createItems(merged, quantities) };
}
