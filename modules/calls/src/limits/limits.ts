// What an account may do (Kazoo's kzd_limits read as j5_limits:create_limits does): each limit is
// the private `pvt_<key>` a reseller sets, else the public `<key>`, else the system default.
import { dollarsToUnits, type Units } from '@tollgate/money';

/** A trunk or call count: -1 unlimited, 0 none, n at most n (Kazoo's tristate_integer). */
export type Tristate = number;

export const LIMITS_DOC_ID = 'limits';

/** The `limits` doc of an account db as stored (public fields, pvt_ fields, Tollgate's balance_management). */
export type LimitsDoc = Record<string, unknown> & { _id?: string; _rev?: string };

export interface Limits {
  accountId: string;
  enabled: boolean;
  calls: Tristate;
  resourceConsumingCalls: Tristate;
  inboundTrunks: Tristate;
  outboundTrunks: Tristate;
  twowayTrunks: Tristate;
  burstTrunks: Tristate;
  allowPrepay: boolean;
  allowPostpay: boolean;
  /** How far below zero a postpaid account may go, in units (positive). */
  maxPostpayUnits: Units;
  /** Kept back from a prepaid balance for the call being authorized, in units. */
  reserveUnits: Units;
  softLimitInbound: boolean;
  softLimitOutbound: boolean;
  allotments: Record<string, unknown>;
}

/** system_config `jonny5` defaults for what an account's limits doc leaves out. */
export interface LimitDefaults {
  calls: Tristate;
  resourceConsumingCalls: Tristate;
  inboundTrunks: Tristate;
  outboundTrunks: Tristate;
  twowayTrunks: Tristate;
  burstTrunks: Tristate;
  allowPrepay: boolean;
  allowPostpay: boolean;
  maxPostpayUnits: Units;
  reserveUnits: Units;
  softLimitInbound: boolean;
  softLimitOutbound: boolean;
}

/** Kazoo's record defaults (j5_limits #limits{}) and j5_limits' reserve of DEFAULT_RATE ($0.50). */
export const KAZOO_LIMIT_DEFAULTS: LimitDefaults = {
  calls: -1,
  resourceConsumingCalls: -1,
  inboundTrunks: 0,
  outboundTrunks: 0,
  twowayTrunks: -1,
  burstTrunks: 0,
  allowPrepay: true,
  allowPostpay: false,
  maxPostpayUnits: 0,
  reserveUnits: dollarsToUnits('0.5'),
  softLimitInbound: false,
  softLimitOutbound: false,
};

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** kzd_limits:get_limit: the private value wins when it is tighter than a usable public one. */
function countLimit(doc: LimitsDoc, key: string, dflt: Tristate): Tristate {
  const pvt = doc[`pvt_${key}`];
  const pub = doc[key];
  if (isInt(pvt) && (!isInt(pub) || pub < 0 || (pvt >= 0 && pvt < pub))) return pvt;
  return isInt(pub) && pub >= 0 ? pub : dflt;
}

/**
 * kzd_limits:get_limit_integer (trunks): a private 0 forbids, a private n caps the public value.
 * Kazoo lets an unlimited (-1, or absent with twoway's default) public value win over a private
 * cap; here the private cap holds.
 */
function trunkLimit(doc: LimitsDoc, key: string, dflt: Tristate): Tristate {
  const pvt = doc[`pvt_${key}`];
  const pub = isInt(doc[key]) ? (doc[key] as number) : dflt;
  if (!isInt(pvt) || pvt < 0) return pub;
  if (pvt === 0) return 0;
  return pub < 0 ? pvt : Math.min(pvt, pub);
}

/** kzd_limits:get_limit_boolean: private, then (allow_prepay only) public, then default. */
function flag(doc: LimitsDoc, key: string, dflt: boolean, publicAllowed = false): boolean {
  const pvt = doc[`pvt_${key}`];
  if (pvt !== undefined && pvt !== null) return pvt === true || pvt === 'true';
  if (publicAllowed && doc[key] !== undefined && doc[key] !== null) return doc[key] === true || doc[key] === 'true';
  return dflt;
}

/** kzd_limits:get_limit_units: an integer is units, a fraction dollars; the sign is dropped. */
function amountUnits(doc: LimitsDoc, key: string, dflt: Units): Units {
  const v = doc[`pvt_${key}`];
  if (typeof v !== 'number' || !Number.isFinite(v)) return dflt;
  return Number.isInteger(v) ? Math.abs(v) : Math.abs(dollarsToUnits(String(v)));
}

export function limitsOf(accountId: string, doc: LimitsDoc | undefined, defaults: LimitDefaults): Limits {
  const d = doc ?? {};
  return {
    accountId,
    enabled: flag(d, 'enabled', true),
    calls: countLimit(d, 'calls', defaults.calls),
    resourceConsumingCalls: countLimit(d, 'resource_consuming_calls', defaults.resourceConsumingCalls),
    inboundTrunks: trunkLimit(d, 'inbound_trunks', defaults.inboundTrunks),
    outboundTrunks: trunkLimit(d, 'outbound_trunks', defaults.outboundTrunks),
    twowayTrunks: trunkLimit(d, 'twoway_trunks', defaults.twowayTrunks),
    burstTrunks: trunkLimit(d, 'burst_trunks', defaults.burstTrunks),
    allowPrepay: flag(d, 'allow_prepay', defaults.allowPrepay, true),
    allowPostpay: flag(d, 'allow_postpay', defaults.allowPostpay),
    maxPostpayUnits: amountUnits(d, 'max_postpay_amount', defaults.maxPostpayUnits),
    reserveUnits: amountUnits(d, 'reserve_amount', defaults.reserveUnits),
    softLimitInbound: flag(d, 'soft_limit_inbound', defaults.softLimitInbound),
    softLimitOutbound: flag(d, 'soft_limit_outbound', defaults.softLimitOutbound),
    allotments: d.allotments && typeof d.allotments === 'object' && !Array.isArray(d.allotments) ? (d.allotments as Record<string, unknown>) : {},
  };
}
