// The consumers of the AMQP bus: each on a channel of its own, started on every new connection,
// restarted when their channel alone dies, and their work queue claims renewed.
import type { Logger } from '@tollgate/log';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { AmqpLink } from './amqp-connection';
import { AmqpConsumer, type AmqpConsumerSpec } from './amqp-consumer';
import { BusError } from './bus-error';
import { CLAIM_RENEW_MS } from './work-queue-claim';

const CONSUMER_RESTART_DELAY_MS = 1000;

export interface AmqpConsumersOptions {
  link: AmqpLink;
  log: Logger;
  /** The broker's URL without its password, for messages. */
  redactedUrl: string;
  /** Work queues are claimed for a platform: renew the claims every CLAIM_RENEW_MS. */
  renewClaims: boolean;
}

export class AmqpConsumers {
  private readonly running = new Set<AmqpConsumer>();
  /** The bus's own reply queue: started before the others, never cancelled. */
  private reply: AmqpConsumer | undefined;
  private readonly claimRenewal: NodeJS.Timeout | undefined;
  private readonly link: AmqpLink;
  private readonly log: Logger;

  constructor(private readonly options: AmqpConsumersOptions) {
    this.link = options.link;
    this.log = options.log;
    this.claimRenewal = options.renewClaims ? setInterval(() => this.renewClaims(), CLAIM_RENEW_MS) : undefined;
    this.claimRenewal?.unref();
  }

  /** A consumer of the bus on `spec`, started by `add`. */
  create(spec: AmqpConsumerSpec, onMessage: (msg: ConsumeMessage, ch: Channel) => void): AmqpConsumer {
    return new AmqpConsumer(spec, { onMessage, onChannelLost: (consumer) => this.scheduleRestart(consumer) }, this.log);
  }

  /** The bus's reply queue, started on every connection before the other consumers. */
  createReply(spec: AmqpConsumerSpec, onMessage: (msg: ConsumeMessage) => void): void {
    this.reply = this.create(spec, onMessage);
  }

  /** Keeps the consumer and starts it now if connected (else the next connection does); resolves once it consumes. */
  async add(consumer: AmqpConsumer): Promise<void> {
    this.running.add(consumer);
    const c = this.link.conn;
    if (this.link.connected && c) void this.start(consumer, c);
    await consumer.firstStart;
  }

  async cancel(consumer: AmqpConsumer): Promise<void> {
    this.running.delete(consumer);
    await consumer.cancel();
  }

  /** On a new connection: the reply queue first, then every consumer not running. */
  async startAll(c: ChannelModel): Promise<void> {
    await this.reply?.start(c);
    // The loop also visits consumers added while it runs, and nothing awaits between its end and
    // the connection counting as connected, after which `add` starts its consumer itself.
    for (const consumer of this.running) {
      if (!consumer.cancelled && consumer.channel === null) await this.start(consumer, c);
    }
  }

  /** The bus is closing: consumers still waiting for their first start fail with `err`. */
  failAll(err: Error): void {
    clearInterval(this.claimRenewal);
    for (const consumer of this.running) consumer.fail(err);
    this.reply?.fail(err);
  }

  // A lost connection closes every channel first: the timer finds another connection and leaves
  // the consumer to startAll, so only channels that died on a live connection are restarted here.
  private scheduleRestart(consumer: AmqpConsumer): void {
    const c = this.link.conn;
    if (!c || this.link.closed || consumer.restartTimer) return;
    consumer.restartTimer = setTimeout(() => {
      consumer.restartTimer = undefined;
      const wanted = this.running.has(consumer) || consumer === this.reply;
      if (wanted && this.link.conn === c && this.link.connected && !consumer.cancelled && consumer.channel === null) {
        void this.start(consumer, c);
      }
    }, CONSUMER_RESTART_DELAY_MS);
    consumer.restartTimer.unref();
  }

  private async start(consumer: AmqpConsumer, c: ChannelModel): Promise<void> {
    try {
      await consumer.start(c);
    } catch (err) {
      if (this.link.conn !== c || this.link.closed) return; // the connection went away; the next one starts it
      const error = err instanceof Error ? err : new Error(String(err));
      if (!consumer.started) {
        this.running.delete(consumer);
        if (err instanceof BusError) {
          consumer.fail(err);
          return;
        }
        consumer.fail(new BusError('broker', `cannot consume from ${consumer.spec.queue}: ${this.declarationAdvice(consumer.spec.queue, error.message)}`, { cause: err }));
      } else {
        this.log.error('cannot restart AMQP consumer; retrying', { queue: consumer.spec.queue, error: error.message });
        this.scheduleRestart(consumer);
      }
    }
  }

  /** A queue left by another version with other settings is refused by the broker (406); say how out. */
  private declarationAdvice(queue: string, message: string): string {
    if (!message.includes('PRECONDITION_FAILED')) return message;
    const vhost = decodeURIComponent(new URL(this.options.redactedUrl).pathname.slice(1)) || '/';
    return `${message} — the queue exists on the broker with other settings (left by an older Tollgate, or another platform uses this vhost); delete it (rabbitmqctl delete_queue ${queue} -p ${vhost}) or give this platform a vhost of its own (AMQP_URL)`;
  }

  private renewClaims(): void {
    if (!this.link.connected) return;
    for (const consumer of this.running) {
      consumer.renewClaim().catch((err: unknown) => this.log.debug('cannot renew a work queue claim', { queue: consumer.spec.queue, error: String(err) }));
    }
  }
}
