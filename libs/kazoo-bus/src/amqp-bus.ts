// The Bus over RabbitMQ (amqplib): one connection, a publish channel, a channel per consumer,
// an exclusive Server-ID reply queue, and reconnection that rebuilds all of it under the same names.
import { createLogger, type Logger } from '@tollgate/log';
import { type Channel, type ChannelModel, type ConsumeMessage, connect } from 'amqplib';
import { AmqpConsumer, type AmqpConsumerSpec } from './amqp-consumer';
import { BusError } from './bus-error';
import { sendingMethods } from './envelope';
import { EXCHANGE_DECLARE_OPTIONS, exchangeType } from './exchanges';
import { invokeHandler, parseBody } from './handler';
import { defaultNode, newQueueName } from './ids';
import { Listeners } from './listeners';
import { PendingRpcs } from './pending-rpcs';
import { isWorkQueue, queueDeclaration } from './queue-declaration';
import type { Bus, Consumer, Envelope, KazooMessage } from './types';
import { CLAIM_RENEW_MS, type PlatformIdentity } from './work-queue-claim';

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

interface Outgoing {
  exchange: string;
  routingKey: string;
  body: Buffer;
}

const PUBLISH_OPTIONS = { contentType: 'application/json' } as const;
const DEFAULT_PREFETCH = 50;
const CONSUMER_RESTART_DELAY_MS = 1000;
const CLOSE_FLUSH_MS = 2000;

async function settledWithin(promises: Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(promises), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid AMQP URL>';
  }
}

