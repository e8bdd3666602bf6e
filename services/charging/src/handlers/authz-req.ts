// authz_req and balance_check_req (Kazoo's jonny5_listener → j5_authz_req, j5_balance_check_req):
// decode, gather the account's and reseller's limits, balances and running calls, let
// @tollgate/calls decide, answer on `targeted` under the request's Server-ID. An authorized call
// (or one let through by a soft limit) joins the running calls here at once (written in the next
// `active_calls` snapshot), and is announced to the other instances (`authz.calls`, calls-announcer.ts).
// Invalid messages are logged once and dropped (acked): they never hold the queue.
import {
  type ActiveCall,
  type ActiveCalls,
  type ActiveCallsStore,
  type ActiveRate,
  type AuthzRequest,
  type AuthzSettings,
  authorizeCall,
  authzRequestOf,
  hasCredit,
  type LimitsCache,
  maxCallSeconds,
  type PartyState,
  rateCcvsOf,
} from '@tollgate/calls';
import {
  authzReq,
  authzResp,
  type Bus,
  balanceCheckReq,
  balanceCheckResp,
  type KazooMessage,
  MAX_CALL_SECONDS,
  type MessageHandler,
} from '@tollgate/kazoo-bus';
import { isAccountId } from '@tollgate/kazoo-db';
import type { BalanceCache } from '@tollgate/ledger';
import { createLogger } from '@tollgate/log';
import type { NumberAccount } from '@tollgate/numbers';
import type { CallRestrictions } from './call-restrictions';
import type { CallsAnnouncer } from './calls-announcer';
import type { RateLookup } from './channel-destroy-rates';

const log = createLogger('charging');

/** Kazoo's jonny5 queue: every charging instance takes authorization requests from it. */
export const AUTHZ_QUEUE = 'jonny5_listener';
/** A request waiting longer than this has no switch waiting for its answer (ecallmgr gives up first). */
export const AUTHZ_REQUEST_TTL_MS = 10_000;
/** Requests held per instance: the bench's 64 in flight and then some. */
export const AUTHZ_PREFETCH = 200;

export interface AuthzDeps {
  bus: Bus;
  limits: LimitsCache;
  balances: BalanceCache;
  calls: ActiveCalls;
  store: ActiveCallsStore;
  announcer: CallsAnnouncer;
  resellerOf(accountId: string): Promise<string | undefined>;
  /** The call's rate when the request carries none (rating's rate.number questions). */
  rates: RateLookup;
  settings(): AuthzSettings;
  /** call_restriction with pstn_access applied (outbound calls to a denied classification are refused). */
  restrictions: CallRestrictions;
  /** Whose a number is (knm_number:lookup_account), for a request that names no account. */
  numberAccount(number: string): Promise<NumberAccount>;
  now?: () => number;
}

async function partyOf(deps: AuthzDeps, accountId: string, nowMs: number, exclude: (string | undefined)[]): Promise<PartyState> {
  const [limits, balanceUnits] = await Promise.all([deps.limits.get(accountId), deps.balances.get(accountId)]);
  return { limits, balanceUnits, usage: deps.calls.usage(accountId, nowMs, exclude) };
}

/** j5_authz_req:trunk_usage: `inbound/outbound/twoway/burst limits/inbound flat/outbound flat in use`. */
function trunkUsage(p: PartyState | undefined): string | undefined {
  if (!p) return undefined;
  const l = p.limits;
  return `${l.inboundTrunks}/${l.outboundTrunks}/${l.twowayTrunks}/${l.burstTrunks}/${p.usage.inboundFlatRate}/${p.usage.outboundFlatRate}`;
}

async function rateOf(deps: AuthzDeps, req: AuthzRequest, accountId: string): Promise<ActiveRate | undefined> {
  if (req.rate) return req.rate;
  if (req.number === '') return undefined;
  const [exact] = await deps.rates([{ accountId, number: req.number, direction: req.direction, durationSeconds: 0 }]);
  if (!exact) return undefined;
  // Rating's rate.number has no no-charge time: none is assumed (never more seconds than are paid for).
  return { rate: { costPerMinute: exact.costPerMinute, surcharge: exact.surcharge, incrementSeconds: exact.increment, minimumSeconds: exact.minimum, noChargeSeconds: 0 }, discountPercent: 0 };
}

