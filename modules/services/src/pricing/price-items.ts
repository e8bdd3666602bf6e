// Items -> invoice lines in Kazoo units (1 dollar = 10 000): the recurring charge (rate x billed
// quantity, rounded once), the single discount (its rate, once) and the cumulative discount (its rate
// x discounted quantity), each capped so an item never goes below zero; activation charges for each
// unit added since the previous count; and, for items that prorate additions, the part of the
// period left for the units added. Pure: no I/O.
import { type Decimal, dollarsToUnits, toDecimal, type Units } from '@tollgate/money';
import type { ServiceItem } from './create-items';

export interface InvoiceLine {
  category: string;
  item: string;
  name?: string;
  /** Counted quantity. */
  actualQuantity: number;
  /** Billed quantity (minimum applied; 1 for flat rates and fixed prices). */
  quantity: number;
  rate: Decimal;
  /** rate x quantity (or the flat/fixed price, or the percentage of the category). */
  charge: Units;
  singleDiscount: Units;
  cumulativeDiscount: Units;
  /** charge - discounts, never below 0. */
  total: Units;
  /** Units added since the previous count, each charged the activation charge. */
  activatedQuantity: number;
  activationCharges: Units;
  /** Prorated charge for the units added, for the part of the period left. */
  prorated: Units;
}

export interface Invoice {
  lines: InvoiceLine[];
  /** Sum of the lines' totals: the recurring amount. */
  total: Units;
  activationCharges: Units;
  prorated: Units;
}

export interface PriceOptions {
  /** The items as they were priced at the last sync (for activation charges and proration). */
  previous?: readonly ServiceItem[];
  /** Where in the billing period we are, for prorating additions. */
  period?: { daysRemaining: number; daysInPeriod: number };
}

function units(d: Decimal): Units {
  return d.isNegative() ? 0 : dollarsToUnits(d);
}

function key(i: { category: string; item: string }): string {
  return JSON.stringify([i.category, i.item]);
}

function baseCharge(item: ServiceItem): Units {
  if (item.markupType === 'fixed_price') return item.quantity > 0 ? units(item.rate) : 0;
  return units(item.rate.times(item.quantity));
}

function discounts(item: ServiceItem, charge: Units): { single: Units; cumulative: Units } {
  const single = item.singleDiscountRate && item.quantity > 0 ? Math.min(units(item.singleDiscountRate), charge) : 0;
  const cumulativeFull = item.cumulativeDiscountRate ? units(item.cumulativeDiscountRate.times(item.cumulativeDiscountQuantity)) : 0;
  const cumulative = Math.min(cumulativeFull, charge - single);
  return { single, cumulative };
}

function line(item: ServiceItem, charge: Units, previous: ServiceItem | undefined, opts: PriceOptions): InvoiceLine {
  const d = discounts(item, charge);
  const before = previous ? previous.actualQuantity : opts.previous ? 0 : item.actualQuantity;
  const activated = Math.max(0, item.actualQuantity - before);
  const billedBefore = previous ? previous.quantity : opts.previous ? 0 : item.quantity;
  const added = Math.max(0, item.quantity - billedBefore);
  let prorated = 0;
  if (opts.period && added > 0 && item.prorate.additions && item.markupType !== 'percentage' && !item.flat) {
    const { daysRemaining, daysInPeriod } = opts.period;
    if (daysInPeriod > 0 && daysRemaining > 0) {
      prorated = units(item.rate.times(added).times(Math.min(daysRemaining, daysInPeriod)).dividedBy(daysInPeriod));
    }
  }
  return {
    category: item.category,
    item: item.item,
    name: item.name,
    actualQuantity: item.actualQuantity,
    quantity: item.markupType === 'fixed_price' ? Math.min(item.quantity, 1) : item.quantity,
    rate: item.rate,
    charge,
    singleDiscount: d.single,
    cumulativeDiscount: d.cumulative,
    total: charge - d.single - d.cumulative,
    activatedQuantity: activated,
    activationCharges: units(item.activationCharge.times(activated)),
    prorated,
  };
}

/** Prices every item; `percentage` items charge their rate (a percent) of their category's other lines. */
export function priceItems(items: readonly ServiceItem[], opts: PriceOptions = {}): Invoice {
  const previous = new Map((opts.previous ?? []).map((i) => [key(i), i]));
  const lines: InvoiceLine[] = [];
  for (const item of items) {
    if (item.markupType === 'percentage') continue;
    lines.push(line(item, baseCharge(item), previous.get(key(item)), opts));
  }
  for (const item of items) {
    if (item.markupType !== 'percentage') continue;
    const base = lines.filter((l) => l.category === item.category).reduce((s, l) => s + l.total, 0);
    const charge = item.quantity > 0 || item.minimum > 0 ? units(toDecimal(base).times(item.rate).dividedBy(100).dividedBy(10_000)) : 0;
    lines.push(line(item, charge, previous.get(key(item)), opts));
  }
  return {
    lines,
    total: lines.reduce((s, l) => s + l.total, 0),
    activationCharges: lines.reduce((s, l) => s + l.activationCharges, 0),
    prorated: lines.reduce((s, l) => s + l.prorated, 0),
  };
}
