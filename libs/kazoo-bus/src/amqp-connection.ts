// The AMQP bus's connection: connects, sets the bus up on it, and after a loss reconnects with
// backoff under the same names until the bus is closed.
import type { Logger } from '@tollgate/log';
import { type ChannelModel, connect } from 'amqplib';

export interface AmqpConnectionOptions {
  url: string;
  log: Logger;
  /** Shown in the RabbitMQ management UI. */
  connectionName: string;
  connectTimeoutMs: number;
  minReconnectDelayMs: number;
  maxReconnectDelayMs: number;
}

export interface AmqpConnectionHooks {
  /** Declares what the bus needs on a new connection; it counts as connected only once this is done. */
  setUp(c: ChannelModel): Promise<void>;
  /** The connection is set up (again). */
  connected(reconnected: boolean): void;
  /** The connection went away: what belonged to it is gone (always called first, even when closed). */
  dropped(): void;
  /** A connection that had been set up was lost (not called for a close of the bus). */
  disconnected(err: Error | undefined): void;
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

/** The current connection of the bus, shared by its publisher and consumers. */
export interface AmqpLink {
  /** The connection being set up or in use; null while there is none. */
  readonly conn: ChannelModel | null;
  /** Set up and usable. */
  readonly connected: boolean;
  /** The bus is closed: nothing is started any more. */
  readonly closed: boolean;
}

export class AmqpConnection implements AmqpLink {
  conn: ChannelModel | null = null;
  connected = false;
  closed = false;
  /** The URL without its password, for logs. */
  readonly redactedUrl: string;
  private everConnected = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | null = null;
  private readonly socketOptions: object;

  constructor(
    private readonly options: AmqpConnectionOptions,
    private readonly hooks: AmqpConnectionHooks,
  ) {
    this.redactedUrl = redactUrl(options.url);
    this.socketOptions = {
      noDelay: true, // without it sequential RPCs stall 40 ms on Nagle + delayed ACK
      timeout: options.connectTimeoutMs,
      clientProperties: { connection_name: options.connectionName },
    };
  }

  /** Starts connecting (again); a failed attempt schedules the next one. */
  start(): void {
    const run: Promise<void> = this.connectOnce()
      .catch((err: unknown) => {
        this.options.log.error('unexpected error while connecting to AMQP; reconnecting', { error: String(err) });
        this.scheduleReconnect(err, false);
      })
      .finally(() => {
        if (this.connecting === run) this.connecting = null;
      });
    this.connecting = run;
  }

  /** No more reconnecting: the first step of closing the bus. */
  stopReconnecting(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
  }

  /** Forgets the connection, so that its close is nobody's news, and hands it over to be closed. */
  detach(): ChannelModel | null {
    this.connected = false;
    const c = this.conn;
    this.conn = null;
    return c;
  }

  /** Resolves once no connection attempt is under way. */
  async idle(): Promise<void> {
    if (this.connecting) await this.connecting;
  }

  private scheduleReconnect(err: unknown, announce: boolean): void {
    if (this.closed || this.reconnectTimer) return;
    const { minReconnectDelayMs: minDelay, maxReconnectDelayMs: maxDelay } = this.options;
    const base = Math.min(maxDelay, minDelay * 2 ** this.attempt);
    const delay = Math.min(maxDelay, Math.round(base * (0.8 + Math.random() * 0.4)));
    this.attempt++;
    if (announce) {
      this.options.log.warn(`AMQP broker ${this.redactedUrl} unavailable; reconnecting in ${delay} ms`, {
        attempt: this.attempt,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.start();
    }, delay);
  }

  private async connectOnce(): Promise<void> {
    if (this.closed) return;
    let c: ChannelModel;
    try {
      c = await connect(this.options.url, this.socketOptions);
    } catch (err) {
      this.scheduleReconnect(err, true);
      return;
    }
    if (this.closed) {
      await c.close().catch(() => {});
      return;
    }
    this.conn = c;
    this.watch(c);
    try {
      await this.hooks.setUp(c);
    } catch (err) {
      if (this.conn === c) {
        this.options.log.warn('AMQP setup after connecting failed; reconnecting', { error: String(err) });
        await c.close().catch(() => {});
      }
      return;
    }
    if (this.conn !== c || this.closed) return;
    this.connected = true;
    this.attempt = 0;
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.hooks.connected(reconnected);
  }

  private watch(c: ChannelModel): void {
    const { log } = this.options;
    c.on('error', (err: Error) => log.warn('AMQP connection error', { error: err.message }));
    c.on('close', (err?: Error) => this.lost(c, err));
    c.on('blocked', (reason: string) => log.warn('AMQP broker blocked publishing', { reason }));
    c.on('unblocked', () => log.info('AMQP broker unblocked publishing'));
  }

  private lost(c: ChannelModel, err: Error | undefined): void {
    if (this.conn !== c) return;
    this.conn = null;
    this.hooks.dropped();
    const wasConnected = this.connected;
    this.connected = false;
    if (this.closed) return;
    if (wasConnected) this.options.log.warn(`lost the AMQP connection to ${this.redactedUrl}; reconnecting`, { error: err?.message });
    this.scheduleReconnect(err ?? new Error('connection closed'), !wasConnected);
    if (wasConnected) this.hooks.disconnected(err);
  }
}
