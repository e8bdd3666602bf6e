// The Bus over RabbitMQ (amqplib): one connection (amqp-connection.ts), a publish channel
// (amqp-publisher.ts), a channel per consumer (amqp-consumers.ts), an exclusive Server-ID reply
// queue for RPCs, and reconnection that rebuilds all of it under the same names.
import { createLogger, type Logger } from '@tollgate/log';
import type { Channel, ConsumeMessage } from 'amqplib';
import { AmqpConnection } from './amqp-connection';
import type { AmqpConsumer, AmqpConsumerSpec } from './amqp-consumer';
import { AmqpConsumers } from './amqp-consumers';
import { AmqpPublisher } from './amqp-publisher';
import { BusError } from './bus-error';
import { sendingMethods } from './envelope';
import { exchangeType } from './exchanges';
import { invokeHandler, parseBody } from './handler';
import { defaultNode, newQueueName } from './ids';
import { Listeners } from './listeners';
import { PendingRpcs } from './pending-rpcs';
import { isWorkQueue, queueDeclaration } from './queue-declaration';
import type { Bus, ConsumeOptions, Consumer, Envelope, MessageHandler } from './types';
import type { PlatformIdentity } from './work-queue-claim';

export interface AmqpBusOptions {
  url: string;
  appName: string;
  appVersion: string;
  node?: string;
  /** Shown in the RabbitMQ management UI; default `<appName>@<node>`. */
  connectionName?: string;
  log?: Logger;
  /** Messages kept while disconnected; beyond this publish rejects. Default 10 000. */
  maxBuffered?: number;
  /** Reconnection backoff: starts at minReconnectDelayMs (100), doubles up to maxReconnectDelayMs (5000), ±20 % jitter. */
  minReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** TCP connect + AMQP handshake limit per attempt. Default 5000. */
  connectTimeoutMs?: number;
  /**
   * The platform this process belongs to: its work queues are claimed for it, and a work queue
   * another platform consumes on the same vhost is refused (BusError 'foreign_platform').
   */
  platform?: PlatformIdentity;
}

const DEFAULT_PREFETCH = 50;
const CLOSE_FLUSH_MS = 2000;

