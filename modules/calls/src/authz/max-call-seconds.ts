// Tollgate's Max-Call-Seconds (beyond Kazoo, KAZOO-4599: a prepaid call ran on past zero): the
// longest a call may last before its cost — @tollgate/money's callCost with the rate's increment,
// minimum, no-charge time, surcharge and discount — exceeds what the payer has available.
import { callCost, type Decimal, toDecimal } from '@tollgate/money';
import type { ActiveRate } from './authz-request';

interface Terms {
  perMinute: Decimal;
  surcharge: Decimal;
  discount: Decimal;
  /** Units per dollar after the discount. */
  kept: Decimal;
}

const termsByRate = new WeakMap<ActiveRate, Terms>();

/** A rate's decimals, worked out once per rate (rates are shared: ccvRateOf gives the same object). */
function termsOf(r: ActiveRate): Terms {
  let t = termsByRate.get(r);
  if (!t) {
    const discount = toDecimal(r.discountPercent);
    t = { perMinute: toDecimal(r.rate.costPerMinute), surcharge: toDecimal(r.rate.surcharge), discount, kept: toDecimal(100).minus(discount).dividedBy(100).times(10_000) };
    termsByRate.set(r, t);
  }
  return t;
}

/** Longer than any call (68 years): the answer never goes beyond it. */
export const MAX_CALL_SECONDS_CEILING = 2 ** 31 - 1;

/**
 * Whole seconds `availableUnits` affords at `r` (the longest duration whose callCost is ≤ the
 * available units; a call within the no-charge time is free); undefined when the call costs
 * nothing whatever its length. The billed seconds are estimated from the price per second, then
 * corrected a whole increment at a time against callCost itself (its one rounding included).
 */
export function maxCallSeconds(r: ActiveRate, availableUnits: number): number | undefined {
  const { perMinute, surcharge, discount, kept } = termsOf(r);
  if ((perMinute.isZero() && surcharge.isZero()) || discount.greaterThanOrEqualTo(100)) return undefined;
  if (availableUnits < 0) return 0;
  const inc = r.rate.incrementSeconds || 60;
  const min = r.rate.minimumSeconds;
  const free = r.rate.noChargeSeconds;
  const known = new Map<number, boolean>();
  const affordable = (s: number) => {
    let ok = known.get(s);
    if (ok === undefined) {
      ok = callCost(r.rate, s, { discountPercent: r.discountPercent }) <= availableUnits;
      known.set(s, ok);
    }
    return ok;
  };
  if (perMinute.isZero()) {
    // Only the surcharge: a call beyond the no-charge time costs it, however long.
    return affordable(Math.max(min, free + 1, 1)) ? undefined : free;
  }
  const perSecond = perMinute.dividedBy(60).times(kept);
  const estimate = toDecimal(availableUnits).plus(0.5).minus(surcharge.times(kept)).dividedBy(perSecond).toNumber();
  const maxK = Math.floor((MAX_CALL_SECONDS_CEILING - min) / inc);
  let k = Math.min(maxK, Math.max(0, Math.floor((estimate - min) / inc)));
  while (k > 0 && !affordable(min + k * inc)) k--;
  while (k < maxK && affordable(min + (k + 1) * inc)) k++;
  const billed = min + k * inc;
  // billed is a length the call can be billed for; any shorter call is billed no more.
  const longest = billed > 0 && affordable(billed) ? billed : 0;
  return Math.min(MAX_CALL_SECONDS_CEILING, Math.max(longest, free));
}
