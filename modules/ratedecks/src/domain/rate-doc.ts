// A rate as stored in a ratedeck database, in Kazoo's kzd_rates shape, and how one is built from
// validated input (kzd_rates:from_map + kt_rates validate_row).
import { constrainWeight, defaultRoute, generateRateName, generateWeight, RATE_TYPE, rateId } from './rate-rules';

export type Direction = 'inbound' | 'outbound';
export const DIRECTIONS: readonly Direction[] = ['inbound', 'outbound'];

/** Validated rate fields, before Kazoo's defaults are applied. */
export interface RateInput {
  _id?: string;
  prefix: number;
  rate_cost: number;
  account_id?: string;
  caller_id_numbers?: string[];
  carrier?: string;
  description?: string;
  direction?: Direction[];
  internal_rate_cost?: number;
  internal_surcharge?: number;
  iso_country_code?: string;
  options?: string[];
  rate_increment?: number;
  rate_minimum?: number;
  rate_name?: string;
  rate_nocharge_time?: number;
  rate_suffix?: string;
  rate_surcharge?: number;
  rate_version?: string;
  ratedeck_id?: string;
  routes?: string[];
  weight?: number;
  /** Other public fields a JSON client sent (kept, as crossbar_doc does). */
  extra?: Record<string, unknown>;
}

/** The stored document. `pvt_*` bookkeeping is added by whoever saves it. */
export interface RateDoc {
  _id: string;
  _rev?: string;
  pvt_type: 'rate';
  prefix: number;
  rate_cost: number;
  rate_name: string;
  weight: number;
  routes: string[];
  account_id?: string;
  caller_id_numbers?: string[];
  carrier?: string;
  description?: string;
  direction?: Direction[];
  iso_country_code?: string;
  options?: string[];
  rate_increment?: number;
  rate_minimum?: number;
  rate_nocharge_time?: number;
  rate_suffix?: string;
  rate_surcharge?: number;
  rate_version?: string;
  ratedeck_id?: string;
  /** Internal (carrier) cost, dollars; used for weight and Pvt-Cost (kzd_rates private_cost). */
  pvt_internal_rate_cost?: number;
  pvt_rate_cost?: number;
  pvt_rate_surcharge?: number;
  pvt_deleted?: boolean;
  [key: string]: unknown;
}

export interface BuildOptions {
  /** cb_rates (JSON): an empty routes list gets the default route too; a CSV's explicit [] is kept. */
  emptyRoutesGetDefault?: boolean;
}

const COPIED = [
  'account_id',
  'caller_id_numbers',
  'carrier',
  'description',
  'direction',
  'iso_country_code',
  'options',
  'rate_increment',
  'rate_minimum',
  'rate_nocharge_time',
  'rate_suffix',
  'rate_surcharge',
  'rate_version',
  'ratedeck_id',
] as const;

export function buildRateDoc(input: RateInput, opts: BuildOptions = {}): RateDoc {
  const routes =
    input.routes === undefined || (input.routes.length === 0 && opts.emptyRoutesGetDefault) ? [defaultRoute(input.prefix)] : [...input.routes];
  const doc: RateDoc = {
    ...(input.extra ?? {}),
    _id: input._id ?? rateId(input.prefix, input.iso_country_code, input.rate_suffix),
    pvt_type: RATE_TYPE,
    prefix: input.prefix,
    rate_cost: input.rate_cost,
    rate_name: input.rate_name ?? generateRateName(input.prefix, input.iso_country_code, input.direction),
    weight: input.weight !== undefined ? constrainWeight(input.weight) : generateWeight(input.prefix, input.rate_cost, input.internal_rate_cost),
    routes,
  };
  for (const key of COPIED) {
    const value = input[key];
    if (value !== undefined) (doc as Record<string, unknown>)[key] = value;
  }
  if (input.internal_rate_cost !== undefined) {
    doc.pvt_internal_rate_cost = input.internal_rate_cost;
    doc.pvt_rate_cost = input.internal_rate_cost;
  }
  if (input.internal_surcharge !== undefined) doc.pvt_rate_surcharge = input.internal_surcharge;
  return doc;
}

/** Why a rate would never be chosen for any number (Kazoo imports such rates silently). */
export function routeWarnings(routes: readonly string[]): string[] {
  if (routes.length === 0) return ['routes is an empty list, so this rate never matches a number'];
  const out: string[] = [];
  routes.forEach((r, i) => {
    try {
      new RegExp(r);
    } catch {
      out.push(`routes[${i}] ${JSON.stringify(r)} is not a valid regular expression, so it never matches`);
    }
  });
  return out;
}

export function isRateDoc(doc: unknown): doc is RateDoc {
  return typeof doc === 'object' && doc !== null && (doc as { pvt_type?: unknown }).pvt_type === RATE_TYPE;
}