export function createAmqpBus(options: AmqpBusOptions): Bus {
  const log = options.log ?? createLogger('kazoo-bus');
  const node = options.node ?? defaultNode();
  const serverId = newQueueName(node);
  const envelope: Envelope = { 'App-Name': options.appName, 'App-Version': options.appVersion, Node: node, 'Server-ID': serverId };
  const pending = new PendingRpcs();
  const listeners = new Listeners((err) => log.error('bus event listener failed', { error: String(err) }));

  const connection: AmqpConnection = new AmqpConnection(
    {
      url: options.url,
      log,
      connectionName: options.connectionName ?? `${options.appName}@${node}`,
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      minReconnectDelayMs: options.minReconnectDelayMs ?? 100,
      maxReconnectDelayMs: options.maxReconnectDelayMs ?? 5000,
    },
    {
      // Queues, bindings and consumers before the buffered messages go out, so that what was
      // published while disconnected finds its queues (including our own reply queue) in place.
      setUp: async (c) => {
        await publisher.open(c);
        await consumers.startAll(c);
      },
      connected: (reconnected) => {
        // The first connection is routine (a one-shot CLI verb prints nothing of it); coming back is news.
        if (reconnected) log.info(`reconnected to AMQP broker ${connection.redactedUrl}`, { serverId });
        else log.debug(`connected to AMQP broker ${connection.redactedUrl}`, { serverId });
        publisher.flush();
        listeners.emit('connected');
      },
      dropped: () => publisher.connectionLost(),
      disconnected: (err) => listeners.emit('disconnected', err),
    },
  );
  const publisher = new AmqpPublisher({ link: connection, log, maxBuffered: options.maxBuffered ?? 10_000, redactedUrl: connection.redactedUrl });
  const consumers = new AmqpConsumers({ link: connection, log, redactedUrl: connection.redactedUrl, renewClaims: options.platform !== undefined });
  consumers.createReply(replyQueueSpec(serverId), (msg) => {
    const reply = parseBody(msg.content, serverId, log);
    if (reply && !pending.settle(reply)) {
      log.debug('reply nobody waits for (late or duplicate)', { msgId: reply['Msg-ID'] });
    }
  });

  async function close(): Promise<void> {
    if (connection.closed) return;
    // A one-shot verb publishes then closes at once: what waits for its exchange's declaration
    // still goes out (bounded, so a broker that stopped answering cannot hold the close).
    if (publisher.hasUnsent) await publisher.flushBeforeClose((listener) => listeners.on('connected', listener), CLOSE_FLUSH_MS);
    connection.stopReconnecting();
    const err = new BusError('closed', 'the bus was closed');
    pending.rejectAll(err);
    consumers.failAll(err);
    const publishing = publisher.detach();
    const c = connection.detach();
    // The broker handles a channel's frames in order, so closing the publish channel first (its
    // close-ok comes after our last publish) keeps RabbitMQ from dropping what was just sent.
    if (publishing) await publishing.close().catch(() => {});
    if (c) await c.close().catch(() => {});
    await connection.idle();
  }

  connection.start();

  return {
    mode: 'amqp',
    serverId,
    get connected() {
      return connection.connected;
    },
    envelope: () => ({ ...envelope }),

    async consume(spec, handler) {
      if (connection.closed) throw new BusError('closed', 'the bus is closed');
      for (const b of spec.bindings) exchangeType(b.exchange);
      const queue = spec.queue || newQueueName(node);
      const consumer: AmqpConsumer = consumers.create(consumerSpec(options, node, spec, queue), (msg, ch) => deliver(consumer, handler, queue, log, msg, ch));
      await consumers.add(consumer);
      const result: Consumer = { queue, cancel: () => consumers.cancel(consumer) };
      return result;
    },

    ...sendingMethods(serverId, pending, (exchange, routingKey, payload) => publisher.send(exchange, routingKey, payload)),

    on: (event, listener) => listeners.on(event, listener),

    close,
  };
}

/** The bus's own Server-ID queue: exclusive, gone with the connection, bound to `targeted` under its name. */
function replyQueueSpec(serverId: string): AmqpConsumerSpec {
  return {
    queue: serverId,
    exclusive: true,
    durable: false,
    autoDelete: true,
    prefetch: 0,
    arguments: undefined,
    bindings: [{ exchange: 'targeted', routingKey: serverId }],
    noAck: true,
  };
}

/** A consumer's spec: its queue declared as ConsumeOptions says, claimed when a platform's work queue. */
function consumerSpec(options: AmqpBusOptions, node: string, spec: ConsumeOptions, queue: string): AmqpConsumerSpec {
  return {
    queue,
    ...queueDeclaration(spec),
    ...(options.platform && isWorkQueue(spec) ? { claim: { platform: options.platform, node, vhostUrl: options.url } } : {}),
    prefetch: spec.prefetch ?? DEFAULT_PREFETCH,
    bindings: spec.bindings,
    noAck: spec.noAck === true && !isWorkQueue(spec),
  };
}

/** Hands a delivery to the handler and acks it (nacks it when unreadable or the handler failed) on the channel it came on. */
function deliver(consumer: AmqpConsumer, handler: MessageHandler, queue: string, log: Logger, msg: ConsumeMessage, ch: Channel): void {
  const settle = (ok: boolean): void => {
    if (consumer.spec.noAck) return; // the broker counted it delivered when it sent it
    if (consumer.channel !== ch) return; // closed since: the broker redelivers it
    try {
      if (ok) ch.ack(msg);
      else ch.nack(msg, false, false);
    } catch {
      // channel closing right now; same as above
    }
  };
  const body = parseBody(msg.content, queue, log);
  if (!body) {
    settle(false);
    return;
  }
  const { exchange, routingKey, redelivered } = msg.fields;
  invokeHandler(handler, body, { exchange, routingKey, redelivered }, queue, log, settle);
}
