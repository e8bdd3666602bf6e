// Free minutes as Kazoo's allotments (j5_allotments, cb_allotments), pure rules:
//  - the limits doc's `allotments`, keyed by classification (`<classification>` or
//    `<direction>_<classification>`, Kazoo's), each with amount (seconds), cycle, increment,
//    minimum, no_consume_time and group_consume; beyond Kazoo, an entry may match by `prefixes`
//    (the number's E.164 digits), by `countries` (the iso_country_code of the rate the call was
//    priced at) or take `any_destination` (every call) — a package's free minutes are such an entry;
//  - which allotment a call uses: `<direction>_<classification>`, else `<classification>`, else
//    the prefix entry with the longest matching prefix, else a country entry, else an
//    `any_destination` entry (first by key; the package's, keyed `package`, last);
//  - a cycle's bounds from the call's end (UTC calendar boundaries: not "now", so that a
//    redelivered call falls in the cycle it fell in the first time);
//  - how many seconds a call consumes and how many billing seconds are left to charge.
import { fromGregorian, toGregorian } from '@tollgate/kazoo-db';

export const CYCLES = ['monthly', 'weekly', 'daily', 'hourly', 'minutely'] as const;
export type Cycle = (typeof CYCLES)[number];
export const ALLOTMENT_CONSUMPTION = 'allotment_consumption';
/** The key of the allotment a package's `free_minutes` gives its clients. */
export const PACKAGE_ALLOTMENT_KEY = 'package';

export interface Allotment {
  /** The key in `allotments` (Kazoo: the classification; stored on consumption docs as `classification`). */
  key: string;
  /** Free seconds per cycle. */
  amount: number;
  cycle: Cycle;
  /** Seconds a call's consumption is rounded up to (Kazoo's default 1). */
  increment: number;
  /** Seconds a call consumes at least. */
  minimum: number;
  /** A call of at most this many billing seconds consumes nothing (and is charged as usual). */
  noConsumeTime: number;
  /** Other keys whose consumption counts against this allotment too. */
  groupConsume: string[];
  /** Tollgate: matches numbers starting with one of these digits (E.164, without '+'). */
  prefixes?: string[];
  /** Tollgate: matches calls priced at a rate of one of these countries (ISO 3166-1 alpha-2). */
  countries?: string[];
  /** Tollgate: matches every call (of `direction` when given). */
  anyDestination?: boolean;
  /** Tollgate: for a prefix or any-destination entry, only calls of this direction. */
  direction?: 'inbound' | 'outbound';
  name?: string;
}

function whole(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : fallback;
}

/** One stored allotment read as j5_allotments reads it (kz_json:get_integer_value defaults). */
export function allotmentOf(key: string, raw: unknown): Allotment | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const cycle = (CYCLES as readonly string[]).includes(r.cycle as string) ? (r.cycle as Cycle) : 'monthly';
  const a: Allotment = {
    key,
    amount: whole(r.amount, 0),
    cycle,
    increment: Math.max(1, whole(r.increment, 1)),
    minimum: whole(r.minimum, 0),
    noConsumeTime: whole(r.no_consume_time, 0),
    groupConsume: Array.isArray(r.group_consume) ? r.group_consume.filter((g): g is string => typeof g === 'string' && g !== key) : [],
  };
  if (Array.isArray(r.prefixes)) a.prefixes = r.prefixes.map(String).filter((p) => /^\d{1,15}$/.test(p));
  if (Array.isArray(r.countries)) a.countries = r.countries.map(String).filter((c) => /^[A-Z]{2}$/.test(c));
  if (r.any_destination === true) a.anyDestination = true;
  if (r.direction === 'inbound' || r.direction === 'outbound') a.direction = r.direction;
  if (typeof r.name === 'string') a.name = r.name;
  return a;
}

/** Every readable allotment of a limits doc's `allotments` object. */
export function allotmentsOf(raw: unknown): Allotment[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const out: Allotment[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const a = allotmentOf(key, value);
    if (a) out.push(a);
  }
  return out;
}

/**
 * The allotment a package's `free_minutes` gives: that many minutes per calendar month, every call
 * (both directions, as the seed: "inbound & outbound calculated") rounded up to whole minutes.
 */
export function packageAllotment(freeMinutes: number, packageName?: string): Allotment | undefined {
  if (!Number.isSafeInteger(freeMinutes) || freeMinutes <= 0) return undefined;
  const a: Allotment = { key: PACKAGE_ALLOTMENT_KEY, amount: freeMinutes * 60, cycle: 'monthly', increment: 60, minimum: 60, noConsumeTime: 0, groupConsume: [], anyDestination: true };
  if (packageName) a.name = packageName;
  return a;
}

export interface AllotmentCall {
  direction?: 'inbound' | 'outbound';
  classification?: string;
  /** The number the call was rated for. */
  number?: string;
  /** The iso_country_code of the rate the call was priced at. */
  country?: string;
}

function directionOk(a: Allotment, call: AllotmentCall): boolean {
  return a.direction === undefined || a.direction === call.direction;
}

