// hon_rater: candidates → matching_rates (every filter) → sort_rates → the first. With `explain`
// each candidate also says which filter dropped it.
import type { RateFilter } from './rate-filters';
import type { RateRecord } from './rate-record';
import { compareRates } from './sort-rates';

export interface CandidateVerdict {
  rate: RateRecord;
  /** The first filter the rate failed; absent when it passed them all. */
  droppedBy?: string;
  selected?: boolean;
}

export interface Selection {
  rate?: RateRecord;
  /** Every candidate with its verdict, in sort order (only with `explain`). */
  verdicts?: CandidateVerdict[];
}

function firstFailing(rate: RateRecord, filters: readonly RateFilter[]): string | undefined {
  for (const f of filters) if (!f.test(rate)) return f.name;
  return undefined;
}

export function selectRate(candidates: readonly RateRecord[], filters: readonly RateFilter[], byWeight: boolean, explain = false): Selection {
  if (explain) {
    const verdicts: CandidateVerdict[] = candidates.map((rate) => {
      const droppedBy = firstFailing(rate, filters);
      return droppedBy === undefined ? { rate } : { rate, droppedBy };
    });
    verdicts.sort((a, b) => compareRates(a.rate, b.rate, byWeight));
    const winner = verdicts.find((v) => v.droppedBy === undefined);
    if (winner) winner.selected = true;
    return { rate: winner?.rate, verdicts };
  }
  let best: RateRecord | undefined;
  for (const rate of candidates) {
    if (best !== undefined && rate.prefix.length < best.prefix.length) continue; // a shorter prefix never wins
    if (firstFailing(rate, filters) !== undefined) continue;
    if (best === undefined || compareRates(rate, best, byWeight) < 0) best = rate;
  }
  return { rate: best };
}
