// What a package does to one base rate (seed 003): the sell price per minute is a free zone's 0, else
// an override's rate, else the base cost marked up — fixed amount first, then the percentage of the
// result ((0.009 + 0.0025) × 1.20 = 0.0138, exact). Pulse sets the increment and minimum; the route
// becomes the rate's `options`, which hotornot's route_options filter matches against the call's
// outbound flags. Exact decimals (decimal.js); one rounding, half up, to PRICE_DECIMALS places.
// Pure: no I/O.
import { Decimal, toDecimal } from '@tollgate/money';
import type { PackageSection } from '@tollgate/services';

/** Sell prices keep at most this many decimals (half up); 0.0138 and 0.0144525 are exact. */
export const PRICE_DECIMALS = 8;

export interface PrefixRule {
  prefix?: string;
  iso?: string;
}

export interface PackagePricing {
  fixed: Decimal;
  /** The factor applied after the fixed amount: 1 + percentage / 100. */
  factor: Decimal;
  pulse?: number;
  route?: string;
  overrides: (PrefixRule & { cost: Decimal })[];
  freeZones: (PrefixRule & { maxCost?: Decimal })[];
}

/** Why a derived rate has its price. */
export type PriceRule = 'free_zone' | 'override' | 'markup';

export interface BaseRateFacts {
  prefix: number | string;
  iso_country_code?: string;
  rate_cost: number | string;
}

function dec(v: unknown, fallback = 0): Decimal {
  if (typeof v !== 'number' && typeof v !== 'string') return new Decimal(fallback);
  try {
    return toDecimal(v);
  } catch {
    return new Decimal(fallback);
  }
}

const prefixText = (v: unknown): string | undefined => (typeof v === 'number' || typeof v === 'string' ? String(v) : undefined);

/** The package section read once into exact decimals (the section is validated before it is stored). */
export function pricingOf(pkg: PackageSection): PackagePricing {
  return {
    fixed: dec(pkg.markup?.fixed),
    factor: dec(pkg.markup?.percentage).dividedBy(100).plus(1),
    pulse: typeof pkg.pulse === 'number' && pkg.pulse > 0 ? pkg.pulse : undefined,
    route: typeof pkg.route === 'string' && pkg.route !== '' ? pkg.route : undefined,
    overrides: (pkg.overrides ?? []).map((o) => ({ prefix: prefixText(o.prefix), iso: o.iso_country_code, cost: dec(o.rate_cost) })),
    freeZones: (pkg.free_zones ?? []).map((z) => ({
      prefix: prefixText(z.prefix),
      iso: z.iso_country_code,
      maxCost: z.max_rate_cost === undefined ? undefined : dec(z.max_rate_cost),
    })),
  };
}

/** A rule by prefix covers a base rate at that prefix or under it (a longer prefix). */
function coversPrefix(rule: PrefixRule, prefix: string): boolean {
  return rule.prefix !== undefined && prefix.startsWith(rule.prefix);
}

function isFree(pricing: PackagePricing, base: BaseRateFacts, prefix: string, cost: Decimal): boolean {
  return pricing.freeZones.some(
    (z) => coversPrefix(z, prefix) || (z.iso !== undefined && z.iso === base.iso_country_code) || (z.maxCost !== undefined && cost.lessThanOrEqualTo(z.maxCost)),
  );
}

/** The override for a base rate: the longest prefix override covering it, else its country's. */
function overrideFor(pricing: PackagePricing, base: BaseRateFacts, prefix: string): Decimal | undefined {
  let best: { len: number; cost: Decimal } | undefined;
  for (const o of pricing.overrides) {
    if (coversPrefix(o, prefix) && (!best || (o.prefix as string).length > best.len)) best = { len: (o.prefix as string).length, cost: o.cost };
  }
  if (best) return best.cost;
  return pricing.overrides.find((o) => o.prefix === undefined && o.iso !== undefined && o.iso === base.iso_country_code)?.cost;
}

/** The sell price per minute of a base rate under the package, and the rule that gave it. */
export function sellPrice(pricing: PackagePricing, base: BaseRateFacts): { cost: Decimal; rule: PriceRule } {
  const prefix = String(base.prefix);
  const cost = dec(base.rate_cost);
  if (isFree(pricing, base, prefix, cost)) return { cost: new Decimal(0), rule: 'free_zone' };
  const override = overrideFor(pricing, base, prefix);
  if (override) return { cost: override, rule: 'override' };
  return { cost: cost.plus(pricing.fixed).times(pricing.factor).toDecimalPlaces(PRICE_DECIMALS, Decimal.ROUND_HALF_UP), rule: 'markup' };
}

export interface DerivedDeck {
  /** The derived deck's id. */
  id: string;
  /** The reseller selling it. */
  resellerId: string;
  /** The package (service plan) id. */
  planId: string;
}

/** A base rate doc seen in the base deck's feed; undefined fields are Kazoo's defaults. */
export type BaseRateDoc = BaseRateFacts & { _id: string; [key: string]: unknown };

/**
 * The derived rate of one live base rate: the base rate's public fields, the sell price as
 * `rate_cost`, the reseller's buy price kept as `pvt_internal_rate_cost` / `pvt_rate_cost`.
 */
export function deriveRate(pricing: PackagePricing, base: BaseRateDoc, deck: DerivedDeck): Record<string, unknown> & { _id: string } {
  const { cost, rule } = sellPrice(pricing, base);
  const out: Record<string, unknown> & { _id: string } = { _id: base._id };
  for (const [k, v] of Object.entries(base)) if (!k.startsWith('_') && !k.startsWith('pvt_')) out[k] = v;
  out.pvt_type = 'rate';
  out.rate_cost = cost.toNumber();
  out.pvt_internal_rate_cost = dec(base.rate_cost).toNumber();
  out.pvt_rate_cost = out.pvt_internal_rate_cost;
  if (rule === 'free_zone') out.rate_surcharge = 0;
  if (pricing.pulse !== undefined) {
    out.rate_increment = pricing.pulse;
    out.rate_minimum = pricing.pulse;
  }
  if (pricing.route !== undefined) out.options = [pricing.route];
  out.ratedeck_id = deck.id;
  out.account_id = deck.resellerId;
  out.pvt_package = { plan: deck.planId, rule };
  return out;
}

/** Whether a doc of the base deck's feed is a live rate the package prices. */
export function isLiveBaseRate(doc: Record<string, unknown> | undefined): doc is BaseRateDoc {
  return !!doc && doc.pvt_type === 'rate' && doc.pvt_deleted !== true && (typeof doc.prefix === 'number' || typeof doc.prefix === 'string') && doc.rate_cost !== undefined;
}
