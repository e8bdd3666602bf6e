// An authz_req as jonny5 reads it (j5_request:from_jobj): who the call is for (the CCVs' Account-ID
// and Reseller-ID), how the switch marked its billing, its direction, the number it goes to, and
// the rate the switch already has for it (rate CCVs, when ecallmgr rated the call first).
import type { KazooMessage } from '@tollgate/kazoo-bus';
import { isAccountId } from '@tollgate/kazoo-db';
import type { CallRate } from '@tollgate/money';
import { toDecimal, UNITS_PER_DOLLAR } from '@tollgate/money';
import { DEFAULT_BILLING } from '../charge/finished-call';

export type Direction = 'inbound' | 'outbound';

/** A call's rate as jonny5 prices a running call: @tollgate/money's CallRate and the discount. */
export interface ActiveRate {
  rate: CallRate;
  discountPercent: number;
}

export interface AuthzRequest {
  callId: string;
  otherLegCallId?: string;
  direction: Direction;
  accountId?: string;
  resellerId?: string;
  /** CCV `Account-Billing`, default `limits_enforced`. */
  accountBilling: string;
  resellerBilling: string;
  /** CCV E164-Destination, else Original-Number, else the user part of `Request` (j5_request:request_number). */
  number: string;
  /** The rate CCVs (`Rate`, `Rate-Increment`, … in Kazoo units), when the switch sent them. */
  rate?: ActiveRate;
  ccvs: Record<string, unknown>;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function wholeOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

const dollarsOfUnits = (units: number) => toDecimal(units).dividedBy(UNITS_PER_DOLLAR).toFixed();

const RATE_KEYS = ['Rate', 'Rate-Increment', 'Rate-Minimum', 'Rate-NoCharge-Time', 'Surcharge', 'Discount-Percentage'] as const;
/** Rates read before, by their CCV text: a platform has few distinct rates, and each is read once. */
const readRates = new Map<string, ActiveRate | undefined>();
const READ_RATES_MAX = 10_000;

/** The rate CCVs in units (kapps_call_util's names); undefined without a readable `Rate`. */
export function ccvRateOf(ccvs: Record<string, unknown>): ActiveRate | undefined {
  if (ccvs.Rate === undefined) return undefined;
  const key = RATE_KEYS.map((k) => String(ccvs[k] ?? '')).join('|');
  if (readRates.has(key)) return readRates.get(key);
  const rate = wholeOf(ccvs.Rate);
  const read: ActiveRate | undefined =
    rate === undefined
      ? undefined
      : {
          rate: {
            costPerMinute: dollarsOfUnits(rate),
            incrementSeconds: wholeOf(ccvs['Rate-Increment']) ?? 60,
            minimumSeconds: wholeOf(ccvs['Rate-Minimum']) ?? 0,
            noChargeSeconds: wholeOf(ccvs['Rate-NoCharge-Time']) ?? 0,
            surcharge: dollarsOfUnits(wholeOf(ccvs.Surcharge) ?? 0),
          },
          discountPercent: Math.min(100, wholeOf(ccvs['Discount-Percentage']) ?? 0),
        };
  if (readRates.size >= READ_RATES_MAX) readRates.clear();
  readRates.set(key, read);
  return read;
}

const ccvsOfRate = new WeakMap<ActiveRate, Record<string, string>>();

/** The rate CCVs a rate is sent back with (units, as the switch sets them after rating). */
export function rateCcvsOf(r: ActiveRate): Record<string, string> {
  const known = ccvsOfRate.get(r);
  if (known) return known;
  const units = (d: unknown) => toDecimal(d as string).times(UNITS_PER_DOLLAR).toDecimalPlaces(0).toFixed();
  const ccvs = {
    Rate: units(r.rate.costPerMinute),
    'Rate-Increment': String(r.rate.incrementSeconds),
    'Rate-Minimum': String(r.rate.minimumSeconds),
    'Rate-NoCharge-Time': String(r.rate.noChargeSeconds),
    Surcharge: units(r.rate.surcharge),
    'Discount-Percentage': String(r.discountPercent),
  };
  ccvsOfRate.set(r, ccvs);
  return ccvs;
}

function userPart(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const user = uri.replace(/^sips?:/, '').split('@')[0];
  return user === '' ? undefined : user;
}

/** A valid authz_req (kapi_authz) read as j5_request:from_jobj does. */
export function authzRequestOf(msg: KazooMessage): AuthzRequest {
  const ccvs = (msg['Custom-Channel-Vars'] ?? {}) as Record<string, unknown>;
  const accountId = text(ccvs['Account-ID']);
  const resellerId = text(ccvs['Reseller-ID']);
  return {
    callId: String(msg['Call-ID']),
    otherLegCallId: text(msg['Other-Leg-Call-ID']),
    direction: msg['Call-Direction'] === 'inbound' ? 'inbound' : 'outbound',
    accountId: accountId && isAccountId(accountId) ? accountId : undefined,
    resellerId: resellerId && isAccountId(resellerId) ? resellerId : undefined,
    accountBilling: text(ccvs['Account-Billing']) ?? DEFAULT_BILLING,
    resellerBilling: text(ccvs['Reseller-Billing']) ?? DEFAULT_BILLING,
    number: text(ccvs['E164-Destination']) ?? text(ccvs['Original-Number']) ?? userPart(text(msg.Request)) ?? '',
    rate: ccvRateOf(ccvs),
    ccvs,
  };
}