/** The answer to a call settled without weighing limits: a disabled account's, one to a local number, one call_restriction refuses. */
async function settle(
  deps: AuthzDeps,
  msg: KazooMessage,
  req: AuthzRequest,
  accountId: string,
  how: { authorized: boolean; billing: string; resellerId?: string; ccvs?: Record<string, string> },
): Promise<void> {
  const resp = authzResp.build(
    {
      'Is-Authorized': String(how.authorized),
      'Account-ID': accountId,
      'Account-Billing': how.billing,
      ...(how.resellerId ? { 'Reseller-ID': how.resellerId, 'Reseller-Billing': how.billing } : {}),
      'Call-Direction': req.direction,
      'Other-Leg-Call-ID': req.otherLegCallId,
      'Soft-Limit': 'false',
      'Call-ID': req.callId,
      'Custom-Channel-Vars': { To: req.number, ...how.ccvs },
    },
    deps.bus.envelope(),
  );
  await deps.bus.reply(msg, resp);
}

/**
 * j5_authz_req:determine_account_id_from_number: a request without an account (a call from a
 * carrier to one of our numbers) is for the account the number is assigned to. Undefined when the
 * request was settled here, or is left unanswered as jonny5 leaves it (a number nobody has).
 */
async function accountOfNumber(deps: AuthzDeps, msg: KazooMessage, req: AuthzRequest): Promise<{ accountId: string; resellerId?: string } | undefined> {
  const found = await deps.numberAccount(req.number);
  if (!found.found) {
    if (found.reason === 'account_disabled' && found.accountId) {
      log.info('call to a number of a disabled account refused', { callId: req.callId, account: found.accountId });
      await settle(deps, msg, req, found.accountId, { authorized: false, billing: 'disabled', resellerId: await deps.resellerOf(found.accountId) });
    } else {
      log.info('authz_req for a number no account takes calls on; not answered', { callId: req.callId, number: req.number, reason: found.reason });
    }
    return undefined;
  }
  const resellerId = await deps.resellerOf(found.accountId);
  if (found.local && !deps.settings().authzLocalResources) {
    // j5_authz_req:allow_local_resource (ecallmgr authz_local_resources false, Kazoo's default).
    await settle(deps, msg, req, found.accountId, { authorized: true, billing: 'limits_disabled', resellerId });
    return undefined;
  }
  return { accountId: found.accountId, resellerId };
}

