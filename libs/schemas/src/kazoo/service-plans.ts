// Kazoo's `service_plans` schema (with service_plan.category, service_plan.item and the
// bookkeepers mappings), stricter where Kazoo let a bad plan through to crash pricing later:
// amounts are numbers >= 0, tier keys are whole quantities, quantities are integers >= 0.

import { RATEDECK_ID_PATTERN } from './rates';

const amount = { type: 'number', minimum: 0 } as const;
const tiers = {
  type: 'object',
  propertyNames: { pattern: '^[0-9]+$', errorMessage: 'Tier keys must be whole quantities (digits only)' },
  additionalProperties: amount,
} as const;
const quantity = { type: 'integer', minimum: 0 } as const;

const discount = {
  type: 'object',
  properties: { rate: amount, rates: tiers, maximum: quantity },
} as const;

const servicePlanItemSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    rate: amount,
    rates: tiers,
    flat_rates: tiers,
    minimum: quantity,
    maximum: quantity,
    cascade: { type: 'boolean' },
    as: { type: 'string', minLength: 1 },
    exceptions: { type: 'array', items: { type: 'string' } },
    activation_charge: amount,
    discounts: { type: 'object', properties: { single: discount, cumulative: discount } },
    markup_type: { type: 'string', enum: ['fixed_price', 'percentage', 'rate'] },
    prorate: { type: 'object', properties: { additions: { type: 'boolean' }, removals: { type: 'boolean' } } },
    enabled: { type: 'boolean' },
    step: { type: 'integer', minimum: 1 },
  },
} as const;

const braintreeMapping = {
  type: 'object',
  properties: {
    plan: { type: 'string', minLength: 1 },
    addon: { type: 'string', minLength: 1 },
    discounts: {
      type: 'object',
      properties: { single: { type: 'string', minLength: 1 }, cumulative: { type: 'string', minLength: 1 } },
    },
  },
} as const;

const e164Prefix = {
  type: ['string', 'integer'],
  pattern: '^[1-9][0-9]{0,14}$',
  minimum: 1,
  maximum: 999_999_999_999_999,
  errorMessage: 'A prefix is 1 to 15 digits of an E.164 number, not starting with 0',
} as const;
const isoCountry = { type: 'string', pattern: '^[A-Z]{2}$', errorMessage: 'An ISO 3166-1 alpha-2 country code, upper case (e.g. "FR")' } as const;
const perMinute = { type: 'number', minimum: 0, maximum: 1_000_000 } as const;

/** Seed 003's package (a reseller's call pricing over its base deck); modules/services README. */
const packageSchema = {
  type: 'object',
  properties: {
    base_ratedeck: { type: 'string', pattern: RATEDECK_ID_PATTERN },
    markup: {
      type: 'object',
      properties: { fixed: perMinute, percentage: { type: 'number', minimum: 0, maximum: 10_000 } },
    },
    pulse: { type: 'integer', minimum: 1, maximum: 3600 },
    route: { type: 'string', minLength: 1, maxLength: 128 },
    overrides: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        required: ['rate_cost'],
        properties: { prefix: e164Prefix, iso_country_code: isoCountry, rate_cost: perMinute },
      },
    },
    free_zones: {
      type: 'array',
      maxItems: 10_000,
      items: { type: 'object', properties: { prefix: e164Prefix, iso_country_code: isoCountry, max_rate_cost: perMinute } },
    },
    free_minutes: { type: 'integer', minimum: 0 },
    monthly_fee: amount,
    setup_fee: amount,
  },
} as const;

export const servicePlansSchema = {
  type: 'object',
  required: ['name', 'plan'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 128 },
    description: { type: 'string' },
    category: { type: 'string' },
    plan: {
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: servicePlanItemSchema },
    },
    bookkeepers: {
      type: 'object',
      properties: {
        braintree: { type: 'object', additionalProperties: { type: 'object', additionalProperties: braintreeMapping } },
        local: { type: 'object' },
      },
    },
    merge: {
      type: 'object',
      properties: {
        strategy: { type: 'string', enum: ['simple', 'cumulative'] },
        priority: { type: 'integer', minimum: 0 },
      },
    },
    manual_recurring: { type: 'array', items: { type: 'object' } },
    package: packageSchema,
  },
} as const;