export function createAmqpBus(options: AmqpBusOptions): Bus {
  const log = options.log ?? createLogger('kazoo-bus');
  const node = options.node ?? defaultNode();
  const url = redactUrl(options.url);
  const maxBuffered = options.maxBuffered ?? 10_000;
  const minDelay = options.minReconnectDelayMs ?? 100;
  const maxDelay = options.maxReconnectDelayMs ?? 5000;
  const serverId = newQueueName(node);
  const envelope: Envelope = {
    'App-Name': options.appName,
    'App-Version': options.appVersion,
    Node: node,
    'Server-ID': serverId,
  };
  const socketOptions = {
    noDelay: true, // without it sequential RPCs stall 40 ms on Nagle + delayed ACK
    timeout: options.connectTimeoutMs ?? 5000,
    clientProperties: { connection_name: options.connectionName ?? `${options.appName}@${node}` },
  };

  const pending = new PendingRpcs();
  const listeners = new Listeners((err) => log.error('bus event listener failed', { error: String(err) }));
  const consumers = new Set<AmqpConsumer>();
  const declared = new Set<string>();
  const awaitingDeclare = new Map<string, Outgoing[]>();
  /** Exchange declarations in flight; close() lets them finish so their messages go out. */
  const declaring = new Set<Promise<unknown>>();
  let buffer: Outgoing[] = [];
  let conn: ChannelModel | null = null;
  let pub: Channel | null = null;
  let connected = false;
  let everConnected = false;
  let closed = false;
  let attempt = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let connecting: Promise<void> | null = null;

  const consumerHooks = (onMessage: (msg: ConsumeMessage, ch: Channel) => void) => ({
    onMessage,
    onChannelLost: scheduleRestart,
  });

  // A lost connection closes every channel first: the timer finds another connection and leaves
  // the consumer to connectOnce, so only channels that died on a live connection are restarted here.
  function scheduleRestart(consumer: AmqpConsumer): void {
    const c = conn;
    if (!c || closed || consumer.restartTimer) return;
    consumer.restartTimer = setTimeout(() => {
      consumer.restartTimer = undefined;
      const wanted = consumers.has(consumer) || consumer === replyConsumer;
      if (wanted && conn === c && connected && !consumer.cancelled && consumer.channel === null) {
        void startConsumer(consumer, c);
      }
    }, CONSUMER_RESTART_DELAY_MS);
    consumer.restartTimer.unref();
  }

  const replyConsumer = new AmqpConsumer(
    {
      queue: serverId,
      exclusive: true,
      durable: false,
      autoDelete: true,
      prefetch: 0,
      arguments: undefined,
      bindings: [{ exchange: 'targeted', routingKey: serverId }],
      noAck: true,
    },
    consumerHooks((msg) => {
      const reply = parseBody(msg.content, serverId, log);
      if (reply && !pending.settle(reply)) {
        log.debug('reply nobody waits for (late or duplicate)', { msgId: reply['Msg-ID'] });
      }
    }),
    log,
  );

  function scheduleReconnect(err: unknown, announce: boolean): void {
    if (closed || reconnectTimer) return;
    const base = Math.min(maxDelay, minDelay * 2 ** attempt);
    const delay = Math.min(maxDelay, Math.round(base * (0.8 + Math.random() * 0.4)));
    attempt++;
    if (announce) {
      log.warn(`AMQP broker ${url} unavailable; reconnecting in ${delay} ms`, {
        attempt,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      startConnecting();
    }, delay);
  }

  function startConnecting(): void {
    const run: Promise<void> = connectOnce()
      .catch((err: unknown) => {
        log.error('unexpected error while connecting to AMQP; reconnecting', { error: String(err) });
        scheduleReconnect(err, false);
      })
      .finally(() => {
        if (connecting === run) connecting = null;
      });
    connecting = run;
  }

  async function connectOnce(): Promise<void> {
    if (closed) return;
    let c: ChannelModel;
    try {
      c = await connect(options.url, socketOptions);
    } catch (err) {
      scheduleReconnect(err, true);
      return;
    }
    if (closed) {
      await c.close().catch(() => {});
      return;
    }
    conn = c;
    c.on('error', (err: Error) => log.warn('AMQP connection error', { error: err.message }));
    c.on('close', (err?: Error) => connectionLost(c, err));
    c.on('blocked', (reason: string) => log.warn('AMQP broker blocked publishing', { reason }));
    c.on('unblocked', () => log.info('AMQP broker unblocked publishing'));
    try {
      // Queues, bindings and consumers before the buffered messages go out, so that what was
      // published while disconnected finds its queues (including our own reply queue) in place.
      await openPublishChannel(c);
      await replyConsumer.start(c);
      // The loop also visits consumers added while it runs, and nothing awaits between its end and
      // `connected = true`, after which consume() starts its consumer itself.
      for (const consumer of consumers) {
        if (!consumer.cancelled && consumer.channel === null) await startConsumer(consumer, c);
      }
    } catch (err) {
      if (conn === c) {
        log.warn('AMQP setup after connecting failed; reconnecting', { error: String(err) });
        await c.close().catch(() => {});
      }
      return;
    }
    if (conn !== c || closed) return;
    connected = true;
    attempt = 0;
    // The first connection is routine (a one-shot CLI verb prints nothing of it); coming back is news.
    if (everConnected) log.info(`reconnected to AMQP broker ${url}`, { serverId });
    else log.debug(`connected to AMQP broker ${url}`, { serverId });
    everConnected = true;
    flush();
    listeners.emit('connected');
  }

  async function openPublishChannel(c: ChannelModel): Promise<void> {
    const ch = await c.createChannel();
    ch.on('error', (err: Error) => log.warn('AMQP publish channel error', { error: err.message }));
    ch.on('close', () => {
      if (pub !== ch) return;
      // A refused exchange declaration closes the channel, not the connection: open another.
      pub = null;
      declared.clear();
      // A lost connection closes its channels just before it reports its own close: look again
      // once that has happened.
      setImmediate(() => {
        if (conn !== c || closed) return;
        openPublishChannel(c).then(flush, (err) => {
          log.warn('cannot reopen the AMQP publish channel; reconnecting', { error: String(err) });
          c.close().catch(() => {});
        });
      });
    });
    pub = ch;
  }

  function connectionLost(c: ChannelModel, err: Error | undefined): void {
    if (conn !== c) return;
    conn = null;
    pub = null;
    declared.clear();
    for (const list of awaitingDeclare.values()) buffer.push(...list);
    awaitingDeclare.clear();
    const wasConnected = connected;
    connected = false;
    if (closed) return;
    if (wasConnected) log.warn(`lost the AMQP connection to ${url}; reconnecting`, { error: err?.message });
    scheduleReconnect(err ?? new Error('connection closed'), !wasConnected);
    if (wasConnected) listeners.emit('disconnected', err);
  }

  /** A queue left by another version with other settings is refused by the broker (406); say how out. */
  function declarationAdvice(queue: string, message: string): string {
    if (!message.includes('PRECONDITION_FAILED')) return message;
    const vhost = decodeURIComponent(new URL(url).pathname.slice(1)) || '/';
    return `${message} — the queue exists on the broker with other settings (left by an older Tollgate, or another platform uses this vhost); delete it (rabbitmqctl delete_queue ${queue} -p ${vhost}) or give this platform a vhost of its own (AMQP_URL)`;
  }

  async function startConsumer(consumer: AmqpConsumer, c: ChannelModel): Promise<void> {
    try {
      await consumer.start(c);
    } catch (err) {
      if (conn !== c || closed) return; // the connection went away; the next one starts it
      const error = err instanceof Error ? err : new Error(String(err));
      if (!consumer.started) {
        consumers.delete(consumer);
        if (err instanceof BusError) {
          consumer.fail(err);
          return;
        }
        consumer.fail(new BusError('broker', `cannot consume from ${consumer.spec.queue}: ${declarationAdvice(consumer.spec.queue, error.message)}`, { cause: err }));
      } else {
        log.error('cannot restart AMQP consumer; retrying', { queue: consumer.spec.queue, error: error.message });
        scheduleRestart(consumer);
      }
    }
  }

  function flush(): void {
    if (!pub || !connected) return;
    const queued = buffer;
    buffer = [];
    for (const out of queued) sendNow(pub, out);
  }

  function keep(out: Outgoing): void {
    if (buffer.length < maxBuffered) buffer.push(out);
    else log.error('AMQP publish buffer full; message dropped', { exchange: out.exchange, routingKey: out.routingKey });
  }

  function publishOn(ch: Channel, out: Outgoing): void {
    try {
      ch.publish(out.exchange, out.routingKey, out.body, PUBLISH_OPTIONS);
    } catch {
      keep(out); // the channel closed under us; it goes out after the reconnection
    }
  }

  /** Sends what is buffered or waits for its exchange's declaration, if the broker lets it within CLOSE_FLUSH_MS. */
  async function flushBeforeClose(): Promise<void> {
    const deadline = Date.now() + CLOSE_FLUSH_MS;
    if (!connected) {
      let off: (() => void) | undefined;
      // connectOnce flushes the buffer (which starts the declarations) before it announces the connection.
      await settledWithin([new Promise<void>((resolve) => (off = listeners.on('connected', () => resolve())))], CLOSE_FLUSH_MS);
      off?.();
    }
    if (declaring.size > 0) await settledWithin([...declaring], Math.max(0, deadline - Date.now()));
  }

  // Exchanges are declared once per connection, on first use; messages wait for the declaration.
  function sendNow(ch: Channel, out: Outgoing): void {
    if (declared.has(out.exchange)) {
      publishOn(ch, out);
      return;
    }
    const waiting = awaitingDeclare.get(out.exchange);
    if (waiting) {
      waiting.push(out);
      return;
    }
    awaitingDeclare.set(out.exchange, [out]);
    const c = conn;
    const type = exchangeType(out.exchange);
    const release = (): Outgoing[] => {
      const list = awaitingDeclare.get(out.exchange) ?? [];
      awaitingDeclare.delete(out.exchange);
      return list;
    };
    const declaration: Promise<unknown> = ch.assertExchange(out.exchange, type, EXCHANGE_DECLARE_OPTIONS).then(
      () => {
        const list = release();
        if (pub === ch) {
          declared.add(out.exchange);
          for (const m of list) publishOn(ch, m);
        } else {
          for (const m of list) dispatch(m);
        }
      },
      (err: unknown) => {
        const list = release();
        if (conn !== c) {
          for (const m of list) dispatch(m);
          return;
        }
        log.error(`cannot declare exchange ${out.exchange} (${type}); ${list.length} message(s) dropped`, {
          error: err instanceof Error ? err.message : String(err),
        });
      },
    );
    declaring.add(declaration);
    void declaration.finally(() => declaring.delete(declaration));
  }

  function dispatch(out: Outgoing): void {
    if (pub && connected) sendNow(pub, out);
    else keep(out);
  }

  function send(exchange: string, routingKey: string, payload: KazooMessage): void {
    if (closed) throw new BusError('closed', 'the bus is closed');
    if (!declared.has(exchange)) exchangeType(exchange);
    const out = { exchange, routingKey, body: Buffer.from(JSON.stringify(payload)) };
    if (pub && connected) {
      sendNow(pub, out);
      return;
    }
    if (buffer.length >= maxBuffered) {
      throw new BusError(
        'buffer_full',
        `cannot publish to ${exchange} ${routingKey}: ${buffer.length} messages already wait for the AMQP broker ${url}`,
      );
    }
    buffer.push(out);
  }

  startConnecting();
  const claimRenewal = options.platform
    ? setInterval(() => {
        if (!connected) return;
        for (const consumer of consumers) {
          consumer.renewClaim().catch((err: unknown) => log.debug('cannot renew a work queue claim', { queue: consumer.spec.queue, error: String(err) }));
        }
      }, CLAIM_RENEW_MS)
    : undefined;
  claimRenewal?.unref();

  return {
    mode: 'amqp',
    serverId,
    get connected() {
      return connected;
    },
    envelope: () => ({ ...envelope }),


    async consume(spec, handler) {
      if (closed) throw new BusError('closed', 'the bus is closed');
      for (const b of spec.bindings) exchangeType(b.exchange);
      const queue = spec.queue || newQueueName(node);
      const consumerSpec: AmqpConsumerSpec = {
        queue,
        ...queueDeclaration(spec),
        ...(options.platform && isWorkQueue(spec) ? { claim: { platform: options.platform, node, vhostUrl: options.url } } : {}),
        prefetch: spec.prefetch ?? DEFAULT_PREFETCH,
        bindings: spec.bindings,
        noAck: false,
      };
      const consumer: AmqpConsumer = new AmqpConsumer(
        consumerSpec,
        consumerHooks((msg, ch) => {
          const settle = (ok: boolean): void => {
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
        }),
        log,
      );
      consumers.add(consumer);
      if (connected && conn) void startConsumer(consumer, conn);
      await consumer.firstStart;
      const result: Consumer = {
        queue,
        cancel: async () => {
          consumers.delete(consumer);
          await consumer.cancel();
        },
      };
      return result;
    },

    ...sendingMethods(serverId, pending, send),

    on: (event, listener) => listeners.on(event, listener),

    async close() {
      if (closed) return;
      // A one-shot verb publishes then closes at once: what waits for its exchange's declaration
      // still goes out (bounded, so a broker that stopped answering cannot hold the close).
      if (buffer.length > 0 || declaring.size > 0) await flushBeforeClose();
      closed = true;
      clearInterval(claimRenewal);
      clearTimeout(reconnectTimer);
      const err = new BusError('closed', 'the bus was closed');
      pending.rejectAll(err);
      for (const consumer of consumers) consumer.fail(err);
      replyConsumer.fail(err);
      const unsent = buffer.length + [...awaitingDeclare.values()].reduce((n, list) => n + list.length, 0);
      if (unsent > 0) log.warn(`closing the AMQP bus with ${unsent} unsent message(s)`);
      buffer = [];
      awaitingDeclare.clear();
      connected = false;
      const c = conn;
      const publishing = pub;
      conn = null;
      pub = null;
      // The broker handles a channel's frames in order, so closing the publish channel first (its
      // close-ok comes after our last publish) keeps RabbitMQ from dropping what was just sent.
      if (publishing) await publishing.close().catch(() => {});
      if (c) await c.close().catch(() => {});
      if (connecting) await connecting;
    },
  };
}
