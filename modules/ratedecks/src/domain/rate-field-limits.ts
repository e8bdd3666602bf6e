// How large each field of a rate may be, for CSV rows and JSON bodies alike: the bounds of the
// `rates` schema (@tollgate/schemas), which JSON bodies are validated with, applied here to CSV
// cells. Kazoo has no bound: an 8 MB description was stored, indexed in memory by rating and
// echoed on every export. The README's table lists the same numbers.
import { RATE_EXTRA_FIELDS, RATE_LIST_LIMITS, RATE_TEXT_LIMITS } from '@tollgate/schemas';

/** A text field: at most `maxLength` characters. A list field: at most `maxItems` items of at most `maxLength` each. */
export interface FieldLimit {
  maxLength: number;
  maxItems?: number;
}

const text = (maxLength: number): { maxLength: number } => ({ maxLength });

/** The `rates` schema's bounds, plus the CSV's `direction` cell (a list of directions as text). */
export const RATE_FIELD_LIMITS = {
  id: text(RATE_TEXT_LIMITS.id),
  description: text(RATE_TEXT_LIMITS.description),
  rate_name: text(RATE_TEXT_LIMITS.rate_name),
  carrier: text(RATE_TEXT_LIMITS.carrier),
  iso_country_code: text(RATE_TEXT_LIMITS.iso_country_code),
  rate_suffix: text(RATE_TEXT_LIMITS.rate_suffix),
  rate_version: text(RATE_TEXT_LIMITS.rate_version),
  ratedeck_id: text(RATE_TEXT_LIMITS.ratedeck_id),
  account_id: text(RATE_TEXT_LIMITS.account_id),
  routes: RATE_LIST_LIMITS.routes,
  options: RATE_LIST_LIMITS.options,
  caller_id_numbers: RATE_LIST_LIMITS.caller_id_numbers,
  direction: text(32),
} as const satisfies Record<string, FieldLimit>;

/** Every number cell (costs, seconds, weight, prefix) as text: far more than any real value needs. */
const MAX_NUMBER_CELL_LENGTH = 40;

/** JSON bodies may carry public fields that are not rate fields (kept, as crossbar_doc does): this many, each this large as JSON. */
export const MAX_EXTRA_FIELDS = RATE_EXTRA_FIELDS.maxCount;
export const MAX_EXTRA_FIELD_JSON_LENGTH = RATE_EXTRA_FIELDS.maxJsonLength;

type LimitedField = keyof typeof RATE_FIELD_LIMITS;

function isLimitedField(field: string): field is LimitedField {
  return Object.hasOwn(RATE_FIELD_LIMITS, field);
}

/** The limit a CSV cell's raw text is held to before it is parsed (a list cell holds all its items, maybe as JSON with escapes). */
export function maxCellLength(field: string): number {
  if (!isLimitedField(field)) return MAX_NUMBER_CELL_LENGTH;
  const limit: FieldLimit = RATE_FIELD_LIMITS[field];
  return limit.maxItems === undefined ? limit.maxLength : limit.maxItems * (2 * limit.maxLength + 3) + 2;
}

/** Why a list is too large (too many items, or an item too long), or undefined. */
export function listSizeProblem(field: LimitedField, items: readonly string[]): string | undefined {
  const limit: FieldLimit = RATE_FIELD_LIMITS[field];
  if (limit.maxItems !== undefined && items.length > limit.maxItems) return `${field} must have at most ${limit.maxItems} items, got ${items.length}`;
  const long = items.findIndex((item) => item.length > limit.maxLength);
  if (long >= 0) return `${field}[${long}] must be at most ${limit.maxLength} characters, got ${items[long].length}`;
  return undefined;
}
