// hon_rater:handle_req — rate_req from a softswitch (callmgr `rate.req`) answered with rate_resp
// on `targeted` under the requester's Server-ID, and the same rate_resp broadcast on callmgr
// `rate.resp.broadcast`. Invalid requests are logged and dropped without a reply.
import { type Bus, type KazooMessage, type MessageHandler, RATE_RESP_BROADCAST_ROUTING_KEY, rateReq, rateResp } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import type { HotornotSettings } from '../config';
import { rateRespFields } from '../domain/rate-response';
import type { Rater } from '../rater';
import { isTrue, rateQueryOf, toDidOf } from './rate-query';

const log = createLogger('rating');

/** hotornot.hrl ?APP_NAME / ?APP_VERSION, as a softswitch sees them on every rate_resp. */
const APP_NAME = 'hotornot';
export const APP_VERSION = '4.0.0';

export interface RateReqHandlerDeps {
  bus: Bus;
  rater: Rater;
  settings: () => HotornotSettings;
  /** Account doc `caller_id_options.show_rate`. */
  showRate: (accountId: string) => boolean;
  discount: (accountId: string | undefined, e164: string) => Promise<unknown>;
  /** Counted per rate_req when given (the service gives them; bench/rating measures both ways). */
  metrics?: RateReqMetrics;
}

/** prom-client children bound to the service label: an increment or an observation, nothing more per request. */
export interface RateReqMetrics {
  handled: { inc(): void };
  noRate: { inc(): void };
  invalid: { inc(): void };
  /** Seconds from taking a rate_req to its answer sent. */
  latency: { observe(seconds: number): void };
}

export function hotornotEnvelope(bus: Bus): object {
  return { ...bus.envelope(), 'App-Name': APP_NAME, 'App-Version': APP_VERSION };
}

/**
 * The rate_resp rateResp.build would give — the fields are ours and already valid — built in one
 * pass: this is the hot path, and the generic build (spread, empty-value sweep, checks, copy) was a
 * fifth of its CPU. rate-req-handler.test.ts holds it to rateResp.build's output.
 */
export function rateRespMessage(bus: Bus, req: KazooMessage, fields: Record<string, unknown>): KazooMessage {
  const env = bus.envelope();
  const msg: KazooMessage = {
    'App-Name': APP_NAME,
    'App-Version': APP_VERSION,
    'Event-Category': 'rate',
    'Event-Name': 'resp',
    Node: env.Node,
    'Server-ID': env['Server-ID'],
    'Msg-ID': req['Msg-ID'],
  };
  if (req['Call-ID'] !== undefined && req['Call-ID'] !== '') msg['Call-ID'] = req['Call-ID'];
  for (const key in fields) {
    const v = fields[key];
    if (v !== undefined && v !== '') msg[key] = v;
  }
  return msg;
}

function shouldAlert(s: HotornotSettings, direction: unknown): boolean {
  const a = s.shouldPublishSystemAlert;
  if (direction === 'inbound') return a.inbound || a.both;
  if (direction === 'outbound') return a.outbound || a.both;
  return a.both;
}

export function rateReqHandler(deps: RateReqHandlerDeps): MessageHandler {
  const handle = answer(deps);
  const m = deps.metrics;
  if (!m) return handle;
  return async (msg, delivery) => {
    const began = performance.now();
    try {
      await handle(msg, delivery);
    } finally {
      m.handled.inc();
      m.latency.observe((performance.now() - began) / 1000);
    }
  };
}

function answer(deps: RateReqHandlerDeps): MessageHandler {
  const { bus } = deps;
  const envelope = hotornotEnvelope(bus);
  return async (msg) => {
    const valid = rateReq.validate(msg);
    if (!valid.ok) {
      deps.metrics?.invalid.inc();
      log.warn('dropping an invalid rate_req (no reply)', { errors: valid.errors, msgId: msg['Msg-ID'], serverId: msg['Server-ID'] });
      return;
    }
    const req: KazooMessage = valid.msg;
    const toDid = toDidOf(req, 'To-DID');
    if (typeof req['Server-ID'] !== 'string' || req['Server-ID'] === '' || toDid === undefined) {
      deps.metrics?.invalid.inc();
      log.warn('dropping a rate_req without a Server-ID to answer to or a usable To-DID', { msgId: req['Msg-ID'], toDid: req['To-DID'] });
      return;
    }
    const outcome = await deps.rater.rate(rateQueryOf(req, toDid));
    const s = deps.settings();
    if (outcome.kind === 'rated') {
      const accountId = outcome.accountId;
      const fields = rateRespFields(outcome.rate, s, {
        updateCalleeId: accountId !== undefined && deps.showRate(accountId),
        discountPercentage: await deps.discount(accountId, outcome.e164),
      });
      const resp = rateRespMessage(bus, req, fields);
      await bus.reply(req, resp);
      await bus.publish('callmgr', RATE_RESP_BROADCAST_ROUTING_KEY, resp);
      return;
    }
    deps.metrics?.noRate.inc();
    if (shouldAlert(s, req.Direction)) {
      const what = ['no', req.Direction, 'rate found for', req['From-DID'] ?? 'a call', 'to', toDid].filter(Boolean).join(' ');
      log.warn(what, { reason: outcome.reason, accountId: outcome.accountId });
    }
    if (isTrue(req['Send-Empty'])) {
      await bus.reply(req, rateResp.build({ 'Msg-ID': req['Msg-ID'] }, envelope));
    }
  };
}
