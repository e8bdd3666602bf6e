// Service plans + counted quantities -> the items a bookkeeper bills (kz_service_plan:create_items
// @4.2): per plan item, the quantity (own, or own + descendants' for cascade items; a whole category
// minus exceptions for `_all`), raised to the minimum; a flat-rate tier prices the item as one unit;
// otherwise the unit rate is the smallest `rates` tier >= quantity, else `rate`. Items are keyed by
// category and `as`, and a later plan's item replaces an earlier one. Pure: no I/O.
import { type Decimal, toDecimal } from '@tollgate/money';
import { ALL_ITEMS, type BraintreeItemMapping, type ItemPlan, type MarkupType, type PlanAmount, type ServicePlanDoc } from '../plan/types';
import { categoryQuantity, type Quantities, quantityOf } from './quantities';

export interface ServiceItem {
  category: string;
  /** The item id after `as`. */
  item: string;
  /** The plan's item key (`_all`, `did_us`, …). */
  planItem: string;
  name?: string;
  /** What was counted (own, plus descendants' for cascade items). */
  actualQuantity: number;
  /** What is billed: max(actual, minimum), or 1 for a flat-rate tier. */
  quantity: number;
  /** Unit price in dollars, exact; for a flat-rate tier, the whole price. */
  rate: Decimal;
  hasRate: boolean;
  flat: boolean;
  minimum: number;
  markupType: MarkupType;
  singleDiscountRate?: Decimal;
  cumulativeDiscountQuantity: number;
  cumulativeDiscountRate?: Decimal;
  activationCharge: Decimal;
  cascade: boolean;
  exceptions: string[];
  prorate: { additions: boolean; removals: boolean };
  bookkeepers: { braintree?: BraintreeItemMapping };
}

export interface QuantitySource {
  /** The account's own counts. */
  account: Quantities;
  /** Descendants' counts summed (without the account's own). */
  cascade: Quantities;
}

function amount(v: PlanAmount | undefined): Decimal | undefined {
  if (v === undefined || v === null) return undefined;
  try {
    const d = toDecimal(v);
    return d.isFinite() && !d.isNegative() ? d : undefined;
  } catch {
    return undefined;
  }
}

/** The value of the smallest tier key >= quantity (kz_service_plan:get_quantity_rate). */
function tierFor(tiers: Record<string, PlanAmount> | undefined, quantity: number): Decimal | undefined {
  if (!tiers) return undefined;
  const keys = Object.keys(tiers)
    .filter((k) => /^\d+$/.test(k))
    .map(Number)
    .sort((a, b) => a - b);
  const key = keys.find((k) => quantity <= k);
  return key === undefined ? undefined : amount(tiers[String(key)]);
}

function countedQuantity(category: string, planItem: string, itemPlan: ItemPlan, q: QuantitySource): number {
  const exceptions = Array.isArray(itemPlan.exceptions) ? itemPlan.exceptions : [];
  const cascade = itemPlan.cascade === true;
  if (planItem === ALL_ITEMS) {
    return categoryQuantity(q.account, category, exceptions) + (cascade ? categoryQuantity(q.cascade, category, exceptions) : 0);
  }
  return quantityOf(q.account, category, planItem) + (cascade ? quantityOf(q.cascade, category, planItem) : 0);
}

function nonNegativeInt(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0;
}

/** One plan item priced at the counted quantity. */
function createItem(plan: ServicePlanDoc, category: string, planItem: string, itemPlan: ItemPlan, q: QuantitySource): ServiceItem {
  const actual = countedQuantity(category, planItem, itemPlan, q);
  const minimum = nonNegativeInt(itemPlan.minimum);
  const atLeastMinimum = Math.max(actual, minimum);
  const flatRate = tierFor(itemPlan.flat_rates, atLeastMinimum);
  const tierRate = tierFor(itemPlan.rates, atLeastMinimum);
  const plainRate = amount(itemPlan.rate);
  const rate = flatRate ?? tierRate ?? plainRate;
  const quantity = flatRate ? 1 : atLeastMinimum;
  const as = typeof itemPlan.as === 'string' && itemPlan.as !== '' ? itemPlan.as : planItem;
  const single = itemPlan.discounts?.single;
  const cumulative = itemPlan.discounts?.cumulative;
  const zero = toDecimal(0);
  const item: ServiceItem = {
    category,
    item: as,
    planItem,
    name: typeof itemPlan.name === 'string' ? itemPlan.name : itemPlan.as,
    actualQuantity: actual,
    quantity,
    rate: rate ?? zero,
    hasRate: rate !== undefined,
    flat: flatRate !== undefined,
    minimum,
    markupType: itemPlan.markup_type ?? 'rate',
    cumulativeDiscountQuantity: 0,
    activationCharge: amount(itemPlan.activation_charge) ?? zero,
    cascade: itemPlan.cascade === true,
    exceptions: Array.isArray(itemPlan.exceptions) ? [...itemPlan.exceptions] : [],
    prorate: { additions: itemPlan.prorate?.additions ?? true, removals: itemPlan.prorate?.removals ?? false },
    bookkeepers: {},
  };
  if (single && typeof single === 'object') item.singleDiscountRate = amount(single.rate) ?? item.rate;
  if (cumulative && typeof cumulative === 'object') {
    // Kazoo capped a missing `maximum` at 0 (no unit discounted); a missing maximum means no cap here.
    const max = typeof cumulative.maximum === 'number' ? nonNegativeInt(cumulative.maximum) : Number.POSITIVE_INFINITY;
    item.cumulativeDiscountQuantity = Math.min(quantity, max);
    item.cumulativeDiscountRate = tierFor(cumulative.rates, quantity) ?? amount(cumulative.rate) ?? item.rate;
  }
  const bt = plan.bookkeepers?.braintree?.[category]?.[as];
  if (bt && typeof bt === 'object') item.bookkeepers.braintree = bt;
  return item;
}

function isEnabled(itemPlan: ItemPlan): boolean {
  return itemPlan.enabled !== false;
}

/** Items from merged plans (lowest precedence first). */
export function createItems(mergedPlans: readonly ServicePlanDoc[], q: QuantitySource): ServiceItem[] {
  const items = new Map<string, ServiceItem>();
  for (const plan of mergedPlans) {
    for (const [category, catPlan] of Object.entries(plan.plan ?? {})) {
      if (!catPlan || typeof catPlan !== 'object') continue;
      for (const [planItem, itemPlan] of Object.entries(catPlan)) {
        if (!itemPlan || typeof itemPlan !== 'object' || !isEnabled(itemPlan)) continue;
        const item = createItem(plan, category, planItem, itemPlan, q);
        items.set(JSON.stringify([category, item.item]), item);
      }
    }
  }
  return [...items.values()];
}
