// Tollgate's Max-Call-Seconds (beyond Kazoo, KAZOO-4599: a prepaid call ran on past zero): the
// longest a call may last before its cost — @tollgate/money's callCost with the rate's increment,
// minimum, no-charge time, surcharge and discount — exceeds what the payer has available.
import { callCost, toDecimal } from '@tollgate/money';
import type { ActiveRate } from './authz-request';

/** Longer than any call (68 years): the answer never goes beyond it. */
export const MAX_CALL_SECONDS_CEILING = 2 ** 31 - 1;

/**
 * Whole seconds `availableUnits` affords at `r` (the longest duration whose callCost is ≤ the
 * available units; a call within the no-charge time is free); undefined when the call costs
 * nothing whatever its length. The billed seconds are estimated from the price per second, then
 * corrected a whole increment at a time against callCost itself (its one rounding included).
 */
export function maxCallSeconds(r: ActiveRate, availableUnits: number): number | undefined {
  const perMinute = toDecimal(r.rate.costPerMinute);
  const surcharge = toDecimal(r.rate.surcharge);
  const discount = toDecimal(r.discountPercent);
  if ((perMinute.isZero() && surcharge.isZero()) || discount.greaterThanOrEqualTo(100)) return undefined;
  if (availableUnits < 0) return 0;
  const inc = r.rate.incrementSeconds || 60;
  const min = r.rate.minimumSeconds;
  const free = r.rate.noChargeSeconds;
  const cost = (s: number) => callCost(r.rate, s, { discountPercent: r.discountPercent });
  const affordable = (s: number) => cost(s) <= availableUnits;
  const kept = toDecimal(100).minus(discount).dividedBy(100).times(10_000);
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
