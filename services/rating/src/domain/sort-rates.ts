// hon_util:sort_rates: the longest prefix first; among equally long prefixes the lower weight
// (Kazoo 4.3; default 100) or, when `sort_by_weight` is false, the higher rate_cost (Kazoo's
// order, most expensive first). Kazoo leaves full ties to lists:usort; we break them by id so
// the same deck always gives the same answer.
import { toDecimal } from '@tollgate/money';
import { DEFAULT_WEIGHT } from '@tollgate/ratedecks';
import type { RateRecord } from './rate-record';

function costOf(rate: RateRecord): string {
  return rate.rateCost ?? '0';
}

export function compareRates(a: RateRecord, b: RateRecord, byWeight: boolean): number {
  if (a.prefix.length !== b.prefix.length) return b.prefix.length - a.prefix.length;
  if (byWeight) {
    const wa = a.weight ?? DEFAULT_WEIGHT;
    const wb = b.weight ?? DEFAULT_WEIGHT;
    if (wa !== wb) return wa - wb;
  } else {
    const ca = costOf(a);
    const cb = costOf(b);
    if (ca !== cb) {
      const diff = toDecimal(cb).comparedTo(toDecimal(ca));
      if (diff !== 0) return diff;
    }
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortRates(rates: readonly RateRecord[], byWeight: boolean): RateRecord[] {
  return [...rates].sort((a, b) => compareRates(a, b, byWeight));
}
