// kapi_authz (core/kazoo_amqp/src/api/kapi_authz.erl): call authorization. The switch (ecallmgr)
// asks on exchange `callmgr`, routing key `authz.authorize` (authz_req) or `authz.balance_check`
// (balance_check_req); the answer goes to `targeted` under the request's Server-ID with its Msg-ID.
// An authorized call's authz_resp is also broadcast on `callmgr` `authz.authorize.broadcast`, which
// every jonny5 instance follows to know the calls that are up (j5_channels).
import { defineApi } from '../api';

export const AUTHZ_EXCHANGE = 'callmgr';
/** ?KEY_AUTHZ_REQ */
export const AUTHZ_REQ_ROUTING_KEY = 'authz.authorize';
/** ?KEY_AUTHZ_BROADCAST */
export const AUTHZ_BROADCAST_ROUTING_KEY = 'authz.authorize.broadcast';
/** ?KEY_BALANCE_CHECK_REQ */
export const BALANCE_CHECK_ROUTING_KEY = 'authz.balance_check';

/**
 * Tollgate's header on authz_resp (not Kazoo's): whole seconds the caller's available prepaid
 * balance affords at this call's rate, so the switch can cut the call before the balance runs out
 * (KAZOO-4599). Absent when nothing limits the call's length (postpay, flat rate, soft limit).
 */
export const MAX_CALL_SECONDS = 'Max-Call-Seconds';

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** ?AUTHZ_REQ_HEADERS, ?OPTIONAL_AUTHZ_REQ_HEADERS, ?AUTHZ_REQ_VALUES, ?AUTHZ_REQ_TYPES. */
export const authzReq = defineApi({
  eventCategory: 'authz',
  eventName: 'authz_req',
  required: ['Call-Direction', 'Call-ID', 'Caller-ID-Name', 'Caller-ID-Number', 'From', 'Request', 'To'],
  optional: ['Custom-Application-Vars', 'Custom-Channel-Vars', 'From-Network-Addr', 'From-Network-Port', 'Other-Leg-Call-ID', 'Switch-Hostname', 'Usage'],
  // Not in kapi_authz's values, but j5_authz_req:maybe_soft_limit matches only these two.
  values: { 'Call-Direction': ['inbound', 'outbound'] },
  types: {
    To: 'string',
    From: 'string',
    'Call-ID': 'string',
    'Account-ID': 'string',
    'Caller-ID-Name': 'string',
    'Caller-ID-Number': 'string',
    Request: 'string',
    'Custom-Application-Vars': 'object',
    'Custom-Channel-Vars': 'object',
    Usage: 'object',
  },
});

/** ?AUTHZ_RESP_HEADERS, ?OPTIONAL_AUTHZ_RESP_HEADERS (plus Tollgate's Max-Call-Seconds), values and types. */
export const authzResp = defineApi({
  eventCategory: 'authz',
  eventName: 'authz_resp',
  required: ['Call-ID', 'Is-Authorized'],
  optional: ['Account-ID', 'Account-Billing', 'Reseller-ID', 'Reseller-Billing', 'Custom-Channel-Vars', 'Call-Direction', 'Soft-Limit', 'Other-Leg-Call-ID', 'Global-Resource', MAX_CALL_SECONDS],
  values: { 'Is-Authorized': ['true', 'false'], 'Global-Resource': ['true', 'false'] },
  types: {
    'Custom-Channel-Vars': 'object',
    [MAX_CALL_SECONDS]: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  },
});

/** ?BALANCE_CHECK_REQ_HEADERS: `Accounts`, a list of account ids. */
export const balanceCheckReq = defineApi({
  eventCategory: 'authz',
  eventName: 'balance_check_req',
  required: ['Accounts'],
  // kapi_authz checks is_list/1 (its TODO: "allow only ne_binaries"); Tollgate does.
  types: { Accounts: (v) => Array.isArray(v) && v.every((a) => typeof a === 'string' && a !== '') },
});

/** `Balances`: {account id: whether it has credit (j5_per_minute:maybe_credit_available with no reserve)}. */
export const balanceCheckResp = defineApi({
  eventCategory: 'authz',
  eventName: 'balance_check_resp',
  required: ['Balances'],
  types: { Balances: (v) => isObject(v) && Object.values(v as object).every((b) => typeof b === 'boolean') },
});

/**
 * Tollgate's announcement of the calls an instance let through (authorized, or on a soft limit),
 * gathered for a few milliseconds into one message on callmgr `authz.calls`: what Kazoo's jonny5
 * broadcasts one authz_resp at a time on `authz.authorize.broadcast`, for the other instances'
 * running calls. Each of `Calls` holds the authz_resp headers of one call (Call-ID,
 * Other-Leg-Call-ID, Call-Direction, Account-ID, Account-Billing, Reseller-ID, Reseller-Billing,
 * Is-Authorized, Soft-Limit, Custom-Channel-Vars with the rate CCVs).
 */
export const AUTHZ_CALLS_ROUTING_KEY = 'authz.calls';

export const authzCalls = defineApi({
  eventCategory: 'authz',
  eventName: 'calls_authorized',
  required: ['Calls'],
  types: { Calls: (v) => Array.isArray(v) && v.every((c) => isObject(c) && typeof (c as Record<string, unknown>)['Call-ID'] === 'string') },
});
