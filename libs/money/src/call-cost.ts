// What a call costs (kapps_call_util:calculate_call), computed on exact decimals and rounded
// once into units at the end — Kazoo rounds the rate into units first and truncates the result,
// which loses a carrier's sub-cent precision twice.
import { Decimal } from 'decimal.js';
import { toDecimal, type Units } from './units';

/** A rate as a call is billed: exact decimals for money, whole seconds for time. */
export interface CallRate {
  /** Dollars per minute (`rate_cost`), e.g. "0.00125". */
  costPerMinute: Decimal.Value;
  /** Billing step in seconds after the minimum (`rate_increment`); 0 means 60, as Kazoo. */
  incrementSeconds: number;
  /** Seconds always billed once the call is charged (`rate_minimum`). */
  minimumSeconds: number;
  /** Calls of at most this many seconds cost nothing (`rate_nocharge_time`). */
  noChargeSeconds: number;
  /** Dollars charged once per charged call (`rate_surcharge`). */
  surcharge: Decimal.Value;
}

function wholeSeconds(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number of seconds >= 0, got ${value}`);
  return value;
}

function nonNegative(name: string, value: Decimal.Value): Decimal {
  let d: Decimal;
  try {
    d = toDecimal(value);
  } catch {
    throw new RangeError(`${name} must be a number >= 0, got ${JSON.stringify(value)}`);
  }
  if (!d.isFinite() || d.isNegative()) throw new RangeError(`${name} must be a number >= 0, got ${JSON.stringify(value)}`);
  return d;
}

/** A call's adjustments applied before the one rounding. */
export interface CallCostOptions {
  /** Percent taken off the cost (Kazoo's `Discount-Percentage`), 0–100. */
  discountPercent?: Decimal.Value;
}

interface BilledRate {
  increment: number;
  minimum: number;
  noCharge: number;
}

function billedRate(rate: CallRate): BilledRate {
  return {
    increment: wholeSeconds('rate increment', rate.incrementSeconds) || 60,
    minimum: wholeSeconds('rate minimum', rate.minimumSeconds),
    noCharge: wholeSeconds('no-charge time', rate.noChargeSeconds),
  };
}

function checkedDuration(durationSeconds: number): number {
  if (!Number.isFinite(durationSeconds) || durationSeconds < 0) {
    throw new RangeError(`duration must be a number of seconds >= 0, got ${durationSeconds}`);
  }
  return durationSeconds;
}

function billed(r: BilledRate, durationSeconds: number): number {
  if (durationSeconds === 0 || durationSeconds <= r.noCharge) return 0;
  const beyondMinimum = Math.max(0, durationSeconds - r.minimum);
  return r.minimum + Math.ceil(beyondMinimum / r.increment) * r.increment;
}

/**
 * The seconds a call lasting `durationSeconds` is billed for: 0 for a call of 0 s or of at most the
 * no-charge time; otherwise the minimum, then whole increments for what goes beyond it.
 */
export function billedSeconds(rate: CallRate, durationSeconds: number): number {
  return billed(billedRate(rate), checkedDuration(durationSeconds));
}

/**
 * The cost in units of a call lasting `durationSeconds`: nothing for a call of 0 s or of at most
 * the no-charge time; otherwise the surcharge plus the rate for the billed seconds (billedSeconds),
 * less the discount. Half-up rounding, once. A fractional duration counts as begun seconds (a
 * started increment is billed).
 */
export function callCost(rate: CallRate, durationSeconds: number, options: CallCostOptions = {}): Units {
  checkedDuration(durationSeconds);
  const costPerMinute = nonNegative('rate cost', rate.costPerMinute);
  const surcharge = nonNegative('surcharge', rate.surcharge);
  const discount = nonNegative('discount percentage', options.discountPercent ?? 0);
  if (discount.greaterThan(100)) throw new RangeError(`discount percentage must be at most 100, got ${JSON.stringify(options.discountPercent)}`);
  const seconds = billed(billedRate(rate), durationSeconds);
  if (seconds === 0) return 0;
  const dollars = surcharge.plus(costPerMinute.times(seconds).dividedBy(60)).times(toDecimal(100).minus(discount)).dividedBy(100);
  const units = dollars.times(10_000).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  if (!Number.isSafeInteger(units)) throw new RangeError(`call cost out of range: ${dollars.toFixed()} dollars`);
  return units;
}
