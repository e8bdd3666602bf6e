// A report's period: `?month=YYYYMM` as one calendar month (UTC), Gregorian seconds inclusive; and
// the months a range touches, for the financial report's rows. Pure.
import { fromGregorian, toGregorian } from '@tollgate/kazoo-db';

export interface Period {
  /** Gregorian seconds, inclusive. */
  from: number;
  to: number;
}

const MONTH = /^(\d{4})(\d{2})$/;

/** `YYYYMM` as its first to its last second; undefined when it is no month. */
export function monthPeriod(yyyymm: string): Period | undefined {
  const m = MONTH.exec(yyyymm);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || year < 1970) return undefined;
  return { from: toGregorian(new Date(Date.UTC(year, month - 1, 1))), to: toGregorian(new Date(Date.UTC(year, month, 1))) - 1 };
}

/** `YYYYMM` of a Gregorian time (UTC). */
export function monthOf(gregorian: number): string {
  const d = fromGregorian(gregorian);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Every month the period touches, oldest first. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  const d = fromGregorian(p.from);
  let year = d.getUTCFullYear();
  let month = d.getUTCMonth() + 1;
  const last = monthOf(p.to);
  for (;;) {
    const ym = `${year}${String(month).padStart(2, '0')}`;
    out.push(ym);
    if (ym >= last) return out;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}
