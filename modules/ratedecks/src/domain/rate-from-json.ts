// A rate sent as JSON to crossbar (PUT/POST/PATCH /v2/rates) -> the document, or Kazoo's
// per-field validation errors: the `rates` schema of @tollgate/schemas, through its one mapper.
import type { ValidationErrors } from '@tollgate/errors';
import { ratesSchema, schemaValidator } from '@tollgate/schemas';
import { isNonNegativeNumber } from './exact-amount';
import { buildRateDoc, type Direction, type RateDoc, type RateInput } from './rate-doc';

export type JsonRateResult = { ok: true; rate: RateDoc } | { ok: false; errors: ValidationErrors };

/** Fields of a rate body that are not kept as extra fields. */
const RATE_FIELDS: ReadonlySet<string> = new Set(Object.keys(ratesSchema.properties));

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPrivate(key: string): boolean {
  return key.startsWith('_') || key.startsWith('pvt_');
}

/** The body as kz_json reads it: null is missing (a null rate_cost is "required", not a type error). */
function withoutNulls(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (v !== null) out[k] = v;
  return out;
}

function directionOf(value: unknown): Direction[] | undefined {
  if (value === undefined) return undefined;
  return [...new Set((typeof value === 'string' ? [value] : value) as Direction[])];
}

/** The validated body -> the rate's input; unknown public fields are kept (as crossbar_doc does). */
function inputOf(d: Record<string, unknown>, id: string | undefined): RateInput {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (!RATE_FIELDS.has(k) && !isPrivate(k)) extra[k] = v;
  const pick = <T>(k: string) => d[k] as T | undefined;
  return {
    _id: id ?? pick<string>('id'),
    prefix: d.prefix as number,
    rate_cost: d.rate_cost as number,
    account_id: pick('account_id'),
    caller_id_numbers: pick('caller_id_numbers'),
    carrier: pick('carrier'),
    description: pick('description'),
    direction: directionOf(d.direction),
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
}

/** Validates and builds; `id` is the rate id from the URL (POST, PATCH), which wins over the body's. */
export function rateFromJson(data: unknown, id?: string): JsonRateResult {
  const body = isObject(data) ? withoutNulls(data) : undefined;
  const checked = schemaValidator().check('rates', body === undefined ? data : { ...body, ...(id === undefined ? {} : { id }) });
  if (!checked.ok) return checked;
  return { ok: true, rate: buildRateDoc(inputOf(body ?? {}, id), { emptyRoutesGetDefault: true }) };
}
