// DID fees (seed 003, "DID and FAX Access"): what a reseller charges its clients for their DIDs —
// a one-time setup fee when a number enters service, a monthly fee per number, a per-minute rate
// for incoming calls on it. Kept in a `did_fees` doc in the account db:
//   {"_id": "did_fees", "client_defaults": {<fees>},            on a reseller: its clients' defaults
//    "setup_fee", "monthly_fee", "per_minute", "increment", "minimum",   this account's own override
//    "numbers": {"+15035550100": {<fees>}}}                      per number (E.164)
// A fee of a client's number is the number's, else the client's, else its reseller's
// client_defaults; each field on its own. Pure, but for the doc reads in did-fees-store.ts.
import type { Doc } from '@tollgate/kazoo-db';
import type { ServicePlanDoc } from '../plan/types';

export const DID_FEES_DOC_ID = 'did_fees';
/** The plan category (and quantity category) of DID monthly and setup fees, one item per number. */
export const DID_FEES_CATEGORY = 'did_fees';
/** The synthetic plan id the sync bills DID fees under. */
export const DID_FEES_PLAN_ID = 'did_fees';

export interface DidFees {
  /** Dollars, once per number entering service (the item's activation_charge). */
  setup_fee?: number;
  /** Dollars per number per month (the item's rate). */
  monthly_fee?: number;
  /** Dollars per minute of an incoming call on the number (exact decimal, number or text). */
  per_minute?: number | string;
  /** Seconds of the per-minute rate's increment (default 60). */
  increment?: number;
  /** Seconds charged at least (default 60). */
  minimum?: number;
}

export const DID_FEE_FIELDS = ['setup_fee', 'monthly_fee', 'per_minute', 'increment', 'minimum'] as const;

export interface DidFeesDoc extends Doc, DidFees {
  client_defaults?: DidFees;
  numbers?: Record<string, DidFees>;
}

/** The fees of one number of a client: the number's, else the client's, else the reseller's client_defaults, field by field. */
export function effectiveDidFees(number: string | undefined, own: DidFeesDoc | undefined, reseller: DidFeesDoc | undefined): DidFees {
  const layers: (DidFees | undefined)[] = [number ? own?.numbers?.[number] : undefined, own, reseller?.client_defaults];
  const out: DidFees = {};
  for (const f of DID_FEE_FIELDS) {
    for (const layer of layers) {
      const v = layer?.[f];
      if (v !== undefined && v !== null) {
        (out as Record<string, unknown>)[f] = v;
        break;
      }
    }
  }
  return out;
}

/**
 * The plan the sync bills an account's DIDs with (a plan of its reseller's): `did_fees.<number>`
 * per number in service, `rate` = monthly fee, `activation_charge` = setup fee — so each number's
 * monthly fee is part of the month's recurring charge, and its setup fee an activation charge when
 * its quantity goes from 0 to 1 (Kazoo's activation_charges, deterministic ids). Undefined when no
 * number has a fee.
 */
export function didFeesPlan(numbers: readonly string[], own: DidFeesDoc | undefined, reseller: DidFeesDoc | undefined): ServicePlanDoc | undefined {
  const items: Record<string, Record<string, unknown>> = {};
  for (const n of numbers) {
    const fees = effectiveDidFees(n, own, reseller);
    const item: Record<string, unknown> = { name: `DID ${n}` };
    if (typeof fees.monthly_fee === 'number' && fees.monthly_fee > 0) item.rate = fees.monthly_fee;
    if (typeof fees.setup_fee === 'number' && fees.setup_fee > 0) item.activation_charge = fees.setup_fee;
    if (item.rate !== undefined || item.activation_charge !== undefined) items[n] = item;
  }
  if (Object.keys(items).length === 0) return undefined;
  return { _id: DID_FEES_PLAN_ID, pvt_type: 'service_plan', name: 'DID fees', plan: { [DID_FEES_CATEGORY]: items } } as unknown as ServicePlanDoc;
}

const MONEY = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const DECIMAL = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0) || (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v));
const SECONDS = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 3600;

function feesProblems(prefix: string, raw: unknown, out: Record<string, Record<string, { message: string }>>): void {
  const add = (field: string, rule: string, message: string) => {
    out[field] = { ...(out[field] ?? {}), [rule]: { message } };
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add(prefix || 'did_fees', 'type', 'must be an object');
    return;
  }
  const p = (f: string) => (prefix ? `${prefix}.${f}` : f);
  const r = raw as Record<string, unknown>;
  if (r.setup_fee !== undefined && !MONEY(r.setup_fee)) add(p('setup_fee'), 'minimum', 'must be dollars, at least 0');
  if (r.monthly_fee !== undefined && !MONEY(r.monthly_fee)) add(p('monthly_fee'), 'minimum', 'must be dollars, at least 0');
  if (r.per_minute !== undefined && !DECIMAL(r.per_minute)) add(p('per_minute'), 'minimum', 'must be dollars per minute, at least 0');
  for (const f of ['increment', 'minimum'] as const) if (r[f] !== undefined && !SECONDS(r[f])) add(p(f), 'type', 'must be whole seconds, 1 to 3600');
}

/** Kazoo-shaped validation problems of a POST …/did_fees body. */
export function didFeesProblems(body: unknown): Record<string, Record<string, { message: string }>> {
  const out: Record<string, Record<string, { message: string }>> = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    out.did_fees = { type: { message: 'must be an object' } };
    return out;
  }
  const b = body as Record<string, unknown>;
  const own = Object.fromEntries(DID_FEE_FIELDS.filter((f) => b[f] !== undefined).map((f) => [f, b[f]]));
  feesProblems('', own, out);
  if (b.client_defaults !== undefined) feesProblems('client_defaults', b.client_defaults, out);
  if (b.numbers !== undefined) {
    if (typeof b.numbers !== 'object' || b.numbers === null || Array.isArray(b.numbers)) out.numbers = { type: { message: 'must be an object keyed by E.164 number' } };
    else
      for (const [n, fees] of Object.entries(b.numbers)) {
        if (!/^\+[1-9]\d{1,14}$/.test(n)) out[`numbers.${n}`] = { pattern: { message: 'must be an E.164 number (+ and digits)' } };
        feesProblems(`numbers.${n}`, fees, out);
      }
  }
  for (const k of Object.keys(b)) if (![...DID_FEE_FIELDS, 'client_defaults', 'numbers', 'id'].includes(k)) out[k] = { additionalProperties: { message: 'not a DID fees field' } };
  return out;
}
