// A rate doc (kzd_rates) read the way hotornot reads it: only the fields rating uses, money as
// exact decimal text, absent values left absent so system_config defaults apply at answer time.
import { formatAmount, parseAmount } from '@tollgate/money';
import { RATE_TYPE } from '@tollgate/ratedecks';

export interface RateRecord {
  id: string;
  /** Digits without leading zeros, as Kazoo keeps prefixes (integers). */
  prefix: string;
  /** The deck the rate was found in (hon_util overrides the doc's own `ratedeck_id` with it). */
  ratedeckId?: string;
  /** Dollars per minute, exact decimal text. */
  rateCost?: string;
  rateSurcharge?: string;
  /** `pvt_internal_rate_cost`, else `pvt_rate_cost` (what the rate costs us). */
  internalCost?: string;
  rateIncrement?: number;
  rateMinimum?: number;
  rateNochargeTime?: number;
  weight?: number;
  /** Absent: both directions. */
  direction?: readonly string[];
  /** Absent or empty: the rate never passes the `routes` filter (as Kazoo). */
  routes?: readonly string[];
  options?: readonly string[];
  /** Absent: `["."]`, any caller. */
  callerIdNumbers?: readonly string[];
  accountId?: string;
  rateVersion?: string;
  rateName?: string;
  description?: string;
  isoCountryCode?: string;
  rateSuffix?: string;
}

export type ParsedRate = { ok: true; rate: RateRecord } | { ok: false; reason: string };

/** Prefixes longer than this cannot be held exactly as numbers (E.164 numbers have at most 15 digits). */
export const MAX_PREFIX_DIGITS = 15;

/** The canonical prefix text: digits without leading zeros; undefined when not a usable prefix. */
export function canonicalPrefix(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
    if (!/^\d+$/.test(text)) return undefined;
    text = text.replace(/^0+(?=\d)/, '');
  } else {
    return undefined;
  }
  return text.length <= MAX_PREFIX_DIGITS ? text : undefined;
}

const CANONICAL_DECIMAL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

/** kz_json:get_float_value: a number or numeric text; negative or garbage counts as absent. */
export function decimalText(value: unknown): string | undefined {
  // Fast path for what imports store (0.00125 as a JSON number, or its exact text): no decimal.js.
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    const text = String(value);
    if (CANONICAL_DECIMAL.test(text)) return text;
  } else if (typeof value === 'string' && CANONICAL_DECIMAL.test(value)) {
    return value;
  }
  const d = parseAmount(value);
  if (!d || d.isNegative()) return undefined;
  return formatAmount(d);
}

/** kz_json:get_integer_value: whole numbers or their text; a fractional number is rounded. */
function integerValue(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
  return Math.round(n);
}

/** kz_json:get_binary_value: strings as they are, numbers and booleans as text. */
function textValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A list of strings; a single string counts as a list of one (Kazoo would ignore it). */
function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string');
}

/** kzd_rates:direction: "inbound" / "outbound" / a list; anything else means both. */
export function directionList(value: unknown): string[] | undefined {
  if (value === 'inbound' || value === 'outbound') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rate fields of an object that is known to be a rate (a doc, or system_config `mobile_rate`). */
export function rateFields(doc: Record<string, unknown>, id: string, prefix: string): RateRecord {
  const rate: RateRecord = { id, prefix };
  const set = <K extends keyof RateRecord>(key: K, value: RateRecord[K] | undefined): void => {
    if (value !== undefined) rate[key] = value;
  };
  set('rateCost', decimalText(doc.rate_cost));
  set('rateSurcharge', decimalText(doc.rate_surcharge));
  set('internalCost', decimalText(doc.pvt_internal_rate_cost) ?? decimalText(doc.pvt_rate_cost));
  set('rateIncrement', integerValue(doc.rate_increment));
  set('rateMinimum', integerValue(doc.rate_minimum));
  set('rateNochargeTime', integerValue(doc.rate_nocharge_time));
  set('weight', integerValue(doc.weight));
  set('direction', directionList(doc.direction));
  set('routes', stringList(doc.routes));
  set('options', stringList(doc.options));
  set('callerIdNumbers', stringList(doc.caller_id_numbers));
  set('accountId', textValue(doc.account_id));
  set('rateVersion', textValue(doc.rate_version));
  set('rateName', textValue(doc.rate_name));
  set('description', textValue(doc.description));
  set('isoCountryCode', textValue(doc.iso_country_code));
  set('rateSuffix', textValue(doc.rate_suffix));
  return rate;
}

/**
 * A ratedeck doc as the `rates/lookup` view sees it: `pvt_type` "rate", not soft-deleted, with an
 * integer prefix. Anything else is not a rate (design docs, task bookkeeping, a prefix typo).
 */
export function parseRateDoc(doc: unknown): ParsedRate {
  if (!isObject(doc)) return { ok: false, reason: 'not a JSON object' };
  const id = doc._id;
  if (typeof id !== 'string' || id === '') return { ok: false, reason: 'no _id' };
  if (doc.pvt_type !== RATE_TYPE) return { ok: false, reason: `pvt_type is ${JSON.stringify(doc.pvt_type)}, not "rate"` };
  if (doc.pvt_deleted === true) return { ok: false, reason: 'soft-deleted' };
  const prefix = canonicalPrefix(doc.prefix);
  if (prefix === undefined) return { ok: false, reason: `prefix must be digits (at most ${MAX_PREFIX_DIGITS}), got ${JSON.stringify(doc.prefix)}` };
  return { ok: true, rate: rateFields(doc, id, prefix) };
}
