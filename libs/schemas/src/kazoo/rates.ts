// Kazoo 4.3 `rates` schema (applications/crossbar/priv/couchdb/schemas/rates.json) as Tollgate
// holds a rate sent as JSON: Kazoo's types and minimums, plus a bound on every field's size (Kazoo
// has none: an 8 MB description was stored) reported without echoing the value back. Kazoo's
// defaults (rate_increment 60, …) are left out on purpose: a rate stores only what it was given,
// and rating fills in system_config `hotornot`'s defaults when it rates.

const DIRECTIONS = ['inbound', 'outbound'];

/** The bound of every bounded text field of a rate; CSV imports are held to the same numbers. */
export const RATE_TEXT_LIMITS = {
  id: 128,
  description: 500,
  rate_name: 128,
  carrier: 128,
  iso_country_code: 16,
  rate_suffix: 64,
  rate_version: 64,
  ratedeck_id: 100,
  account_id: 32,
} as const;

/** The bound of every list field: its number of items and the length of each. */
export const RATE_LIST_LIMITS = {
  routes: { maxItems: 32, maxLength: 500 },
  options: { maxItems: 32, maxLength: 128 },
  caller_id_numbers: { maxItems: 100, maxLength: 32 },
} as const;

/** Public fields that are not rate fields are kept (as crossbar_doc does): this many, each this large as JSON. */
export const RATE_EXTRA_FIELDS = { maxCount: 20, maxJsonLength: 1000 } as const;

export const RATEDECK_ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,99}$';
export const ACCOUNT_ID_PATTERN = '^[0-9a-f]{32}$';

const text = (maxLength: number) => ({ type: 'string', maxLength, echoValue: false });
const list = (limit: { maxItems: number; maxLength: number }) => ({
  type: 'array',
  items: { type: 'string' },
  maxItems: limit.maxItems,
  maxItemLength: limit.maxLength,
  echoValue: false,
});

export const ratesSchema = {
  description: 'Defines a rate for a given prefix',
  type: 'object',
  required: ['prefix', 'rate_cost'],
  properties: {
    id: text(RATE_TEXT_LIMITS.id),
    prefix: { type: 'integer', minimum: 1, description: 'E.164 prefix (ignoring the +)' },
    rate_cost: { type: 'number', minimum: 0, description: 'The per-min rate charged to the downstream customer' },
    internal_rate_cost: { type: 'number', minimum: 0, description: 'The per-min rate charged by the upstream provider' },
    internal_surcharge: { description: 'The upstream surcharge; kept only when it is a number >= 0' },
    rate_surcharge: { type: 'number', minimum: 0, description: 'The upfront cost of connecting the call' },
    rate_increment: { type: 'integer', minimum: 1, description: 'The time slice, in seconds, to bill in' },
    rate_minimum: { type: 'integer', minimum: 0, description: 'The minimum time slice, in seconds, to bill a call' },
    rate_nocharge_time: { type: 'integer', minimum: 0, description: 'A call shorter than this, in seconds, is not billed' },
    weight: { type: 'integer', minimum: 1, maximum: 100, description: 'Ordering against other rates, 1 being most preferred' },
    account_id: { ...text(RATE_TEXT_LIMITS.account_id), pattern: ACCOUNT_ID_PATTERN },
    carrier: text(RATE_TEXT_LIMITS.carrier),
    description: text(RATE_TEXT_LIMITS.description),
    iso_country_code: text(RATE_TEXT_LIMITS.iso_country_code),
    rate_name: text(RATE_TEXT_LIMITS.rate_name),
    rate_suffix: text(RATE_TEXT_LIMITS.rate_suffix),
    rate_version: text(RATE_TEXT_LIMITS.rate_version),
    ratedeck_id: { ...text(RATE_TEXT_LIMITS.ratedeck_id), pattern: RATEDECK_ID_PATTERN },
    routes: list(RATE_LIST_LIMITS.routes),
    options: list(RATE_LIST_LIMITS.options),
    caller_id_numbers: list(RATE_LIST_LIMITS.caller_id_numbers),
    // One direction as text, or a list of them.
    direction: {
      type: ['string', 'array'],
      if: { type: 'string' },
      // biome-ignore lint/suspicious/noThenProperty: JSON schema's if / then / else
      then: { enum: DIRECTIONS },
      else: { items: { enum: DIRECTIONS } },
    },
  },
  patternProperties: { '^(_|pvt_)': {} },
  additionalProperties: { maxJsonLength: RATE_EXTRA_FIELDS.maxJsonLength },
  maxAdditionalProperties: RATE_EXTRA_FIELDS.maxCount,
} as const;