async function authorize(deps: AuthzDeps, msg: KazooMessage): Promise<void> {
  const asked = authzRequestOf(msg);
  // j5_authz_req:maybe_publish_authz_resp: "the channel has already been destroyed".
  if (deps.calls.isDestroyed(asked.callId)) return;
  let req = asked;
  if (!req.accountId) {
    // Kazoo tries the caller's IP first (kapps_util:get_ccvs_by_ip, registrations of devices by IP); Tollgate has no such table.
    const found = await accountOfNumber(deps, msg, req);
    if (!found) return;
    req = { ...req, accountId: found.accountId, resellerId: req.resellerId ?? found.resellerId };
  }
  const accountId = req.accountId as string;
  if (req.direction === 'outbound') {
    const denied = await deps.restrictions.deniedClassification(accountId, req.number);
    if (denied) {
      log.info('call refused by call_restriction', { callId: req.callId, account: accountId, classification: denied });
      await settle(deps, msg, req, accountId, { authorized: false, billing: 'limits_enforced', ccvs: { 'Call-Restriction': denied } });
      return;
    }
  }
  const nowMs = (deps.now ?? Date.now)();
  const exclude = [req.callId, req.otherLegCallId];
  const resellerId = req.resellerId ?? (await deps.resellerOf(accountId));
  const [account, reseller] = await Promise.all([
    partyOf(deps, accountId, nowMs, exclude),
    resellerId && resellerId !== accountId ? partyOf(deps, resellerId, nowMs, exclude) : undefined,
  ]);
  const decision = authorizeCall({ ...req, resellerId }, { account, reseller, flatRate: deps.settings().flatRate });
  const perMinute = decision.accountBilling === 'per_minute' || decision.resellerBilling === 'per_minute';
  const goesOn = decision.isAuthorized || decision.softLimit;
  const rate = goesOn && perMinute ? await rateOf(deps, req, accountId) : req.rate;
  let maxSeconds: number | undefined;
  if (decision.isAuthorized && !decision.softLimit && rate) {
    for (const p of decision.prepaid) {
      const s = maxCallSeconds(rate, p.availableUnits);
      if (s !== undefined) maxSeconds = maxSeconds === undefined ? s : Math.min(maxSeconds, s);
    }
  } else if (decision.prepaid.length > 0 && !rate) {
    log.warn('no rate for a prepaid call: no Max-Call-Seconds', { callId: req.callId, account: accountId, number: req.number });
  }
  const resp = authzResp.build(
    {
      'Is-Authorized': String(decision.isAuthorized),
      'Account-ID': accountId,
      'Account-Billing': decision.accountBilling,
      'Reseller-ID': decision.resellerId,
      'Reseller-Billing': decision.resellerBilling,
      'Call-Direction': req.direction,
      'Other-Leg-Call-ID': req.otherLegCallId,
      'Soft-Limit': String(decision.softLimit),
      'Call-ID': req.callId,
      'Custom-Channel-Vars': {
        'Account-Trunk-Usage': trunkUsage(account),
        'Reseller-Trunk-Usage': trunkUsage(reseller ?? account),
        To: req.number,
        ...(rate ? rateCcvsOf(rate) : {}),
      },
      [MAX_CALL_SECONDS]: maxSeconds,
    },
    deps.bus.envelope(),
  );
  await deps.bus.reply(msg, resp);
  if (!goesOn) return;
  const call: ActiveCall = {
    callId: req.callId,
    otherLegCallId: req.otherLegCallId,
    direction: req.direction,
    accountId,
    accountBilling: decision.accountBilling,
    resellerId: decision.resellerId,
    resellerBilling: decision.resellerBilling,
    authorizedAt: nowMs,
    rate,
  };
  if (deps.calls.authorized(call)) deps.store.changed();
  const { 'App-Name': _a, 'App-Version': _v, Node: _n, 'Server-ID': _s, 'Msg-ID': _m, 'Event-Category': _c, 'Event-Name': _e, ...fields } = resp;
  deps.announcer.add(fields);
}

async function balanceCheck(deps: AuthzDeps, msg: KazooMessage): Promise<void> {
  const nowMs = (deps.now ?? Date.now)();
  const balances: Record<string, boolean> = {};
  await Promise.all(
    (msg.Accounts as string[]).map(async (id) => {
      balances[id] = isAccountId(id) ? hasCredit(await partyOf(deps, id, nowMs, [])) : false;
    }),
  );
  await deps.bus.reply(msg, balanceCheckResp.build({ Balances: balances }, deps.bus.envelope()));
}

/** The `jonny5_listener` consumer: authz_req and balance_check_req, anything else dropped. */
export function authzHandler(deps: AuthzDeps): MessageHandler {
  return (msg) => {
    const api = msg['Event-Name'] === 'balance_check_req' ? balanceCheckReq : authzReq;
    const valid = api.validate(msg);
    if (!valid.ok) {
      log.warn('dropping an invalid authorization request', { errors: valid.errors, msgId: msg['Msg-ID'], callId: msg['Call-ID'] });
      return;
    }
    if (typeof msg['Server-ID'] !== 'string' || msg['Server-ID'] === '') {
      log.warn('dropping an authorization request with no Server-ID to answer', { msgId: msg['Msg-ID'], callId: msg['Call-ID'] });
      return;
    }
    // The original message is answered (its Server-ID and Msg-ID), the validated one read.
    const request = { ...valid.msg, 'Server-ID': msg['Server-ID'], 'Msg-ID': msg['Msg-ID'] };
    return api === balanceCheckReq ? balanceCheck(deps, request) : authorize(deps, request);
  };
}