/** The allotment a call draws on, if any (see the order at the top). */
export function findAllotment(allotments: readonly Allotment[], call: AllotmentCall): Allotment | undefined {
  const byKey = new Map(allotments.map((a) => [a.key, a]));
  const plain = (a: Allotment | undefined) => (a && !a.prefixes && !a.countries && !a.anyDestination ? a : undefined);
  if (call.classification) {
    const found = (call.direction && plain(byKey.get(`${call.direction}_${call.classification}`))) || plain(byKey.get(call.classification));
    if (found) return found;
  }
  const digits = (call.number ?? '').replace(/^\+/, '');
  let best: { a: Allotment; len: number } | undefined;
  for (const a of allotments) {
    if (!a.prefixes || !directionOk(a, call)) continue;
    for (const p of a.prefixes) if (digits.startsWith(p) && (!best || p.length > best.len)) best = { a, len: p.length };
  }
  if (best) return best.a;
  const byCountry = call.country ? allotments.find((a) => !a.prefixes && a.countries?.includes(call.country as string) && directionOk(a, call)) : undefined;
  if (byCountry) return byCountry;
  const any = allotments.filter((a) => a.anyDestination && !a.prefixes && !a.countries && directionOk(a, call));
  return any.find((a) => a.key !== PACKAGE_ALLOTMENT_KEY) ?? any[0];
}

export interface CycleBounds {
  /** Gregorian seconds, inclusive. */
  start: number;
  /** Gregorian seconds, exclusive. */
  end: number;
}

/** The cycle a moment (Gregorian seconds) falls in: UTC calendar month, ISO week (Monday), day, hour, minute. */
export function cycleOf(cycle: Cycle, at: number): CycleBounds {
  const d = fromGregorian(at);
  const [y, m, day, h, min] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const g = (date: number) => toGregorian(new Date(date));
  switch (cycle) {
    case 'monthly':
      return { start: g(Date.UTC(y, m, 1)), end: g(Date.UTC(y, m + 1, 1)) };
    case 'weekly': {
      const back = (d.getUTCDay() + 6) % 7;
      return { start: g(Date.UTC(y, m, day - back)), end: g(Date.UTC(y, m, day - back + 7)) };
    }
    case 'daily':
      return { start: g(Date.UTC(y, m, day)), end: g(Date.UTC(y, m, day + 1)) };
    case 'hourly':
      return { start: g(Date.UTC(y, m, day, h)), end: g(Date.UTC(y, m, day, h + 1)) };
    case 'minutely':
      return { start: g(Date.UTC(y, m, day, h, min)), end: g(Date.UTC(y, m, day, h, min + 1)) };
  }
}

/** What a call would consume: its billing seconds at least `minimum`, rounded up to whole `increment`s; 0 within no_consume_time. */
export function roundedConsumption(a: Allotment, billingSeconds: number): number {
  if (billingSeconds <= 0 || billingSeconds <= a.noConsumeTime) return 0;
  const s = Math.max(a.minimum, billingSeconds);
  return Math.ceil(s / a.increment) * a.increment;
}

export interface Consumption {
  /** Seconds taken from the allotment (recorded on the consumption doc). */
  consumed: number;
  /** Billing seconds the allotment covers (never more than the call's). */
  covered: number;
  /** Billing seconds left to charge per minute. */
  remainder: number;
}

/**
 * A call against what is left of its allotment (`available` = amount − consumed so far in the
 * cycle, group included). Enough left: the call consumes its rounded seconds and nothing is left to
 * charge. Not enough: it consumes what is left, which covers that many of its billing seconds; the
 * rest is charged. Nothing left, or within no_consume_time: nothing consumed, all charged.
 */
export function consume(a: Allotment, billingSeconds: number, available: number): Consumption {
  const rounded = roundedConsumption(a, billingSeconds);
  const left = Math.max(0, available);
  if (rounded === 0 || left === 0) return { consumed: 0, covered: 0, remainder: Math.max(0, billingSeconds) };
  if (rounded <= left) return { consumed: rounded, covered: billingSeconds, remainder: 0 };
  const covered = Math.min(billingSeconds, left);
  return { consumed: left, covered, remainder: billingSeconds - covered };
}

/** j5_allotments' consumption doc id. */
export function consumptionDocId(callId: string): string {
  return `${callId}-allotment-consumption`;
}

export interface ConsumptionDoc {
  _id: string;
  account_id: string;
  seconds: number;
  call_id: string;
  name?: string;
  classification: string;
  cycle: Cycle;
  pvt_created: number;
  pvt_modified: number;
  pvt_vsn: 1;
  pvt_whapp: 'tollgate';
  pvt_type: typeof ALLOTMENT_CONSUMPTION;
  pvt_account_id: string;
  [key: string]: unknown;
}

/** j5_allotments:reconcile_allotment's doc, dated at the call's end (so it lands in the cycle it was counted in). */
export function consumptionDoc(accountId: string, callId: string, a: Allotment, seconds: number, callEnd: number, extra: Record<string, unknown> = {}): ConsumptionDoc {
  const doc: ConsumptionDoc = {
    _id: consumptionDocId(callId),
    account_id: accountId,
    seconds,
    call_id: callId,
    classification: a.key,
    cycle: a.cycle,
    pvt_created: callEnd,
    pvt_modified: callEnd,
    pvt_vsn: 1,
    pvt_whapp: 'tollgate',
    pvt_type: ALLOTMENT_CONSUMPTION,
    pvt_account_id: accountId,
    ...extra,
  };
  if (a.name) doc.name = a.name;
  return doc;
}
