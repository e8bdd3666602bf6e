// A rate sent as JSON to crossbar (PUT/POST/PATCH /v2/rates) -> the document, or Kazoo's
// per-field validation errors (schema `rates`: prefix integer, rate_cost number >= 0, ...).
import type { ValidationErrors } from '@tollgate/errors';
import { isNonNegativeNumber } from './exact-amount';
import { buildRateDoc, DIRECTIONS, type Direction, type RateDoc, type RateInput } from './rate-doc';
import { isLimitedField, MAX_EXTRA_FIELD_JSON_LENGTH, MAX_EXTRA_FIELDS, RATE_FIELD_LIMITS } from './rate-field-limits';
import { ratedeckIdProblem } from './ratedeck-id';

export type JsonRateResult = { ok: true; rate: RateDoc } | { ok: false; errors: ValidationErrors };

type Rule = (value: unknown) => { rule: string; detail: { message: string; [k: string]: unknown } } | undefined;

const typeRule =
  (type: 'integer' | 'number' | 'string' | 'array'): Rule =>
  (value) => {
    const ok =
      type === 'integer'
        ? Number.isSafeInteger(value)
        : type === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : type === 'string'
            ? typeof value === 'string'
            : Array.isArray(value);
    return ok ? undefined : { rule: 'type', detail: { message: `Value did not match type(s): ${type}`, target: type, value } };
  };

const minimum =
  (min: number): Rule =>
  (value) =>
    typeof value === 'number' && value < min ? { rule: 'minimum', detail: { message: `Value must be at least ${min}`, target: min, value } } : undefined;

const maximum =
  (max: number): Rule =>
  (value) =>
    typeof value === 'number' && value > max ? { rule: 'maximum', detail: { message: `Value must be at most ${max}`, target: max, value } } : undefined;

const stringItems: Rule = (value) =>
  Array.isArray(value) && !value.every((v) => typeof v === 'string')
    ? { rule: 'items', detail: { message: 'Value did not match type(s): string', target: 'string', value } }
    : undefined;

const FIELD_RULES: Readonly<Record<string, Rule[]>> = {
  prefix: [typeRule('integer'), minimum(1)],
  rate_cost: [typeRule('number'), minimum(0)],
  internal_rate_cost: [typeRule('number'), minimum(0)],
  rate_surcharge: [typeRule('number'), minimum(0)],
  rate_increment: [typeRule('integer'), minimum(1)],
  rate_minimum: [typeRule('integer'), minimum(0)],
  rate_nocharge_time: [typeRule('integer'), minimum(0)],
  weight: [typeRule('integer'), minimum(1), maximum(100)],
  account_id: [typeRule('string')],
  carrier: [typeRule('string')],
  description: [typeRule('string')],
  iso_country_code: [typeRule('string')],
  rate_name: [typeRule('string')],
  rate_suffix: [typeRule('string')],
  rate_version: [typeRule('string')],
  ratedeck_id: [typeRule('string')],
  routes: [typeRule('array'), stringItems],
  options: [typeRule('array'), stringItems],
  caller_id_numbers: [typeRule('array'), stringItems],
};

const KNOWN = new Set([...Object.keys(FIELD_RULES), 'direction', 'id', '_id', 'internal_surcharge']);

type FieldErrors = ValidationErrors[string];

/** Kazoo's maxLength / maxItems errors; the oversized value is not echoed back. */
function sizeError(field: string, value: unknown): FieldErrors | undefined {
  if (!isLimitedField(field)) return undefined;
  const limit: { maxLength: number; maxItems?: number } = RATE_FIELD_LIMITS[field];
  if (typeof value === 'string' && value.length > limit.maxLength) {
    return { maxLength: { message: `String must not be more than ${limit.maxLength} characters`, target: limit.maxLength, length: value.length } };
  }
  if (!Array.isArray(value)) return undefined;
  if (limit.maxItems !== undefined && value.length > limit.maxItems) {
    return { maxItems: { message: `The list is more than ${limit.maxItems} items`, target: limit.maxItems, length: value.length } };
  }
  const long = value.findIndex((item) => typeof item === 'string' && item.length > limit.maxLength);
  if (long < 0) return undefined;
  return { maxLength: { message: `String must not be more than ${limit.maxLength} characters (item ${long})`, target: limit.maxLength, length: value[long].length } };
}

