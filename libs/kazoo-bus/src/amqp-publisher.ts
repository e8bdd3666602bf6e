// The publishing side of the AMQP bus: one channel per connection, each exchange declared once per
// connection on first use (its messages wait for the declaration), and a bounded buffer for what is
// published while disconnected.
import type { Logger } from '@tollgate/log';
import type { Channel, ChannelModel } from 'amqplib';
import type { AmqpLink } from './amqp-connection';
import { BusError } from './bus-error';
import { EXCHANGE_DECLARE_OPTIONS, exchangeType } from './exchanges';
import type { KazooMessage } from './types';

interface Outgoing {
  exchange: string;
  routingKey: string;
  body: Buffer;
}

const PUBLISH_OPTIONS = { contentType: 'application/json' } as const;

export interface AmqpPublisherOptions {
  link: AmqpLink;
  log: Logger;
  /** Messages kept while disconnected; beyond this publish rejects. */
  maxBuffered: number;
  /** The broker's URL without its password, for messages. */
  redactedUrl: string;
}

export class AmqpPublisher {
  private buffer: Outgoing[] = [];
  private readonly declared = new Set<string>();
  private readonly awaitingDeclare = new Map<string, Outgoing[]>();
  /** Exchange declarations in flight; a close lets them finish so their messages go out. */
  private readonly declaring = new Set<Promise<unknown>>();
  private pub: Channel | null = null;
  private readonly link: AmqpLink;
  private readonly log: Logger;

  constructor(private readonly options: AmqpPublisherOptions) {
    this.link = options.link;
    this.log = options.log;
  }

  /** Publishes now, or buffers while disconnected; throws a BusError when that cannot be. */
  send(exchange: string, routingKey: string, payload: KazooMessage): void {
    if (this.link.closed) throw new BusError('closed', 'the bus is closed');
    if (!this.declared.has(exchange)) exchangeType(exchange);
    const out = { exchange, routingKey, body: Buffer.from(JSON.stringify(payload)) };
    if (this.pub && this.link.connected) {
      this.sendNow(this.pub, out);
      return;
    }
    if (this.buffer.length >= this.options.maxBuffered) {
      throw new BusError(
        'buffer_full',
        `cannot publish to ${exchange} ${routingKey}: ${this.buffer.length} messages already wait for the AMQP broker ${this.options.redactedUrl}`,
      );
    }
    this.buffer.push(out);
  }

  /** Opens the publish channel on a new connection (and again if the broker closes it). */
  async open(c: ChannelModel): Promise<void> {
    const ch = await c.createChannel();
    ch.on('error', (err: Error) => this.log.warn('AMQP publish channel error', { error: err.message }));
    ch.on('close', () => {
      if (this.pub !== ch) return;
      // A refused exchange declaration closes the channel, not the connection: open another.
      this.pub = null;
      this.declared.clear();
      // A lost connection closes its channels just before it reports its own close: look again
      // once that has happened.
      setImmediate(() => {
        if (this.link.conn !== c || this.link.closed) return;
        this.open(c).then(
          () => this.flush(),
          (err) => {
            this.log.warn('cannot reopen the AMQP publish channel; reconnecting', { error: String(err) });
            c.close().catch(() => {});
          },
        );
      });
    });
    this.pub = ch;
  }

  /** Sends what was buffered while disconnected. */
  flush(): void {
    if (!this.pub || !this.link.connected) return;
    const queued = this.buffer;
    this.buffer = [];
    for (const out of queued) this.sendNow(this.pub, out);
  }

  /** The connection is gone with its channel: what waited for a declaration waits for the next one. */
  connectionLost(): void {
    this.pub = null;
    this.declared.clear();
    for (const list of this.awaitingDeclare.values()) this.buffer.push(...list);
    this.awaitingDeclare.clear();
  }

  /** Something is buffered or waits for its exchange's declaration. */
  get hasUnsent(): boolean {
    return this.buffer.length > 0 || this.declaring.size > 0;
  }

  /**
   * Waits, up to `ms`, for what is buffered to go out and for the declarations its exchanges wait
   * for; `onConnected` subscribes to the bus's next connection (returning the unsubscribe).
   */
  async flushBeforeClose(onConnected: (listener: () => void) => () => void, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    if (!this.link.connected) {
      let off: (() => void) | undefined;
      // The connection flushes the buffer (which starts the declarations) before it announces itself.
      await settledWithin([new Promise<void>((resolve) => (off = onConnected(() => resolve())))], ms);
      off?.();
    }
    if (this.declaring.size > 0) await settledWithin([...this.declaring], Math.max(0, deadline - Date.now()));
  }

  /** Drops what was not sent (saying how much) and hands over the channel to be closed. */
  detach(): Channel | null {
    const unsent = this.buffer.length + [...this.awaitingDeclare.values()].reduce((n, list) => n + list.length, 0);
    if (unsent > 0) this.log.warn(`closing the AMQP bus with ${unsent} unsent message(s)`);
    this.buffer = [];
    this.awaitingDeclare.clear();
    const ch = this.pub;
    this.pub = null;
    return ch;
  }

  private keep(out: Outgoing): void {
    if (this.buffer.length < this.options.maxBuffered) this.buffer.push(out);
    else this.log.error('AMQP publish buffer full; message dropped', { exchange: out.exchange, routingKey: out.routingKey });
  }

  private publishOn(ch: Channel, out: Outgoing): void {
    try {
      ch.publish(out.exchange, out.routingKey, out.body, PUBLISH_OPTIONS);
    } catch {
      this.keep(out); // the channel closed under us; it goes out after the reconnection
    }
  }

  private dispatch(out: Outgoing): void {
    if (this.pub && this.link.connected) this.sendNow(this.pub, out);
    else this.keep(out);
  }

  // Exchanges are declared once per connection, on first use; messages wait for the declaration.
  private sendNow(ch: Channel, out: Outgoing): void {
    if (this.declared.has(out.exchange)) {
      this.publishOn(ch, out);
      return;
    }
    const waiting = this.awaitingDeclare.get(out.exchange);
    if (waiting) {
      waiting.push(out);
      return;
    }
    this.awaitingDeclare.set(out.exchange, [out]);
    this.declare(ch, out.exchange);
  }

  private declare(ch: Channel, exchange: string): void {
    const c = this.link.conn;
    const type = exchangeType(exchange);
    const release = (): Outgoing[] => {
      const list = this.awaitingDeclare.get(exchange) ?? [];
      this.awaitingDeclare.delete(exchange);
      return list;
    };
    const declaration: Promise<unknown> = ch.assertExchange(exchange, type, EXCHANGE_DECLARE_OPTIONS).then(
      () => {
        const list = release();
        if (this.pub === ch) {
          this.declared.add(exchange);
          for (const m of list) this.publishOn(ch, m);
        } else {
          for (const m of list) this.dispatch(m);
        }
      },
      (err: unknown) => {
        const list = release();
        if (this.link.conn !== c) {
          for (const m of list) this.dispatch(m);
          return;
        }
        this.log.error(`cannot declare exchange ${exchange} (${type}); ${list.length} message(s) dropped`, {
          error: err instanceof Error ? err.message : String(err),
        });
      },
    );
    this.declaring.add(declaration);
    void declaration.finally(() => this.declaring.delete(declaration));
  }
}

async function settledWithin(promises: Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(promises), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
