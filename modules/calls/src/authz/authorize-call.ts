// Whether a call may start (j5_authz_req, j5_hard_limit, j5_flat_rate, j5_per_minute, j5_request),
// pure: the limits, balance and running calls of the account and of its reseller come in as data.
// The account is checked first; its reseller (when another account) only once the account allows.
import type { Limits } from '../limits/limits';
import type { AccountUsage } from './active-calls';
import type { AuthzRequest, Direction } from './authz-request';

export const LIMITS_DISABLED = 'limits_disabled';
export const HARD_LIMIT = 'hard_limit';
export const FLAT_RATE = 'flat_rate';
export const FLAT_RATE_BURST = 'flat_rate_burst';

/** What the rules know of one party (the account, or its reseller). */
export interface PartyState {
  limits: Limits;
  /** transactions + ledgers, in units. */
  balanceUnits: number;
  /** Its running calls, the request's own call left out. */
  usage: AccountUsage;
}

export interface FlatRateNumbers {
  /** jonny5 `flat_rate_whitelist`: a number must match it (empty: any). */
  whitelist: string;
  /** jonny5 `flat_rate_blacklist`: a number must not match it (empty: none). */
  blacklist: string;
}

/** j5_flat_rate's ?DEFAULT_WHITELIST and ?DEFAULT_BLACKLIST. */
export const DEFAULT_FLAT_RATE_NUMBERS: FlatRateNumbers = {
  whitelist: '^\\+1\\d{10}$',
  blacklist: '^\\+1(684|264|268|242|246|441|284|345|767|809|829|849|473|671|876|664|670|787|939|869|758|784|721|868|649|340|900|800|888|877|866|855|844)\\d{7}$',
};

/** How a party let the call through on per_minute: on its balance (prepay) or its credit line (postpay). */
export type PerMinuteWay = 'prepay' | 'postpay';

export interface PrepaidParty {
  accountId: string;
  /** Balance less what its running per-minute calls will have cost (j5_per_minute's available units). */
  availableUnits: number;
}

export interface AuthzDecision {
  isAuthorized: boolean;
  /** j5_authz_req:maybe_soft_limit: refused, but the direction has a soft limit (the switch lets it through). */
  softLimit: boolean;
  accountId: string;
  accountBilling: string;
  resellerId?: string;
  resellerBilling?: string;
  /** The parties that authorized per_minute on their prepaid balance: what limits the call's length. */
  prepaid: PrepaidParty[];
}

/** knm_converters:normalize for the usual shapes: +E.164 kept, NANP 10 or 11 digits made +1…. */
export function normalizeNumber(n: string): string {
  const digits = n.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (/^\d{10}$/.test(digits)) return `+1${digits}`;
  if (/^1\d{10}$/.test(digits)) return `+${digits}`;
  if (/^011\d+$/.test(digits)) return `+${digits.slice(3)}`;
  if (/^00\d+$/.test(digits)) return `+${digits.slice(2)}`;
  return digits;
}

const compiled = new Map<string, RegExp | null>();
/** A configured pattern; null when it does not compile (then no number is eligible: trunks are not given away). */
function pattern(source: string): RegExp | null {
  let re = compiled.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source);
    } catch {
      re = null;
    }
    compiled.set(source, re);
  }
  return re;
}

/** j5_flat_rate:is_number_eligible_for_flat_rate. */
export function isFlatRateNumber(number: string, lists: FlatRateNumbers): boolean {
  const n = normalizeNumber(number);
  const white = lists.whitelist === '' ? undefined : pattern(lists.whitelist);
  const black = lists.blacklist === '' ? undefined : pattern(lists.blacklist);
  if (white === null || black === null) return false;
  return (white === undefined || white.test(n)) && (black === undefined || !black.test(n));
}

/** j5_hard_limit:should_deny, with this call counted: -1 unlimited, 0 none, else at most `limit`. */
function overLimit(limit: number, usedWithThisCall: number): boolean {
  if (limit < 0) return false;
  if (limit === 0) return true;
  return usedWithThisCall > limit;
}

/** j5_flat_rate:consume_limit: what is left over once `limit` trunks took their share of `used`. */
function consumeLimit(limit: number, used: number): number {
  if (limit === -1) return 0;
  if (limit === 0) return used;
  if (used === 0) return 0;
  return Math.max(0, used - limit);
}

/** j5_flat_rate:maybe_consume_flat_rate: flat_rate, flat_rate_burst, or undefined (trunks all in use). */
export function flatRateBilling(direction: Direction, limits: Limits, usage: AccountUsage): string | undefined {
  const inboundUsed = usage.inboundFlatRate + (direction === 'inbound' ? 1 : 0);
  const outboundUsed = usage.outboundFlatRate + (direction === 'outbound' ? 1 : 0);
  const remaining = consumeLimit(limits.twowayTrunks, consumeLimit(limits.inboundTrunks, inboundUsed) + consumeLimit(limits.outboundTrunks, outboundUsed));
  if (remaining === 0) return FLAT_RATE;
  return consumeLimit(limits.burstTrunks, remaining) === 0 ? FLAT_RATE_BURST : undefined;
}

