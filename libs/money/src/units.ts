// Money in Tollgate. Sums are integers in Kazoo's units (1 dollar = 10 000 units, kz_currency);
// rates keep the exact decimal a carrier gave (0.00125 stays 0.00125) as decimal.js values, and
// become units only when a charge is made, rounded once, half away from zero like Erlang's round/1.
import { Decimal } from 'decimal.js';

export const UNITS_PER_DOLLAR = 10_000;
/** An integer number of Kazoo units. */
export type Units = number;

/** The largest whole number of dollars whose units are still an exact (safe) integer: 900,719,925,474. */
export const MAX_AMOUNT_DOLLARS = Math.floor(Number.MAX_SAFE_INTEGER / UNITS_PER_DOLLAR);

const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

/** Any amount as an exact decimal. A JS number is read through its shortest decimal form, so 0.1 is exactly 0.1. */
export function toDecimal(value: Decimal.Value): Decimal {
  return new D(typeof value === 'number' ? String(value) : value);
}

/** A finite decimal number, or a numeric string like "0.00125", "1e-3", "  2 "; undefined otherwise. */
export function parseAmount(value: unknown): Decimal | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? toDecimal(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return new D(text);
}

export function isAmount(value: unknown): boolean {
  return parseAmount(value) !== undefined;
}

/** kz_currency:dollars_to_units: round(dollars × 10 000), half away from zero; exact for any input precision. */
export function dollarsToUnits(dollars: Decimal.Value): Units {
  const units = toDecimal(dollars).times(UNITS_PER_DOLLAR).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const n = units.toNumber();
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount out of range: ${toDecimal(dollars).toString()} dollars`);
  return n;
}

export function unitsToDecimal(units: Units): Decimal {
  assertUnits(units);
  return new D(units).dividedBy(UNITS_PER_DOLLAR);
}

/**
 * kz_currency:units_to_dollars, for the edges that show dollars as JSON numbers (at most 4
 * decimals, exact). A plain division: IEEE 754 rounds a quotient of two exact integers to the
 * nearest double, which is the double that the exact decimal (units / 10 000) reads as — the
 * same number as through decimal.js, at a fraction of the cost (a report writes three per row).
 */
export function unitsToDollars(units: Units): number {
  assertUnits(units);
  return units / UNITS_PER_DOLLAR;
}

/** The shortest exact decimal text of an amount (no float noise, no exponent). */
export function formatAmount(value: Decimal.Value): string {
  return toDecimal(value).toFixed();
}

export function sumUnits(values: readonly Units[]): Units {
  let total = 0;
  for (const v of values) {
    assertUnits(v);
    total += v;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('sum out of range');
  return total;
}

function assertUnits(units: Units): void {
  if (!Number.isSafeInteger(units)) throw new TypeError(`units must be a safe integer, got ${units}`);
}
