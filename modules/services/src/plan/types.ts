// Kazoo's service plan document (kzd_service_plan, kzd_item_plan) as stored in a vendor's account db.

/** Amounts in a plan are dollars as JSON numbers (or numeric strings), exactly as Kazoo stores them. */
export type PlanAmount = number | string;

export interface DiscountPlan {
  rate?: PlanAmount;
  rates?: Record<string, PlanAmount>;
  maximum?: number;
}

export type MarkupType = 'fixed_price' | 'percentage' | 'rate';

export interface ItemPlan {
  name?: string;
  rate?: PlanAmount;
  /** Tiers: the smallest key >= quantity gives the unit rate. */
  rates?: Record<string, PlanAmount>;
  /** Tiers: the smallest key >= quantity gives the price of the whole item. */
  flat_rates?: Record<string, PlanAmount>;
  minimum?: number;
  cascade?: boolean;
  as?: string;
  exceptions?: string[];
  activation_charge?: PlanAmount;
  discounts?: { single?: DiscountPlan; cumulative?: DiscountPlan };
  markup_type?: MarkupType;
  prorate?: { additions?: boolean; removals?: boolean };
  enabled?: boolean;
  [key: string]: unknown;
}

export type CategoryPlan = Record<string, ItemPlan>;

export interface BraintreeItemMapping {
  plan?: string;
  addon?: string;
  discounts?: { single?: string; cumulative?: string };
}

export interface ServicePlanDoc {
  _id?: string;
  _rev?: string;
  name?: string;
  description?: string;
  category?: string;
  plan: Record<string, CategoryPlan>;
  bookkeepers?: { braintree?: Record<string, Record<string, BraintreeItemMapping>>; [bookkeeper: string]: unknown };
  merge?: { strategy?: string; priority?: number };
  pvt_type?: string;
  [key: string]: unknown;
}

/** A plan as the account uses it: the document, the vendor whose db holds it, and the overrides. */
export interface AssignedPlan {
  id: string;
  vendorId: string;
  doc: ServicePlanDoc;
}

export const ALL_ITEMS = '_all';
/** The category naming a ratedeck (seed 001: {"ratedeck":{"bulk":{}}}). */
export const RATEDECK_CATEGORY = 'ratedeck';
