// One consumer of the AMQP bus on its own channel: declares its exchanges, queue and bindings,
// consumes, and can be started again on a new connection under the same queue name.
import type { Logger } from '@tollgate/log';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { EXCHANGE_DECLARE_OPTIONS, exchangeType } from './exchanges';
import type { Binding } from './types';
import { claimWorkQueue, type PlatformIdentity, renewWorkQueueClaim, type WorkQueueClaim } from './work-queue-claim';

export interface AmqpConsumerSpec {
  queue: string;
  exclusive: boolean;
  durable: boolean;
  autoDelete: boolean;
  prefetch: number;
  arguments: Readonly<Record<string, unknown>> | undefined;
  bindings: readonly Binding[];
  noAck: boolean;
  /** Work queues of a platform: claimed for it before consuming (work-queue-claim.ts). */
  claim?: { platform: PlatformIdentity; node: string; vhostUrl: string };
}

export interface AmqpConsumerHooks {
  /** Called for every delivery with the channel it arrived on (acks must go back on that channel). */
  onMessage(msg: ConsumeMessage, channel: Channel): void;
  /** The channel of a running consumer closed (broker cancel, channel error, lost connection). */
  onChannelLost(consumer: AmqpConsumer): void;
}

export class AmqpConsumer {
  channel: Channel | null = null;
  cancelled = false;
  /** Has run at least once: from then on failures are retried instead of failing consume(). */
  started = false;
  /** Set by the bus while a restart is scheduled. */
  restartTimer: NodeJS.Timeout | undefined;
  private startingChannel: Channel | null = null;
  private inflight: { conn: ChannelModel; promise: Promise<void> } | null = null;
  readonly firstStart: Promise<void>;
  private settleFirst!: { resolve: () => void; reject: (err: Error) => void };
  private consumerTag: string | null = null;

  constructor(
    readonly spec: AmqpConsumerSpec,
    private readonly hooks: AmqpConsumerHooks,
    private readonly log: Logger,
  ) {
    this.firstStart = new Promise<void>((resolve, reject) => {
      this.settleFirst = { resolve, reject };
    });
    // The bus may fail a consumer nobody awaits yet (e.g. closed before connecting).
    this.firstStart.catch(() => {});
  }

  /** Starts on this connection; a start already under way on it is shared, not repeated. */
  start(conn: ChannelModel): Promise<void> {
    if (this.inflight?.conn === conn) return this.inflight.promise;
    const promise: Promise<void> = this.run(conn).finally(() => {
      if (this.inflight?.promise === promise) this.inflight = null;
    });
    this.inflight = { conn, promise };
    return promise;
  }

  private async run(conn: ChannelModel): Promise<void> {
    const { spec } = this;
    const ch = await conn.createChannel();
    ch.on('error', (err: Error) => this.log.warn('AMQP consumer channel error', { queue: spec.queue, error: err.message }));
    ch.on('close', () => {
      if (this.channel !== ch) return;
      this.channel = null;
      this.consumerTag = null;
      // A failing start() reports through its rejection instead.
      if (!this.cancelled && this.startingChannel !== ch) this.hooks.onChannelLost(this);
    });
    this.channel = ch;
    this.startingChannel = ch;
    try {
      if (!spec.noAck) await ch.prefetch(spec.prefetch);
      for (const exchange of new Set(spec.bindings.map((b) => b.exchange))) {
        await ch.assertExchange(exchange, exchangeType(exchange), EXCHANGE_DECLARE_OPTIONS);
      }
      await ch.assertQueue(spec.queue, {
        exclusive: spec.exclusive,
        durable: spec.durable,
        autoDelete: spec.autoDelete,
        arguments: spec.arguments,
      });
      if (spec.claim) await this.claim(ch, spec.claim);
      for (const b of spec.bindings) await ch.bindQueue(spec.queue, b.exchange, b.routingKey);
      const { consumerTag } = await ch.consume(
        spec.queue,
        (msg) => {
          if (msg) this.hooks.onMessage(msg, ch);
          else this.brokerCancelled(ch);
        },
        { noAck: spec.noAck },
      );
      this.consumerTag = consumerTag;
    } catch (err) {
      if (this.channel === ch) this.channel = null;
      ch.close().catch(() => {});
      throw err;
    } finally {
      if (this.startingChannel === ch) this.startingChannel = null;
    }
    if (this.cancelled) {
      await this.closeChannel();
      return;
    }
    if (!this.started) {
      this.started = true;
      this.settleFirst.resolve();
    }
  }

  /**
   * The first start refuses a queue another platform consumes; a restart (after a reconnection)
   * keeps serving the queue it already had and only reports the other platform.
   */
  private async claim(ch: Channel, claim: NonNullable<AmqpConsumerSpec['claim']>): Promise<void> {
    if (!this.started) {
      await claimWorkQueue(ch, this.spec.queue, claim.platform, claim.node, claim.vhostUrl);
      return;
    }
    await this.renewClaim();
  }

  /** Renews this consumer's claim; reports (and returns) a fresh claim of another platform found there. */
  async renewClaim(): Promise<WorkQueueClaim | undefined> {
    const ch = this.channel;
    const claim = this.spec.claim;
    if (!ch || !claim) return undefined;
    const foreign = await renewWorkQueueClaim(ch, this.spec.queue, claim.platform, claim.node);
    if (foreign) {
      this.log.error(`another Tollgate platform consumes ${this.spec.queue} too (node ${foreign.node}, database ${foreign.database}); give each platform a vhost of its own (AMQP_URL)`, {
        queue: this.spec.queue,
      });
    }
    return foreign;
  }

  /** The first start failed for good (declaration refused, bus closed): consume() rejects with it. */
  fail(err: Error): void {
    if (!this.started) this.settleFirst.reject(err);
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    clearTimeout(this.restartTimer);
    await this.closeChannel();
  }

  private async closeChannel(): Promise<void> {
    const ch = this.channel;
    const tag = this.consumerTag;
    this.channel = null;
    this.consumerTag = null;
    if (!ch) return;
    try {
      if (tag) await ch.cancel(tag);
      await ch.close();
    } catch {
      // the channel or connection is already gone, which is what we wanted
    }
  }

  // The broker cancels a consumer when its queue is deleted; closing the channel lets the bus
  // start it again, which declares the queue anew.
  private brokerCancelled(ch: Channel): void {
    this.log.warn('AMQP consumer cancelled by the broker (queue deleted?); restarting it', { queue: this.spec.queue });
    ch.close().catch(() => {});
  }
}
