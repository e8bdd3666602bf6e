// The request/reply conventions shared by both bus implementations.
import { BusError } from './bus-error';
import { newMsgId } from './ids';
import type { PendingRpcs } from './pending-rpcs';
import type { Bus, KazooMessage } from './types';

/** kz_amqp_worker:call: the request carries our queue as Server-ID and a Msg-ID. */
function rpcRequest(request: KazooMessage, serverId: string): { msg: KazooMessage; msgId: string } {
  const given = request['Msg-ID'];
  const msgId = typeof given === 'string' && given !== '' ? given : newMsgId();
  return { msg: { ...request, 'Server-ID': serverId, 'Msg-ID': msgId }, msgId };
}

/** Where a reply goes and what it carries: the request's Msg-ID always, its Call-ID when the reply has none. */
function replyMessage(request: KazooMessage, payload: KazooMessage): { routingKey: string; msg: KazooMessage } {
  const serverId = request['Server-ID'];
  if (typeof serverId !== 'string' || serverId === '') {
    throw new BusError('invalid_message', 'cannot reply: the request has no Server-ID');
  }
  const msg: KazooMessage = { ...payload, 'Msg-ID': request['Msg-ID'] };
  if (request['Call-ID'] !== undefined && msg['Call-ID'] === undefined) msg['Call-ID'] = request['Call-ID'];
  return { routingKey: serverId, msg };
}

/** A bus's publish, rpc and reply, written once for both implementations over their own `send`. */
export function sendingMethods(
  serverId: string,
  pending: PendingRpcs,
  send: (exchange: string, routingKey: string, msg: KazooMessage) => void,
): Pick<Bus, 'publish' | 'rpc' | 'reply'> {
  return {
    publish(exchange, routingKey, payload) {
      try {
        send(exchange, routingKey, payload);
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err);
      }
    },
    rpc(exchange, routingKey, request, rpcOptions) {
      const { msg, msgId } = rpcRequest(request, serverId);
      const reply = pending.wait(msgId, rpcOptions.timeoutMs, rpcOptions.accept, `${exchange} ${routingKey}`);
      try {
        send(exchange, routingKey, msg);
      } catch (err) {
        pending.forget(msgId, err instanceof Error ? err : new Error(String(err)));
      }
      return reply;
    },
    reply(request, payload) {
      try {
        const { routingKey, msg } = replyMessage(request, payload);
        send('targeted', routingKey, msg);
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err);
      }
    },
  };
}
