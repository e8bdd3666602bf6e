// Kazoo's derived rate values (kzd_rates / kt_rates), pure.
import { toDecimal } from '@tollgate/money';

export const RATE_TYPE = 'rate';
export const DEFAULT_WEIGHT = 100;

/** `<ISO|XX>-<prefix>[-<rate_suffix>]` (kzd_rates:ensure_id). */
export function rateId(prefix: number | string, iso?: string, suffix?: string): string {
  return `${iso || 'XX'}-${prefix}${suffix ? `-${suffix}` : ''}`;
}

/** The route every imported rate gets when it names none: `^\+<prefix>(\d*)$`. */
export function defaultRoute(prefix: number | string): string {
  return `^\\+${prefix}(\\d*)$`;
}

/** kzd_rates:constrain_weight: 1..100. */
export function constrainWeight(weight: number): number {
  const w = Math.trunc(weight);
  if (w <= 0) return 1;
  if (w >= 100) return 100;
  return w;
}

/**
 * kt_rates generate_weight: len(prefix) * 10 - trunc(cost * 100), where cost is the internal
 * cost when it is set and not zero, else the rate cost. Computed on exact decimals.
 */
export function generateWeight(prefix: number | string, rateCost: number, internalCost?: number): number {
  const cost = internalCost !== undefined && internalCost !== 0 ? internalCost : rateCost;
  const cents = toDecimal(cost).times(100).trunc().toNumber();
  return constrainWeight(String(prefix).length * 10 - cents);
}

/**
 * rate_name when the row gives none: `[<directions joined by _>_][<ISO>_]<prefix>`. The seed shows
 * "Rate-Name": "1503" for a row with neither ISO nor direction, so the ISO is not defaulted to XX.
 */
export function generateRateName(prefix: number | string, iso?: string, directions?: readonly string[]): string {
  const parts: string[] = [];
  if (directions && directions.length > 0) parts.push(directions.join('_'));
  if (iso) parts.push(iso);
  parts.push(String(prefix));
  return parts.join('_');
}

/** kt_rates caller_id_numbers "441:442" -> one regex per number. */
export function callerIdRegexes(cell: string): string[] {
  return cell
    .split(':')
    .map((n) => n.trim())
    .filter((n) => n !== '')
    .map((n) => `^\\+?${n}.+$`);
}
