// Tollgate's Max-Call-Seconds (beyond Kazoo, KAZOO-4599: a prepaid call ran on past zero): the
// longest a call may last before its cost — @tollgate/money's callCost with the rate's increment,
// minimum, no-charge time, surcharge and discount — exceeds what the payer has available.
import { callCost, toDecimal } from '@tollgate/money';
import type { ActiveRate } from './authz-request';

/** Longer than any call: the search stops here (68 years). */
const CEILING = 2 ** 31 - 1;

/**
 * Whole seconds `availableUnits` affords at `rate` (the largest s with callCost(s) ≤ available);
 * undefined when the call costs nothing whatever its length (a zero rate and no surcharge).
 */
export function maxCallSeconds(r: ActiveRate, availableUnits: number): number | undefined {
  if (toDecimal(r.rate.costPerMinute).isZero() && toDecimal(r.rate.surcharge).isZero()) return undefined;
  if (Number(r.discountPercent) >= 100) return undefined;
  const cost = (s: number) => callCost(r.rate, s, { discountPercent: r.discountPercent });
  if (availableUnits < 0) return 0;
  if (cost(CEILING) <= availableUnits) return undefined;
  // cost is non-decreasing in seconds: the last affordable second by bisection.
  let lo = 0;
  let hi = CEILING;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (cost(mid) <= availableUnits) lo = mid;
    else hi = mid;
  }
  return lo;
}
