// hon_rater:rate_resp (Kazoo 4.3 units on the wire) and cb_rates' `rates/number` view (dollars),
// both from one rate with system_config defaults filled in.
import { type CallRate, callCost, dollarsToUnits, toDecimal, unitsToDollars } from '@tollgate/money';
import type { RateRecord } from './rate-record';

export interface RateDefaults {
  defaultRateMinimum: number;
  defaultRateIncrement: number;
  defaultRateNochargeTime: number;
  defaultRateSurcharge: string;
  defaultRateCost: string;
  defaultRateInternalCost: string;
}

/** A rate with every default applied: what a call is billed with. */
export interface EffectiveRate {
  costPerMinute: string;
  surcharge: string;
  internalCost: string;
  increment: number;
  minimum: number;
  noCharge: number;
}

function effectiveRate(rate: RateRecord, d: RateDefaults): EffectiveRate {
  return {
    costPerMinute: rate.rateCost ?? d.defaultRateCost,
    surcharge: rate.rateSurcharge ?? d.defaultRateSurcharge,
    internalCost: rate.internalCost ?? d.defaultRateInternalCost,
    increment: rate.rateIncrement ?? d.defaultRateIncrement,
    minimum: rate.rateMinimum ?? d.defaultRateMinimum,
    noCharge: rate.rateNochargeTime ?? d.defaultRateNochargeTime,
  };
}

function nonNegativeInt(n: number): number {
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

function callRateOf(e: EffectiveRate): CallRate {
  return {
    costPerMinute: e.costPerMinute,
    surcharge: e.surcharge,
    incrementSeconds: nonNegativeInt(e.increment),
    minimumSeconds: nonNegativeInt(e.minimum),
    noChargeSeconds: nonNegativeInt(e.noCharge),
  };
}

/**
 * kapps_call_util:base_call_cost — what a call of the minimum duration costs, surcharge included
 * (a minimum of 0 counts as 60 s, as Kazoo). Kazoo divides the minimum by 60 as integers, so a 30 s
 * minimum cost nothing but the surcharge; here it is charged pro rata, rounded once.
 */
function baseCostUnits(e: EffectiveRate): number {
  const minimum = nonNegativeInt(e.minimum) || 60;
  return memo(`${e.costPerMinute}|${e.surcharge}|${minimum}`, () =>
    callCost({ ...callRateOf(e), minimumSeconds: minimum, noChargeSeconds: 0 }, minimum),
  );
}

// A deck has a few thousand distinct costs: their unit conversions are computed once, not per call.
const MEMO_LIMIT = 50_000;
const memoized = new Map<string, number>();

function memo(key: string, compute: () => number): number {
  let v = memoized.get(key);
  if (v === undefined) {
    v = compute();
    if (memoized.size >= MEMO_LIMIT) memoized.clear();
    memoized.set(key, v);
  }
  return v;
}

/** kz_currency:dollars_to_units of an exact decimal text, memoised. */
function units(dollars: string): number {
  return memo(dollars, () => dollarsToUnits(dollars));
}

export interface RespExtras {
  updateCalleeId: boolean;
  discountPercentage?: unknown;
}

/** The rate_resp fields (kapi_rate optional headers), money as unit strings like Kazoo 4.3. */
export function rateRespFields(rate: RateRecord, d: RateDefaults, extras: RespExtras): Record<string, unknown> {
  const e = effectiveRate(rate, d);
  const fields: Record<string, unknown> = {
    Rate: String(units(e.costPerMinute)),
    'Rate-Increment': e.increment,
    'Rate-Minimum': String(e.minimum),
    Surcharge: String(units(e.surcharge)),
    'Base-Cost': String(baseCostUnits(e)),
    'Pvt-Cost': String(units(e.internalCost)),
    'Rate-NoCharge-Time': e.noCharge,
    'Update-Callee-ID': extras.updateCalleeId,
  };
  if (rate.prefix !== '') fields.Prefix = Number(rate.prefix);
  if (rate.rateName !== undefined) fields['Rate-Name'] = rate.rateName;
  if (rate.description !== undefined) fields['Rate-Description'] = rate.description;
  if (rate.rateVersion !== undefined) fields['Rate-Version'] = rate.rateVersion;
  if (rate.ratedeckId !== undefined) fields['Ratedeck-ID'] = rate.ratedeckId;
  if (extras.discountPercentage !== undefined && extras.discountPercentage !== null) fields['Discount-Percentage'] = extras.discountPercentage;
  return fields;
}

/**
 * cb_rates `rates/number` data: Kazoo's field names and the seed's value types — dollars as JSON
 * numbers (the carrier's exact decimal for Rate and Surcharge), Rate-Minimum as text, Rate-Increment
 * and Prefix as Kazoo shows them. `Cost` (dollars) when a duration is given.
 */
export function rateNumberView(rate: RateRecord, e164: string, d: RateDefaults, durationSeconds?: number): Record<string, unknown> {
  const e = effectiveRate(rate, d);
  const view: Record<string, unknown> = {
    'Base-Cost': unitsToDollars(baseCostUnits(e)),
    'E164-Number': e164,
    Prefix: rate.prefix,
    Rate: toDecimal(e.costPerMinute).toNumber(),
  };
  if (rate.description !== undefined) view['Rate-Description'] = rate.description;
  view['Rate-Increment'] = e.increment;
  view['Rate-Minimum'] = String(e.minimum);
  if (rate.rateName !== undefined) view['Rate-Name'] = rate.rateName;
  if (rate.ratedeckId !== undefined) view['Ratedeck-ID'] = rate.ratedeckId;
  view.Surcharge = toDecimal(e.surcharge).toNumber();
  if (durationSeconds !== undefined) view.Cost = unitsToDollars(callCost(callRateOf(e), durationSeconds));
  return view;
}
