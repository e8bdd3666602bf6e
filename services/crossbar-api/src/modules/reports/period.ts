// A report's period: `?month=YYYYMM` (that calendar month, UTC), else crossbar's created_from /
// created_to (Gregorian seconds). The financial report may span up to a year of months and
// defaults to the current month; the listings keep crossbar's maximum_range.
import { errors } from '@tollgate/errors';
import { gregorianNow } from '@tollgate/kazoo-db';
import { monthOf, monthPeriod, type Period } from '@tollgate/reports';
import { requestedTimeRange } from '../../core/time-range';
import type { RequestContext } from '../../core/types';

/** 366 days: a financial report's widest range. */
export const FINANCIAL_MAX_RANGE_S = 366 * 86_400;

function monthAsked(ctx: RequestContext): Period | undefined {
  const raw = ctx.query.month;
  if (raw === undefined || raw === '') return undefined;
  const p = monthPeriod(raw);
  if (!p) throw errors.field('month', 'pattern', 'month must be YYYYMM', { cause: raw });
  return p;
}

export async function listingPeriod(ctx: RequestContext): Promise<Period> {
  return monthAsked(ctx) ?? (await requestedTimeRange(ctx));
}

export function financialPeriod(ctx: RequestContext): Period {
  const month = monthAsked(ctx);
  if (month) return month;
  const seconds = (key: string): number | undefined => {
    const raw = ctx.query[key];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 0) throw errors.field(key, 'type', `${key} must be a number of Gregorian seconds`, { cause: raw });
    return n;
  };
  const to = seconds('created_to') ?? gregorianNow();
  const from = seconds('created_from') ?? (monthPeriod(monthOf(to)) as Period).from;
  if (to < from) throw errors.field('created_from', 'date_range', `created_to ${to} is prior to created_from ${from}`, { cause: from });
  if (to - from > FINANCIAL_MAX_RANGE_S) throw errors.field('created_from', 'date_range', `created_to ${to} is more than ${FINANCIAL_MAX_RANGE_S} seconds from created_from ${from}`, { cause: to });
  return { from, to };
}
