/** A Kazoo AMQP message: one flat JSON object with Kazoo's header names (`Event-Category`, `Msg-ID`, …). */
export type KazooMessage = Record<string, unknown>;

export type ExchangeType = 'direct' | 'topic' | 'fanout';

/** The default headers a bus stamps on what it sends (kz_api:default_headers/3). */
export interface Envelope {
  'App-Name': string;
  'App-Version': string;
  Node: string;
  'Server-ID': string;
}

export interface Binding {
  exchange: string;
  routingKey: string;
}

export interface ConsumeOptions {
  /**
   * Named queue = shared work queue (competing consumers); '' or omitted = private, auto-named.
   * A work queue outlives its consumers (durable, not auto-deleted), so what is published while
   * every consumer is reconnecting waits for them instead of being dropped as unroutable; it is
   * removed by the broker after `WORK_QUEUE_IDLE_EXPIRY_MS` without any consumer.
   */
  queue?: string;
  bindings: readonly Binding[];
  /** Default: true for private queues, false for named ones. */
  exclusive?: boolean;
  /** Default: true for work queues, false for private ones (Kazoo declares its queues non-durable). */
  durable?: boolean;
  /** Default: false for work queues, true for private ones (Kazoo's: gone with its last consumer). */
  autoDelete?: boolean;
  /**
   * Work queues: a message waiting longer than this is dropped unread (`x-message-ttl`). Requests
   * whose askers gave up long ago (rate_req, RPCs) should not be answered late; events should
   * leave it unset.
   */
  messageTtlMs?: number;
  /** Unacknowledged messages per consumer; default 50 (Kazoo's DEFAULT_PREFETCH). */
  prefetch?: number;
  /**
   * Private queues only: messages count as delivered once sent (no acks, no prefetch), for a feed
   * whose messages may go with its consumer — fewer frames per message. Ignored for work queues.
   */
  noAck?: boolean;
  /** Queue arguments passed to the broker as is (e.g. `x-queue-type: quorum`, `x-message-ttl`). */
  arguments?: Readonly<Record<string, unknown>>;
}

export interface Delivery {
  exchange: string;
  routingKey: string;
  redelivered: boolean;
}

/**
 * Called once per message. A returned promise holds the message unacknowledged (counting against
 * prefetch) until it settles. A throw or rejection is logged and the message dropped.
 */
export type MessageHandler = (msg: KazooMessage, delivery: Delivery) => unknown;

export interface Consumer {
  /** The queue's name (the generated one for private queues). */
  readonly queue: string;
  cancel(): Promise<void>;
}

export interface RpcOptions {
  timeoutMs: number;
  /** Extra check on a reply with the right Msg-ID; replies it refuses are ignored and the wait goes on. */
  accept?: (reply: KazooMessage) => boolean;
}

export type BusEvent = 'connected' | 'disconnected';
export type BusListener = (err?: Error) => void;

export interface Bus {
  readonly mode: 'amqp' | 'local';
  /** This bus's own exclusive reply queue, bound to `targeted` under its own name (Kazoo's Server-ID). */
  readonly serverId: string;
  readonly connected: boolean;
  /** App-Name, App-Version, Node and Server-ID, to pass to `api.build(fields, bus.envelope())`. */
  envelope(): Envelope;
  /**
   * JSON body, content_type application/json. Resolves once the message is handed to the broker
   * connection or, while disconnected, buffered; rejects (BusError) when the buffer is full, the
   * exchange is unknown or the bus is closed.
   */
  publish(exchange: string, routingKey: string, payload: KazooMessage): Promise<void>;
  /** Resolves once the queue, its bindings and the consumer exist (waits for a connection if needed). */
  consume(options: ConsumeOptions, handler: MessageHandler): Promise<Consumer>;
  /**
   * kz_amqp_worker:call: sets Server-ID (and Msg-ID when missing), publishes, resolves with the
   * first reply carrying the same Msg-ID; rejects with BusError kind 'timeout' after timeoutMs.
   */
  rpc(exchange: string, routingKey: string, request: KazooMessage, options: RpcOptions): Promise<KazooMessage>;
  /** Publishes to `targeted` under the request's Server-ID, with the request's Msg-ID (and Call-ID). */
  reply(request: KazooMessage, payload: KazooMessage): Promise<void>;
  /** Returns a function that removes the listener. */
  on(event: BusEvent, listener: BusListener): () => void;
  close(): Promise<void>;
}
