// Money in the reseller's currency, dates in the account's timezone; Kazoo times are Gregorian seconds.
export const GREGORIAN_OFFSET = 62167219200;

export const toGregorian = (d: Date): number => Math.floor(d.getTime() / 1000) + GREGORIAN_OFFSET;
export const fromGregorian = (g: number): Date => new Date((g - GREGORIAN_OFFSET) * 1000);

export function money(amount: unknown, currency = 'USD'): string {
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n)) return '—';
  // Per-minute prices and per-call figures carry more than cents.
  const digits = Math.abs(n) > 0 && Math.abs(n) < 1 && Math.round(n * 100) / 100 !== n ? 4 : 2;
  return new Intl.NumberFormat(navigator.language || 'en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: digits }).format(n);
}

export function dateTime(value: unknown, timeZone?: string): string {
  let d: Date | undefined;
  if (typeof value === 'number') d = value > GREGORIAN_OFFSET ? fromGregorian(value) : new Date(value * 1000);
  else if (typeof value === 'string' && value) d = new Date(value);
  if (!d || Number.isNaN(d.getTime())) return typeof value === 'string' ? value : '—';
  try {
    return new Intl.DateTimeFormat(navigator.language || 'en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
  } catch {
    return d.toLocaleString();
  }
}

/** `YYYYMM` of a month input value (`YYYY-MM`) or of now. */
export const monthKey = (v?: string): string => (v ?? new Date().toISOString().slice(0, 7)).replace('-', '');
export const thisMonth = (): string => new Date().toISOString().slice(0, 7);