/**
 * j5_per_minute:maybe_credit_available: the balance less the running per-minute calls' cost, less
 * the reserve, above 0 (prepay) or above −max_postpay (postpay).
 */
export function perMinuteWay(party: PartyState, reserveUnits: number): PerMinuteWay | undefined {
  const available = party.balanceUnits - party.usage.perMinuteCostUnits;
  const { limits } = party;
  if (limits.allowPrepay && available - reserveUnits > 0) return 'prepay';
  if (limits.allowPostpay && available - reserveUnits > -limits.maxPostpayUnits) return 'postpay';
  return undefined;
}

interface Step {
  authorized: boolean;
  billing: string;
  softLimit: boolean;
  way?: PerMinuteWay;
}

function softFor(direction: Direction, limits: Limits): boolean {
  return direction === 'inbound' ? limits.softLimitInbound : limits.softLimitOutbound;
}

/** One party's checks (j5_authz_req:maybe_authorize for its limits). */
function checkParty(req: AuthzRequest, party: PartyState, billing: string, flatRate: FlatRateNumbers): Step {
  const { limits, usage } = party;
  if (!limits.enabled) return { authorized: true, billing: LIMITS_DISABLED, softLimit: false };
  let step: Step;
  if (overLimit(limits.calls, usage.calls + 1) || overLimit(limits.resourceConsumingCalls, usage.resourceConsuming + 1)) {
    step = { authorized: false, billing: HARD_LIMIT, softLimit: false };
  } else {
    const flat = isFlatRateNumber(req.number, flatRate) ? flatRateBilling(req.direction, limits, usage) : undefined;
    const way = flat ? undefined : perMinuteWay(party, limits.reserveUnits);
    if (flat) step = { authorized: true, billing: flat, softLimit: false };
    else if (way) step = { authorized: true, billing: 'per_minute', softLimit: false, way };
    else step = { authorized: false, billing, softLimit: false };
  }
  // maybe_soft_limit. The call goes on: Tollgate bills it per minute, so the balance goes negative
  // (balance_management soft) instead of the call being free under a refused billing.
  if (!step.authorized && softFor(req.direction, limits)) return { authorized: false, billing: 'per_minute', softLimit: true };
  return step;
}

export interface AuthorizeInput {
  account: PartyState;
  /** The reseller's state; undefined when the account is its own reseller (or has none). */
  reseller?: PartyState;
  flatRate?: FlatRateNumbers;
}

/** j5_authz_req:maybe_account_limited then maybe_reseller_limited. `req.accountId` must be set. */
export function authorizeCall(req: AuthzRequest, input: AuthorizeInput): AuthzDecision {
  const flatRate = input.flatRate ?? DEFAULT_FLAT_RATE_NUMBERS;
  const accountId = input.account.limits.accountId;
  const account = checkParty(req, input.account, req.accountBilling, flatRate);
  const prepaid: PrepaidParty[] = [];
  const availableOf = (p: PartyState) => p.balanceUnits - p.usage.perMinuteCostUnits;
  if (account.way === 'prepay') prepaid.push({ accountId, availableUnits: availableOf(input.account) });
  const reseller = input.reseller;
  if (!reseller || reseller.limits.accountId === accountId) {
    // "channel belongs to reseller, ignoring reseller billing"
    const resellerId = reseller?.limits.accountId ?? req.resellerId;
    return {
      isAuthorized: account.authorized,
      softLimit: account.softLimit,
      accountId,
      accountBilling: account.billing,
      resellerId,
      resellerBilling: account.authorized ? LIMITS_DISABLED : req.resellerBilling,
      prepaid,
    };
  }
  const resellerId = reseller.limits.accountId;
  if (!account.authorized) {
    return { isAuthorized: false, softLimit: account.softLimit, accountId, accountBilling: account.billing, resellerId, resellerBilling: req.resellerBilling, prepaid: [] };
  }
  const r = checkParty(req, reseller, req.resellerBilling, flatRate);
  if (r.way === 'prepay') prepaid.push({ accountId: resellerId, availableUnits: availableOf(reseller) });
  return {
    isAuthorized: r.authorized,
    softLimit: r.softLimit,
    accountId,
    accountBilling: account.billing,
    resellerId,
    resellerBilling: r.billing,
    prepaid: r.authorized ? prepaid : [],
  };
}

/** j5_balance_check_req: whether the account has credit (maybe_credit_available with no reserve). */
export function hasCredit(party: PartyState): boolean {
  return perMinuteWay(party, 0) !== undefined;
}