/** Public fields that are not rate fields are kept, within bounds. */
function extraFieldErrors(d: Record<string, unknown>, errors: ValidationErrors): void {
  const extras = Object.keys(d).filter((k) => !KNOWN.has(k) && !k.startsWith('pvt_') && !k.startsWith('_'));
  if (extras.length > MAX_EXTRA_FIELDS) {
    errors.data = {
      maxProperties: { message: `at most ${MAX_EXTRA_FIELDS} fields that are not rate fields are kept, got ${extras.length}`, target: MAX_EXTRA_FIELDS },
    };
    return;
  }
  for (const key of extras) {
    const length = JSON.stringify(d[key])?.length ?? 0;
    if (length > MAX_EXTRA_FIELD_JSON_LENGTH) {
      errors[key] = {
        maxLength: { message: `Value must not be more than ${MAX_EXTRA_FIELD_JSON_LENGTH} characters as JSON`, target: MAX_EXTRA_FIELD_JSON_LENGTH, length },
      };
    }
  }
}

function directionOf(value: unknown): Direction[] | undefined {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((d) => (DIRECTIONS as readonly unknown[]).includes(d))) return undefined;
  return [...new Set(list as Direction[])];
}

/** Validates and builds; `id` is the rate id from the URL for POST, when there is one. */
export function rateFromJson(data: unknown, id?: string): JsonRateResult {
  const errors: ValidationErrors = {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, errors: { data: { type: { message: 'Value did not match type(s): object', target: 'object' } } } };
  }
  const d = data as Record<string, unknown>;
  // null is missing, as kz_json drops nulls (a null rate_cost used to reach the store and fail there).
  for (const f of ['prefix', 'rate_cost']) if (d[f] === undefined || d[f] === null) errors[f] = { required: { message: 'Field is required but missing' } };
  for (const [field, rules] of Object.entries(FIELD_RULES)) {
    const value = d[field];
    if (value === undefined || value === null) continue;
    for (const rule of rules) {
      const problem = rule(value);
      if (problem) {
        errors[field] = { [problem.rule]: problem.detail };
        break;
      }
    }
  }
  for (const field of Object.keys(RATE_FIELD_LIMITS)) {
    const value = field === 'id' ? (id ?? d.id) : d[field];
    const problem = errors[field] === undefined ? sizeError(field, value) : undefined;
    if (problem) errors[field] = problem;
  }
  extraFieldErrors(d, errors);
  if (d.direction !== undefined && errors.direction === undefined && directionOf(d.direction) === undefined) {
    errors.direction = { enum: { message: 'Value not found in enumerated list of values', target: [...DIRECTIONS], value: d.direction } };
  }
  if (typeof d.ratedeck_id === 'string' && errors.ratedeck_id === undefined && ratedeckIdProblem(d.ratedeck_id)) {
    errors.ratedeck_id = { pattern: { message: ratedeckIdProblem(d.ratedeck_id) as string, value: d.ratedeck_id } };
  }
  if (typeof d.account_id === 'string' && errors.account_id === undefined && !/^[0-9a-f]{32}$/.test(d.account_id)) {
    errors.account_id = { pattern: { message: 'Failed to match pattern \'^[0-9a-f]{32}$\'', target: '^[0-9a-f]{32}$', value: d.account_id } };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (!KNOWN.has(k) && !k.startsWith('pvt_') && !k.startsWith('_')) extra[k] = v;
  const pick = <T>(k: string) => (d[k] === undefined || d[k] === null ? undefined : (d[k] as T));
  const input: RateInput = {
    _id: id ?? pick<string>('id'),
    prefix: d.prefix as number,
    rate_cost: d.rate_cost as number,
    account_id: pick('account_id'),
    caller_id_numbers: pick('caller_id_numbers'),
    carrier: pick('carrier'),
    description: pick('description'),
    direction: d.direction === undefined ? undefined : directionOf(d.direction),
    internal_rate_cost: pick('internal_rate_cost'),
    internal_surcharge: isNonNegativeNumber(d.internal_surcharge) ? d.internal_surcharge : undefined,
    iso_country_code: pick('iso_country_code'),
    options: pick('options'),
    rate_increment: pick('rate_increment'),
    rate_minimum: pick('rate_minimum'),
    rate_name: pick('rate_name'),
    rate_nocharge_time: pick('rate_nocharge_time'),
    rate_suffix: pick('rate_suffix'),
    rate_surcharge: pick('rate_surcharge'),
    rate_version: pick('rate_version'),
    ratedeck_id: pick('ratedeck_id'),
    routes: pick('routes'),
    weight: pick('weight'),
    extra,
  };
  return { ok: true, rate: buildRateDoc(input, { emptyRoutesGetDefault: true }) };
}

/** The public JSON of a rate doc (kz_doc:public_fields + id). */
export function publicRate(doc: RateDoc | Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_') && !k.startsWith('pvt_')) out[k] = v;
  if (typeof doc._id === 'string') out.id = doc._id;
  return out;
}
