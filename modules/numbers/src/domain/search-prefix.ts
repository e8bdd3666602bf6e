// knm_search:normalized_prefix and the NANP details a search result carries.
import { errors } from '@tollgate/errors';
import { type CountryCode, getCountryCallingCode } from 'libphonenumber-js';

/** `415` → `+1415`; `+44` stays. */
export function searchPrefix(raw: string | undefined, country = 'US'): string {
  const trimmed = (raw ?? '').trim().replace(/[\s().-]/g, '');
  if (!/^\+?\d+$/.test(trimmed)) {
    throw raw ? errors.field('prefix', 'pattern', `prefix must be digits, got ${JSON.stringify(raw)}`) : errors.field('prefix', 'required', 'Field is required but missing');
  }
  if (trimmed.startsWith('+')) return trimmed;
  let dial: string;
  try {
    dial = getCountryCallingCode(country.toUpperCase() as CountryCode);
  } catch {
    throw errors.field('country', 'enum', `unknown country ${JSON.stringify(country)}`);
  }
  return trimmed.startsWith(dial) && trimmed.length > 10 ? `+${trimmed}` : `+${dial}${trimmed}`;
}

/** npa_nxx, ten_digit and formatted_number of a +1 number (none for others). */
export function nanpDetails(num: string): Record<string, unknown> {
  if (!/^\+1\d{10}$/.test(num)) return {};
  const ten = num.slice(2);
  return { npa_nxx: ten.slice(0, 6), ten_digit: ten, formatted_number: `1-${ten.slice(0, 3)}-${ten.slice(3, 6)}-${ten.slice(6)}` };
}
