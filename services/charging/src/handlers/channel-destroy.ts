// The CHANNEL_DESTROY consumer (Kazoo's jonny5_listener and cdr_listener bindings on `callevt`
// `call.CHANNEL_DESTROY.*`): an invalid message is logged and dropped; a valid one joins the next
// batch, and its delivery is held (unacknowledged) until that batch is written, so a process
// killed meanwhile leaves it to be redelivered and charged — once, the ids being deterministic.
import { CHANNEL_DESTROY, callEvent, type MessageHandler } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import type { Batcher } from './channel-destroy-batcher';

const log = createLogger('charging');

/** The shared queue every charging instance takes finished calls from. */
export const CHANNEL_DESTROY_QUEUE = 'cdr_listener';
/**
 * Deliveries held per consumer: the most calls one batch can gather while the previous one is
 * being written.
 */
export const CHANNEL_DESTROY_PREFETCH = 1000;
/** Calls per `_bulk_docs` batch at most. */
export const CHANNEL_DESTROY_BATCH = 500;
/**
 * The queue outlives 30 days without a consumer (`x-expires`; other work queues go after an hour):
 * finished calls published while no charging instance runs wait to be charged. Its messages never
 * expire (no `x-message-ttl`).
 */
export const CHANNEL_DESTROY_QUEUE_EXPIRY_MS = 30 * 24 * 3600 * 1000;

export function channelDestroyHandler(batcher: Batcher<Record<string, unknown>>): MessageHandler {
  return (msg) => {
    const valid = callEvent.validate(msg);
    if (!valid.ok || valid.msg['Event-Name'] !== CHANNEL_DESTROY) {
      log.warn('dropping an invalid CHANNEL_DESTROY', { errors: valid.ok ? [`Event-Name ${JSON.stringify(valid.msg['Event-Name'])}`] : valid.errors, msgId: msg['Msg-ID'], callId: msg['Call-ID'] });
      return;
    }
    return batcher.push(valid.msg);
  };
}
