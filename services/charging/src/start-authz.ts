// Authorizing calls (Kazoo's jonny5_listener + j5_channels): the shared `jonny5_listener` queue on
// callmgr `authz.authorize` / `authz.balance_check`, the running calls (loaded from `active_calls`,
// kept current from the instance's own feed, forgotten after `jonny5` `active_call_max_age_s`), the
// limits cache and the balance cache shared with the charging of finished calls. Wiring only; the
// rules are @tollgate/calls'.
import { ActiveCalls, ActiveCallsStore, LimitsCache, startAuthzSettings, startLimitDefaults } from '@tollgate/calls';
import { AUTHZ_EXCHANGE, AUTHZ_REQ_ROUTING_KEY, BALANCE_CHECK_ROUTING_KEY, RATE_NUMBER_TIMEOUT_MS } from '@tollgate/kazoo-bus';
import type { BalanceCache } from '@tollgate/ledger';
import { createLogger } from '@tollgate/log';
import { lookupNumberAccount, normalizeOptionsOf, numbersSettings } from '@tollgate/numbers';
import { metricsOf, type ServiceDeps } from '@tollgate/service-kit';
import { startFeed } from './handlers/active-calls-feed';
import { CallRestrictions } from './handlers/call-restrictions';
import { CallsAnnouncer } from './handlers/calls-announcer';
import { AUTHZ_PREFETCH, AUTHZ_QUEUE, AUTHZ_REQUEST_TTL_MS, authzHandler } from './handlers/authz-req';
import { withAuthzMetrics } from './handlers/authz-metrics';
import { accountFacts } from './handlers/channel-destroy-accounts';
import { busRateLookup, type RateLookup } from './handlers/channel-destroy-rates';

const log = createLogger('charging');

/** How often calls past their max age are forgotten. */
const EXPIRE_EVERY_MS = 30_000;

export interface AuthzOptions {
  /** The balance cache of the charging of finished calls (startCharging's): one figure for both. */
  balances: BalanceCache;
  /** How a call's rate is asked when the request carries none (default: rating over the bus). */
  rates?: RateLookup;
}

export interface RunningAuthz {
  /** The running calls as this instance sees them. */
  calls: ActiveCalls;
  stop(): Promise<void>;
}

export async function startAuthz(deps: ServiceDeps, opts: AuthzOptions): Promise<RunningAuthz> {
  const settings = await startAuthzSettings(deps.config);
  const defaults = await startLimitDefaults(deps.config);
  const stopSettings = () => {
    settings.stop();
    defaults.stop();
  };
  const calls = new ActiveCalls(() => settings.current.activeCallMaxAgeS * 1000);
  const store = new ActiveCallsStore({ couch: deps.couch, instance: `${deps.node}-${deps.bus.serverId}`, calls: () => calls.all() });
  const limits = new LimitsCache({ couch: deps.couch, defaults: () => defaults.current });
  const announcer = new CallsAnnouncer(deps.bus);
  const restrictions = new CallRestrictions({ couch: deps.couch, config: deps.config });
  const consumers: { cancel(): Promise<void> }[] = [];
  let expiry: NodeJS.Timeout | undefined;
  try {
    // The feed first, so nothing that happens while the table loads is missed.
    consumers.push(await startFeed({ bus: deps.bus, calls, store, limits, balances: opts.balances, restrictions }));
    let loaded = 0;
    for (const call of await store.load(settings.current.activeCallMaxAgeS * 1000)) {
      if (!calls.has(call.callId) && calls.authorized(call)) loaded++;
    }
    calls.expire(Date.now());
    store.changed();
    store.start();
    log.info('running calls loaded', { calls: loaded, db: 'active_calls' });
    expiry = setInterval(() => {
      if (calls.expire(Date.now()).length > 0) store.changed();
    }, EXPIRE_EVERY_MS);
    expiry.unref();
    const accounts = accountFacts(deps);
    consumers.push(
      await deps.bus.consume(
        {
          queue: AUTHZ_QUEUE,
          prefetch: AUTHZ_PREFETCH,
          messageTtlMs: AUTHZ_REQUEST_TTL_MS,
          bindings: [
            { exchange: AUTHZ_EXCHANGE, routingKey: AUTHZ_REQ_ROUTING_KEY },
            { exchange: AUTHZ_EXCHANGE, routingKey: BALANCE_CHECK_ROUTING_KEY },
          ],
        },
        withAuthzMetrics(
          metricsOf(deps),
          authzHandler({
          bus: deps.bus,
          limits,
          balances: opts.balances,
          calls,
          store,
          announcer,
          resellerOf: accounts.resellerOf,
          rates: opts.rates ?? busRateLookup(deps.bus, Math.min(RATE_NUMBER_TIMEOUT_MS, 1000)),
          settings: () => settings.current,
          restrictions,
          numberAccount: async (number) => lookupNumberAccount(deps.couch, number, normalizeOptionsOf((await numbersSettings(deps.config)).current)),
        }),
        ),
      ),
    );
  } catch (err) {
    if (expiry) clearInterval(expiry);
    await Promise.allSettled(consumers.map((c) => c.cancel()));
    await store.stop().catch(() => undefined);
    stopSettings();
    throw err;
  }
  log.info('authorizing calls from callmgr authz.authorize and authz.balance_check', { queue: AUTHZ_QUEUE });
  return {
    calls,
    stop: async () => {
      if (expiry) clearInterval(expiry);
      await Promise.allSettled(consumers.map((c) => c.cancel()));
      await announcer.flush();
      await store.stop();
      stopSettings();
    },
  };
}
