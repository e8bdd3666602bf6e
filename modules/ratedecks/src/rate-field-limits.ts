// How large each field of a rate may be, for CSV rows and JSON bodies alike. Kazoo has no bound:
// an 8 MB description was stored, indexed in memory by rating and echoed on every export. The
// README's table lists the same numbers.

/** A text field: at most `maxLength` characters. A list field: at most `maxItems` items of at most `maxLength` each. */
export interface FieldLimit {
  maxLength: number;
  maxItems?: number;
}

export const RATE_FIELD_LIMITS = {
  id: { maxLength: 128 },
  description: { maxLength: 500 },
  rate_name: { maxLength: 128 },
  carrier: { maxLength: 128 },
  iso_country_code: { maxLength: 16 },
  rate_suffix: { maxLength: 64 },
  rate_version: { maxLength: 64 },
  ratedeck_id: { maxLength: 100 },
  account_id: { maxLength: 32 },
  routes: { maxLength: 500, maxItems: 32 },
  options: { maxLength: 128, maxItems: 32 },
  caller_id_numbers: { maxLength: 32, maxItems: 100 },
  direction: { maxLength: 32 },
} as const satisfies Record<string, FieldLimit>;

/** Every number cell (costs, seconds, weight, prefix) as text: far more than any real value needs. */
export const MAX_NUMBER_CELL_LENGTH = 40;

/** JSON bodies may carry public fields that are not rate fields (kept, as crossbar_doc does): this many, each this large as JSON. */
export const MAX_EXTRA_FIELDS = 20;
export const MAX_EXTRA_FIELD_JSON_LENGTH = 1000;

export type LimitedField = keyof typeof RATE_FIELD_LIMITS;

export function isLimitedField(field: string): field is LimitedField {
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
