// What each charging instance follows on a queue of its own (exclusive, gone with the instance),
// so its copy of the running calls and its caches agree with every other instance's:
//  - callmgr `authz.calls`: calls other instances let through (Tollgate's batched announcement), and
//    `authz.authorize.broadcast`: those a Kazoo jonny5 on the same broker authorized (j5_channels);
//  - callevt `call.CHANNEL_DESTROY.*`: calls that ended (apart from the shared `cdr_listener`
//    queue that charges them: every instance must see every destroy);
//  - configuration doc events of `limits` docs (the limits cache), of `credit`, `debit`
//    (transactions) and `ledger` docs (the balance cache), and of `account` docs (call_restriction
//    and pstn_access): someone else changed them.
import type { ActiveCall, ActiveCalls, ActiveCallsStore, LimitsCache } from '@tollgate/calls';
import { ccvRateOf } from '@tollgate/calls';
import {
  AUTHZ_BROADCAST_ROUTING_KEY,
  AUTHZ_CALLS_ROUTING_KEY,
  AUTHZ_EXCHANGE,
  authzCalls,
  authzResp,
  type Bus,
  CALL_EVENT_EXCHANGE,
  CHANNEL_DESTROY,
  CHANNEL_DESTROY_BINDING,
  type Consumer,
  docBindingKey,
  type KazooMessage,
} from '@tollgate/kazoo-bus';
import { decodeDbName, isAccountId, parseAccountRef } from '@tollgate/kazoo-db';
import type { BalanceCache } from '@tollgate/ledger';
import type { CallRestrictions } from './call-restrictions';
import { createLogger } from '@tollgate/log';

const log = createLogger('charging');

export const BALANCE_DOC_TYPES = ['credit', 'debit', 'ledger'] as const;

export interface FeedDeps {
  bus: Bus;
  calls: ActiveCalls;
  store: ActiveCallsStore;
  limits: LimitsCache;
  balances: BalanceCache;
  restrictions: CallRestrictions;
  now?: () => number;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** j5_channels:from_jobj of a broadcast authz_resp. */
export function broadcastCallOf(msg: KazooMessage, nowMs: number): ActiveCall | undefined {
  const accountId = text(msg['Account-ID']);
  if (!accountId || (msg['Is-Authorized'] !== 'true' && msg['Soft-Limit'] !== 'true')) return undefined;
  const ccvs = (msg['Custom-Channel-Vars'] ?? {}) as Record<string, unknown>;
  return {
    callId: String(msg['Call-ID']),
    otherLegCallId: text(msg['Other-Leg-Call-ID']),
    direction: msg['Call-Direction'] === 'inbound' ? 'inbound' : 'outbound',
    accountId,
    accountBilling: text(msg['Account-Billing']) ?? 'limits_enforced',
    resellerId: text(msg['Reseller-ID']),
    resellerBilling: text(msg['Reseller-Billing']),
    authorizedAt: nowMs,
    rate: ccvRateOf(ccvs),
  };
}

/** The account a configuration doc event is about (its Account-ID, else its account or MODB db). */
export function accountOfDocEvent(msg: KazooMessage): string | undefined {
  const id = text(msg['Account-ID']) ?? parseAccountRef(decodeDbName(String(msg.Database ?? '')))?.accountId;
  return id && isAccountId(id) ? id : undefined;
}

export function feedHandler(deps: FeedDeps): (msg: KazooMessage) => void {
  const now = deps.now ?? Date.now;
  return (msg) => {
    const category = msg['Event-Category'];
    if (category === 'authz') {
      // Our own announcement: its calls are in the table since we answered.
      if (msg['Server-ID'] === deps.bus.serverId) return;
      if (msg['Event-Name'] === 'calls_authorized') {
        const valid = authzCalls.validate(msg);
        if (!valid.ok) return;
        const at = now();
        for (const c of valid.msg.Calls as KazooMessage[]) {
          const call = broadcastCallOf(c, at);
          if (call && deps.calls.authorized(call)) deps.store.changed();
        }
        return;
      }
      const valid = authzResp.validate(msg);
      const call = valid.ok ? broadcastCallOf(valid.msg, now()) : undefined;
      if (call && deps.calls.authorized(call)) deps.store.changed();
      return;
    }
    if (category === 'call_event') {
      if (msg['Event-Name'] !== CHANNEL_DESTROY || typeof msg['Call-ID'] !== 'string') return;
      if (deps.calls.destroy(msg['Call-ID'], now())) deps.store.changed();
      return;
    }
    if (category === 'configuration') {
      if (msg.Type === 'account') {
        deps.restrictions.invalidateAll();
        return;
      }
      const accountId = accountOfDocEvent(msg);
      if (!accountId) return;
      if (msg.Type === 'limits') deps.limits.invalidate(accountId);
      else deps.balances.invalidate(accountId);
    }
  };
}

/** The instance's own queue of the feed. */
export function startFeed(deps: FeedDeps): Promise<Consumer> {
  const handle = feedHandler(deps);
  return deps.bus.consume(
    {
      // Private and gone with the instance: nothing to acknowledge (one frame less per message).
      noAck: true,
      bindings: [
        { exchange: AUTHZ_EXCHANGE, routingKey: AUTHZ_CALLS_ROUTING_KEY },
        { exchange: AUTHZ_EXCHANGE, routingKey: AUTHZ_BROADCAST_ROUTING_KEY },
        { exchange: CALL_EVENT_EXCHANGE, routingKey: CHANNEL_DESTROY_BINDING },
        { exchange: 'configuration', routingKey: docBindingKey({ type: 'limits' }) },
        { exchange: 'configuration', routingKey: docBindingKey({ type: 'account' }) },
        ...BALANCE_DOC_TYPES.map((type) => ({ exchange: 'configuration', routingKey: docBindingKey({ type }) })),
      ],
    },
    (msg) => {
      try {
        handle(msg);
      } catch (err) {
        log.warn('active calls feed: message not applied', { error: (err as Error).message, event: msg['Event-Name'] });
      }
    },
  );
}
