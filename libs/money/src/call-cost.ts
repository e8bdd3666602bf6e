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

/**
 * The cost in units of a call lasting `durationSeconds`: nothing for a call of 0 s or of at most
 * the no-charge time; otherwise the surcharge plus the rate for the billed seconds, where the
 * billed seconds are the minimum, then whole increments for what goes beyond it. Half-up rounding,
 * once. A fractional duration counts as begun seconds (a started increment is billed).
 */
export function callCost(rate: CallRate, durationSeconds: number): Units {
  if (!Number.isFinite(durationSeconds) || durationSeconds < 0) {
    throw new RangeError(`duration must be a number of seconds >= 0, got ${durationSeconds}`);
  }
  const costPerMinute = nonNegative('rate cost', rate.costPerMinute);
  const surcharge = nonNegative('surcharge', rate.surcharge);
  const increment = wholeSeconds('rate increment', rate.incrementSeconds) || 60;
  const minimum = wholeSeconds('rate minimum', rate.minimumSeconds);
  const noCharge = wholeSeconds('no-charge time', rate.noChargeSeconds);

  if (durationSeconds === 0 || durationSeconds <= noCharge) return 0;
  const beyondMinimum = Math.max(0, durationSeconds - minimum);
  const billedSeconds = minimum + Math.ceil(beyondMinimum / increment) * increment;
  const dollars = surcharge.plus(costPerMinute.times(billedSeconds).dividedBy(60));
  const units = dollars.times(10_000).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  if (!Number.isSafeInteger(units)) throw new RangeError(`call cost out of range: ${dollars.toFixed()} dollars`);
  return units;
}
