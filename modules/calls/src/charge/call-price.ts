// What a finished call costs (kapps_call_util:calculate_call, computed with @tollgate/money's
// callCost: exact decimals, one half-up rounding, the discount taken before it):
//  - the customer's charge (the sell price) on the exact rate rating answered for the account and
//    number when it is the rate the switch was given (same units, increment, minimum, surcharge,
//    no-charge time), else on the CCVs' units;
//  - the reseller's cost: the same call (number, direction, billing seconds) on the rate the
//    reseller's own account gets, with that rate's increment, minimum, no-charge time and
//    surcharge. Without one, the reseller pays what the customer pays, as in Kazoo.
// A call of no billing seconds, of at most the no-charge time, or on a zero rate costs nothing.
import { billedSeconds, type CallRate, callCost, dollarsToUnits, toDecimal, UNITS_PER_DOLLAR } from '@tollgate/money';
import type { FinishedCall } from './finished-call';

/** A rate as rating answers `rate.number` (exact dollars), with rating's price of this call when asked. */
export interface ExactRate {
  /** Dollars per minute, exact ("0.0138"). */
  costPerMinute: string;
  /** Dollars per call. */
  surcharge: string;
  increment: number;
  minimum: number;
  name?: string;
  description?: string;
  ratedeckId?: string;
  /** The rate's iso_country_code (ISO 3166-1 alpha-2), when its doc has one. */
  isoCountryCode?: string;
  /** Rating's price of the call's billing seconds (its own no-charge time applied), units, no discount. */
  callUnits?: number;
}

/** `did`: the DID's incoming per-minute rate (DID fees), not the switch's. */
export type RateSource = 'exact' | 'ccv' | 'did';

export interface Price {
  /** Units, ≥ 0. */
  units: number;
  /** Seconds billed (minimum, then whole increments); 0 when nothing is charged. */
  billedSeconds: number;
  source: RateSource;
  rate: {
    name?: string;
    description?: string;
    /** Units per minute, as Kazoo's `Rate` (rounded for an exact rate of sub-unit precision). */
    value: number;
    /** The exact dollars per minute the price was computed with. */
    per_minute: string;
    increment: number;
    minimum: number;
    nocharge_time: number;
    surcharge: number;
  };
}

function unitsAsDollars(units: number): string {
  return toDecimal(units).dividedBy(UNITS_PER_DOLLAR).toFixed();
}

function ccvCallRate(call: FinishedCall): CallRate {
  const r = call.rate;
  return {
    costPerMinute: unitsAsDollars(Math.max(0, r.rateUnits)),
    surcharge: unitsAsDollars(Math.max(0, r.surchargeUnits)),
    incrementSeconds: Math.max(0, r.increment),
    minimumSeconds: Math.max(0, r.minimum),
    noChargeSeconds: Math.max(0, r.noCharge),
  };
}

function exactCallRate(rate: ExactRate, noCharge: number): CallRate {
  return { costPerMinute: rate.costPerMinute, surcharge: rate.surcharge, incrementSeconds: rate.increment, minimumSeconds: rate.minimum, noChargeSeconds: noCharge };
}

function discountOf(call: FinishedCall): number {
  return Math.min(100, Math.max(0, call.rate.discountPercent));
}

function isFree(rate: CallRate, seconds: number): boolean {
  return seconds <= 0 || seconds <= rate.noChargeSeconds || toDecimal(rate.costPerMinute).isZero();
}

function priced(rate: CallRate, seconds: number, source: RateSource, names: { name?: string; description?: string }, units: () => number): Price {
  const free = isFree(rate, seconds);
  return {
    units: free ? 0 : units(),
    billedSeconds: free ? 0 : billedSeconds(rate, seconds),
    source,
    rate: {
      ...names,
      value: dollarsToUnits(rate.costPerMinute),
      per_minute: toDecimal(rate.costPerMinute).toFixed(),
      increment: rate.incrementSeconds || 60,
      minimum: rate.minimumSeconds,
      nocharge_time: rate.noChargeSeconds,
      surcharge: dollarsToUnits(rate.surcharge),
    },
  };
}

/** Whether rating's exact rate is the one the switch billed with (the CCVs carry it in units). */
export function isSameRate(call: FinishedCall, exact: ExactRate): boolean {
  const ccv = ccvCallRate(call);
  const asExact = exactCallRate(exact, ccv.noChargeSeconds);
  if (dollarsToUnits(exact.costPerMinute) !== call.rate.rateUnits) return false;
  if ((exact.increment || 60) !== (ccv.incrementSeconds || 60) || exact.minimum !== ccv.minimumSeconds) return false;
  if (dollarsToUnits(exact.surcharge) !== call.rate.surchargeUnits) return false;
  // Rating's price of the call applies the rate's own no-charge time: it must match the CCV's.
  const seconds = Math.max(0, call.billingSeconds);
  return exact.callUnits === undefined || exact.callUnits === (isFree(asExact, seconds) ? 0 : callCost(asExact, seconds));
}

/**
 * The customer's charge: the exact rate when it is the switch's, else the CCVs' units. With
 * `coveredSeconds` (billing seconds an allotment covered), only the rest of the call is charged:
 * the remaining billing seconds on the same rate, its minimum and increment applied to them, its
 * surcharge once, no no-charge time again (the whole call was already longer than it); nothing
 * when the allotment covered the whole call.
 */
export function customerPrice(call: FinishedCall, exact?: ExactRate, coveredSeconds = 0, did?: ExactRate): Price {
  // A DID's incoming rate is the reseller's price for the number, not the switch's: no CCV discount.
  const discountPercent = did ? 0 : discountOf(call);
  const names = did ? { name: did.name, description: did.description } : { name: call.rate.name ?? exact?.name, description: call.rate.description ?? exact?.description };
  const same = !did && exact !== undefined && isSameRate(call, exact);
  const full = did ? exactCallRate(did, 0) : same && exact ? exactCallRate(exact, Math.max(0, call.rate.noCharge)) : ccvCallRate(call);
  const source: RateSource = did ? 'did' : same ? 'exact' : 'ccv';
  if (coveredSeconds <= 0 || isFree(full, call.billingSeconds)) {
    const seconds = call.billingSeconds;
    return priced(full, seconds, source, names, () => callCost(full, seconds, { discountPercent }));
  }
  const rest = call.billingSeconds - coveredSeconds;
  const rate = { ...full, noChargeSeconds: 0 };
  const price = priced(rate, rest, source, names, () => callCost(rate, rest, { discountPercent }));
  return { ...price, rate: { ...price.rate, nocharge_time: full.noChargeSeconds } };
}

/** The reseller's cost: the call on the reseller's own rate, else (no rate for it) what the customer pays. */
export function resellerPrice(call: FinishedCall, resellerRate: ExactRate | undefined, customer: Price): Price {
  if (!resellerRate) return customer;
  const seconds = call.billingSeconds;
  const rate = exactCallRate(resellerRate, 0);
  const names = { name: resellerRate.name, description: resellerRate.description };
  const price = priced(rate, seconds, 'exact', names, () => resellerRate.callUnits ?? callCost(rate, seconds));
  // Rating priced it with the rate's own no-charge time: nothing charged means nothing billed.
  return price.units === 0 ? { ...price, billedSeconds: 0 } : price;
}
