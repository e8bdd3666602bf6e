// knm_converter_regex: turning what a person typed into E.164 with system_config
// number_manager `e164_converters`, and deciding with `reconcile_regex` whether a number is one
// the system keeps (versus an internal extension).
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { compileRegex } from './regex-cache';

export interface E164Converter {
  prefix?: string;
  suffix?: string;
}

/** Regex → prefix/suffix put around the regex's last capture, tried in order (first match wins). */
export type E164Converters = Record<string, E164Converter>;

export const DEFAULT_E164_CONVERTERS: E164Converters = {
  '^(\\+?1)?([2-9][0-9]{2}[2-9][0-9]{6})$': { prefix: '+1' },
  '^011(\\d{5,})$|^00(\\d{5,})$': { prefix: '+' },
  '^[2-9]\\d{7,}$': { prefix: '+' },
};

export const DEFAULT_RECONCILE_REGEX = '^(\\+?1)?\\d{10}$|^\\+[2-9]\\d{7,}$|^011\\d*$|^00\\d*$';

/** What a stored number must look like whatever the converters say: `+`, no leading 0, 7 to 15 digits. */
const STORED_E164 = /^\+[1-9]\d{6,14}$/;

export interface NormalizeOptions {
  converters?: E164Converters;
  reconcileRegex?: string;
  /**
   * ISO 3166 country for numbers written in national format that no converter knows
   * (e.g. GB: "020 7946 0000" → +442079460000). Kazoo has no such fallback.
   */
  defaultCountry?: string;
}

/** Spaces, dashes, dots, slashes and brackets people put in numbers; Kazoo keeps them and then rejects the number. */
function stripSeparators(input: string): string {
  return input.trim().replace(/^tel:/i, '').replace(/[\s().\-/]/g, '');
}

/** The last capture that took part in the match (Erlang's lists:last of re:run captures). */
function lastCapture(match: RegExpExecArray): string {
  for (let i = match.length - 1; i >= 0; i--) if (match[i] !== undefined) return match[i];
  return match[0];
}

/**
 * knm_converters:normalize: a number starting with `+` is kept; otherwise the first converter
 * whose regex matches rewrites it as prefix + last capture + suffix; no match leaves it as is.
 */
export function toE164(input: string, converters: E164Converters = DEFAULT_E164_CONVERTERS): string {
  const num = stripSeparators(input);
  if (num.startsWith('+')) return num;
  for (const [source, conv] of Object.entries(converters)) {
    const re = compileRegex(source);
    const m = re?.exec(num);
    if (m) return `${conv.prefix ?? ''}${lastCapture(m)}${conv.suffix ?? ''}`;
  }
  return num;
}

/** knm_converters:is_reconcilable on an already normalised number. */
export function isReconcilable(normalized: string, reconcileRegex = DEFAULT_RECONCILE_REGEX): boolean {
  return compileRegex(reconcileRegex)?.test(normalized) ?? false;
}

function viaLibphonenumber(num: string, country: string): string | undefined {
  const parsed = parsePhoneNumberFromString(num, country.toUpperCase() as CountryCode);
  return parsed?.isPossible() ? parsed.number : undefined;
}

/**
 * The E.164 form of a number the system can hold, or undefined when it is not reconcilable
 * (an extension, a short code, garbage). Unlike Kazoo, a result is always a real E.164 string
 * (`+` then 7–15 digits), so it always has a numbers db.
 */
export function normalizeNumber(input: string, opts: NormalizeOptions = {}): string | undefined {
  if (typeof input !== 'string') return undefined;
  let e164 = toE164(input, opts.converters);
  if (!e164.startsWith('+') && opts.defaultCountry) e164 = viaLibphonenumber(stripSeparators(input), opts.defaultCountry) ?? e164;
  if (!STORED_E164.test(e164)) return undefined;
  return isReconcilable(e164, opts.reconcileRegex) ? e164 : undefined;
}
