// How several service plans on one account combine (kz_service_plans:merge_plan): plans of one
// vendor are grouped by `merge.strategy`; a "simple" group is deep-merged item by item, a
// "cumulative" group merges each item field by its own rule (minimums and maximums add up, tiers
// and exceptions are unioned, cascade is or-ed, enabled and-ed). Groups are applied in order of
// their strategy's priority (system_config services merge_strategy_priority), so the result is a
// list of plans from lowest to highest precedence: an item in a later plan replaces the same item
// of an earlier one. Kazoo let the *lowest* `merge.priority` win inside a simple group (a fold that
// merged each next plan over the last); here the highest priority wins, as its docs describe.
import type { CategoryPlan, ItemPlan, ServicePlanDoc } from './types';

export type MergePriorities = Record<string, number>;

/** Kazoo 4.2's kz_service_plans DEFAULT_PRIORITIES. */
export const DEFAULT_MERGE_PRIORITIES: MergePriorities = { simple: 25, cumulative: 50 };

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Recursive merge where `over` wins (kz_json:merge). */
export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Json, v) : v;
  }
  return out;
}

function strategyOf(plan: ServicePlanDoc): string {
  const s = plan.merge?.strategy;
  return typeof s === 'string' && s !== '' ? s : 'simple';
}

function priorityOf(plan: ServicePlanDoc): number {
  const p = plan.merge?.priority;
  return typeof p === 'number' && Number.isFinite(p) ? p : 0;
}

/** Simple strategy: later (higher priority) plans deep-merge over earlier ones. */
function simpleMerge(plans: ServicePlanDoc[]): ServicePlanDoc {
  let merged: Json = {};
  for (const p of plans) merged = deepMerge(merged, p as Json);
  return merged as ServicePlanDoc;
}

function firstDefined(values: ItemPlan[], get: (i: ItemPlan) => unknown): unknown {
  for (const v of values) {
    const x = get(v);
    if (x !== undefined) return x;
  }
  return undefined;
}

function sumDefined(values: ItemPlan[], get: (i: ItemPlan) => unknown): number | undefined {
  let total: number | undefined;
  for (const v of values) {
    const x = get(v);
    if (typeof x === 'number') total = (total ?? 0) + x;
  }
  return total;
}

function unionObjects(values: ItemPlan[], get: (i: ItemPlan) => unknown): Json | undefined {
  let out: Json | undefined;
  // Lowest precedence first so the highest-priority plan's tier wins on equal keys.
  for (const v of [...values].reverse()) {
    const x = get(v);
    if (isObject(x)) out = { ...(out ?? {}), ...x };
  }
  return out;
}

