// A finished call as jonny5 reads it from CHANNEL_DESTROY (j5_request:from_jobj and the CCVs
// kapps_call_util:calculate_call reads): who pays, how it was authorized, how long it lasted
// and the rate the switch was given for it, in Kazoo units.
import type { KazooMessage } from '@tollgate/kazoo-bus';
import { gregorianNow, isAccountId } from '@tollgate/kazoo-db';

/** jonny5's billing when the CCV does not say (j5_request: `limits_enforced`). */
export const DEFAULT_BILLING = 'limits_enforced';
export const PER_MINUTE = 'per_minute';

/** The rate the switch put on the channel (CCVs, from rating's rate_resp), money in units. */
export interface CcvRate {
  /** `Rate`: units per minute. */
  rateUnits: number;
  /** `Rate-Increment` (default 60, as calculate_call). */
  increment: number;
  /** `Rate-Minimum`. */
  minimum: number;
  /** `Rate-NoCharge-Time`. */
  noCharge: number;
  /** `Surcharge`: units. */
  surchargeUnits: number;
  /** `Discount-Percentage`. */
  discountPercent: number;
  name?: string;
  description?: string;
}

export interface FinishedCall {
  callId: string;
  accountId?: string;
  resellerId?: string;
  accountBilling: string;
  resellerBilling: string;
  /** `Billing-Seconds` less the CCV `Billing-Seconds-Offset`: what is charged (may be ≤ 0). */
  billingSeconds: number;
  /** Gregorian seconds of the event (the call's end): its month places the ledger entries. */
  timestamp: number;
  /** `Duration-Seconds`, when given. */
  durationSeconds?: number;
  direction?: 'inbound' | 'outbound';
  /** The number the call was rated for (CCV E164-Destination, else Original-Number, else the Request's user part). */
  number?: string;
  to?: string;
  from?: string;
  callerIdNumber?: string;
  callerIdName?: string;
  calleeIdNumber?: string;
  calleeIdName?: string;
  resourceType?: string;
  resourceId?: string;
  accountTrunkUsage?: unknown;
  resellerTrunkUsage?: unknown;
  rate: CcvRate;
  /** CCV values that were there but not whole numbers (reported, then read as missing). */
  unreadable: string[];
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** kz_term:to_integer on a number or numeric text; undefined for anything else. */
function integerOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(v)) return Math.trunc(Number(v));
  return undefined;
}

function ccvReader(ccvs: Record<string, unknown>, unreadable: string[]) {
  return (key: string, fallback: number): number => {
    const raw = ccvs[key];
    if (raw === undefined || raw === null || raw === '') return fallback;
    const n = integerOf(raw);
    if (n === undefined) {
      unreadable.push(`${key}=${JSON.stringify(raw)}`);
      return fallback;
    }
    return n;
  };
}

function userPart(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const user = uri.replace(/^sips?:/, '').split('@')[0];
  return user === '' ? undefined : user;
}

function directionOf(v: unknown): FinishedCall['direction'] {
  return v === 'inbound' || v === 'outbound' ? v : undefined;
}

/** The call of a valid CHANNEL_DESTROY (kapi_call event); its CCVs default as jonny5's do. */
export function finishedCallOf(event: KazooMessage, now = gregorianNow()): FinishedCall {
  const ccvs = (event['Custom-Channel-Vars'] ?? {}) as Record<string, unknown>;
  const unreadable: string[] = [];
  const ccv = ccvReader(ccvs, unreadable);
  const accountId = text(ccvs['Account-ID']);
  const resellerId = text(ccvs['Reseller-ID']);
  const billing = integerOf(event['Billing-Seconds']) ?? 0;
  return {
    callId: String(event['Call-ID']),
    accountId: accountId && isAccountId(accountId) ? accountId : undefined,
    resellerId: resellerId && isAccountId(resellerId) ? resellerId : undefined,
    accountBilling: text(ccvs['Account-Billing']) ?? DEFAULT_BILLING,
    resellerBilling: text(ccvs['Reseller-Billing']) ?? DEFAULT_BILLING,
    billingSeconds: billing - ccv('Billing-Seconds-Offset', 0),
    timestamp: integerOf(event.Timestamp) ?? now,
    durationSeconds: integerOf(event['Duration-Seconds']),
    direction: directionOf(event['Call-Direction']),
    number: text(ccvs['E164-Destination']) ?? text(ccvs['Original-Number']) ?? userPart(text(event.Request)) ?? userPart(text(event['To-Uri']) ?? text(event.To)),
    to: text(event['To-Uri']) ?? text(event.To),
    from: text(event.From),
    callerIdNumber: text(event['Caller-ID-Number']),
    callerIdName: text(event['Caller-ID-Name']),
    calleeIdNumber: text(event['Callee-ID-Number']),
    calleeIdName: text(event['Callee-ID-Name']),
    resourceType: text(ccvs['Resource-Type']),
    resourceId: text(ccvs['Resource-ID']),
    accountTrunkUsage: ccvs['Account-Trunk-Usage'],
    resellerTrunkUsage: ccvs['Reseller-Trunk-Usage'],
    rate: {
      rateUnits: ccv('Rate', 0),
      increment: ccv('Rate-Increment', 60),
      minimum: ccv('Rate-Minimum', 0),
      noCharge: ccv('Rate-NoCharge-Time', 0),
      surchargeUnits: ccv('Surcharge', 0),
      discountPercent: ccv('Discount-Percentage', 0),
      name: text(ccvs['Rate-Name']),
      description: text(ccvs['Rate-Description']),
    },
    unreadable,
  };
}
