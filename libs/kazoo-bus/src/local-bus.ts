// The in-process bus: the Bus interface over a LocalBroker, for `tollgate up` without RabbitMQ.
import { createLogger, type Logger } from '@tollgate/log';
import { BusError } from './bus-error';
import { sendingMethods } from './envelope';
import { exchangeType } from './exchanges';
import { invokeHandler, parseBody } from './handler';
import { defaultNode, newQueueName } from './ids';
import { Listeners } from './listeners';
import { type LocalBroker, type LocalSubscriber, sharedLocalBroker } from './local-broker';
import { PendingRpcs } from './pending-rpcs';
import { queueDeclaration } from './queue-declaration';
import type { Bus, Consumer, Envelope } from './types';

export interface LocalBusOptions {
  appName: string;
  appVersion: string;
  node?: string;
  /** Buses share the process-wide broker unless given one (tests isolate themselves this way). */
  broker?: LocalBroker;
  log?: Logger;
}

const DEFAULT_PREFETCH = 50;

export function createLocalBus(options: LocalBusOptions): Bus {
  const log = options.log ?? createLogger('kazoo-bus');
  const broker = options.broker ?? sharedLocalBroker();
  const node = options.node ?? defaultNode();
  const owner = Symbol('local-bus');
  const serverId = newQueueName(node);
  const envelope: Envelope = {
    'App-Name': options.appName,
    'App-Version': options.appVersion,
    Node: node,
    'Server-ID': serverId,
  };
  const pending = new PendingRpcs();
  const listeners = new Listeners((err) => log.error('bus event listener failed', { error: String(err) }));
  const cancels = new Set<() => void>();
  let closed = false;

  const replyQueue = broker.declareQueue(serverId, { owner, autoDelete: true });
  broker.bind(replyQueue, 'targeted', serverId);
  const replySubscriber: LocalSubscriber = {
    prefetch: Number.POSITIVE_INFINITY,
    inflight: 0,
    deliver(message, done) {
      done();
      const reply = parseBody(message.body, serverId, log);
      if (reply && !pending.settle(reply)) {
        log.debug('reply nobody waits for (late or duplicate)', { msgId: reply['Msg-ID'] });
      }
    },
  };
  replyQueue.subscribe(replySubscriber);

  function send(exchange: string, routingKey: string, payload: object): void {
    if (closed) throw new BusError('closed', 'the bus is closed');
    broker.publish(exchange, routingKey, JSON.stringify(payload));
  }

  return {
    mode: 'local',
    serverId,
    get connected() {
      return !closed;
    },
    envelope: () => ({ ...envelope }),


    async consume(spec, handler) {
      if (closed) throw new BusError('closed', 'the bus is closed');
      for (const b of spec.bindings) exchangeType(b.exchange);
      const name = spec.queue || newQueueName(node);
      const declared = queueDeclaration(spec);
      const queue = broker.declareQueue(name, { owner: declared.exclusive ? owner : undefined, autoDelete: declared.autoDelete });
      for (const b of spec.bindings) broker.bind(queue, b.exchange, b.routingKey);
      const subscriber: LocalSubscriber = {
        prefetch: spec.prefetch ?? DEFAULT_PREFETCH,
        inflight: 0,
        deliver(message, done) {
          const msg = parseBody(message.body, name, log);
          if (!msg) {
            done();
            return;
          }
          const delivery = { exchange: message.exchange, routingKey: message.routingKey, redelivered: false };
          invokeHandler(handler, msg, delivery, name, log, done);
        },
      };
      queue.subscribe(subscriber);
      const cancel = (): void => {
        cancels.delete(cancel);
        broker.unsubscribe(queue, subscriber);
      };
      cancels.add(cancel);
      const consumer: Consumer = {
        queue: name,
        cancel: async () => cancel(),
      };
      return consumer;
    },

    ...sendingMethods(serverId, pending, send),

    on: (event, listener) => listeners.on(event, listener),

    async close() {
      if (closed) return;
      closed = true;
      pending.rejectAll(new BusError('closed', 'the bus was closed while the rpc waited for its reply'));
      for (const cancel of [...cancels]) cancel();
      broker.unsubscribe(replyQueue, replySubscriber);
      broker.releaseOwner(owner);
    },
  };
}