function setIfDefined(target: Json, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

/** kzd_item_plan:cumulative_merge_scheme over one item's plans, highest priority first. */
function cumulativeItem(values: ItemPlan[]): ItemPlan {
  const out: Json = {};
  for (const key of ['activation_charge', 'flat_rates', 'rate', 'as', 'name', 'markup_type', 'prorate'] as const) {
    setIfDefined(out, key, firstDefined(values, (i) => i[key]));
  }
  setIfDefined(out, 'minimum', sumDefined(values, (i) => i.minimum));
  setIfDefined(out, 'rates', unionObjects(values, (i) => i.rates));
  const exceptions = values.flatMap((i) => (Array.isArray(i.exceptions) ? i.exceptions : []));
  if (values.some((i) => Array.isArray(i.exceptions))) out.exceptions = [...new Set(exceptions)];
  if (values.some((i) => typeof i.cascade === 'boolean')) out.cascade = values.some((i) => i.cascade === true);
  if (values.some((i) => typeof i.enabled === 'boolean')) out.enabled = values.every((i) => i.enabled !== false);
  const single: Json = {};
  setIfDefined(single, 'rate', firstDefined(values, (i) => i.discounts?.single?.rate));
  setIfDefined(single, 'rates', unionObjects(values, (i) => i.discounts?.single?.rates));
  const cumulative: Json = {};
  setIfDefined(cumulative, 'rate', firstDefined(values, (i) => i.discounts?.cumulative?.rate));
  setIfDefined(cumulative, 'rates', unionObjects(values, (i) => i.discounts?.cumulative?.rates));
  setIfDefined(cumulative, 'maximum', sumDefined(values, (i) => i.discounts?.cumulative?.maximum));
  const discounts: Json = {};
  if (Object.keys(single).length) discounts.single = single;
  if (Object.keys(cumulative).length) discounts.cumulative = cumulative;
  if (Object.keys(discounts).length) out.discounts = discounts;
  return out as ItemPlan;
}

/** Cumulative strategy over plans sorted highest priority first. */
function cumulativeMerge(plans: ServicePlanDoc[]): ServicePlanDoc {
  const byItem = new Map<string, { category: string; item: string; values: ItemPlan[] }>();
  for (const p of plans) {
    for (const [category, items] of Object.entries(p.plan ?? {})) {
      for (const [item, itemPlan] of Object.entries(items ?? {})) {
        const key = JSON.stringify([category, item]);
        const entry = byItem.get(key) ?? { category, item, values: [] };
        entry.values.push(itemPlan);
        byItem.set(key, entry);
      }
    }
  }
  const plan: Record<string, CategoryPlan> = {};
  for (const { category, item, values } of byItem.values()) {
    plan[category] = { ...(plan[category] ?? {}), [item]: cumulativeItem(values) };
  }
  // Kazoo dropped the bookkeeper mappings of cumulative plans; keep them, highest priority winning.
  let bookkeepers: Json = {};
  for (const p of [...plans].reverse()) if (isObject(p.bookkeepers)) bookkeepers = deepMerge(bookkeepers, p.bookkeepers);
  const merged: ServicePlanDoc = { _id: 'cumulative', plan };
  if (Object.keys(bookkeepers).length) merged.bookkeepers = bookkeepers as ServicePlanDoc['bookkeepers'];
  return merged;
}

/**
 * The plans of one vendor merged by strategy, lowest precedence first. Unknown strategies are
 * kept as they are (Kazoo did the same), placed by their configured priority (0 if none).
 */
export function mergeVendorPlans(plans: ServicePlanDoc[], priorities: MergePriorities = DEFAULT_MERGE_PRIORITIES): ServicePlanDoc[] {
  const groups = new Map<string, ServicePlanDoc[]>();
  for (const p of plans) groups.set(strategyOf(p), [...(groups.get(strategyOf(p)) ?? []), p]);
  const strategies = [...groups.keys()].sort((a, b) => (priorities[a] ?? 0) - (priorities[b] ?? 0) || (a < b ? -1 : 1));
  const out: ServicePlanDoc[] = [];
  for (const s of strategies) {
    const group = groups.get(s) ?? [];
    const ascending = [...group].sort((a, b) => priorityOf(a) - priorityOf(b));
    if (s === 'simple') out.push(simpleMerge(ascending));
    else if (s === 'cumulative') out.push(cumulativeMerge([...ascending].reverse()));
    else out.push(...ascending);
  }
  return out;
}

/** Every vendor's plans merged; the result is ordered lowest precedence first. */
export function mergePlans(plansByVendor: ServicePlanDoc[][], priorities?: MergePriorities): ServicePlanDoc[] {
  return plansByVendor.flatMap((plans) => mergeVendorPlans(plans, priorities));
}

/** One plan standing for all of them, as crossbar shows it (kz_service_plans:public_json): {"plan":{…}}. */
export function mergeToSingle(merged: ServicePlanDoc[]): { plan: Record<string, CategoryPlan> } {
  let plan: Json = {};
  for (const p of merged) plan = deepMerge(plan, (p.plan ?? {}) as Json);
  return { plan: plan as Record<string, CategoryPlan> };
}
