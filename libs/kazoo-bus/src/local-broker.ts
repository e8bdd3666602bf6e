// An in-process stand-in for RabbitMQ: exchanges (direct, topic, fanout), queues with bindings,
// round-robin delivery to competing consumers with prefetch, always asynchronous.
import { BusError } from './bus-error';
import { exchangeType } from './exchanges';
import { topicMatches } from './topic-match';
import type { ExchangeType } from './types';

export interface LocalMessage {
  body: string;
  exchange: string;
  routingKey: string;
}

export interface LocalSubscriber {
  prefetch: number;
  inflight: number;
  /** Must call `done` exactly once when the message has been handled. */
  deliver(msg: LocalMessage, done: () => void): void;
}

interface LocalExchange {
  type: ExchangeType;
  bindings: { queue: LocalQueue; routingKey: string }[];
}

export class LocalQueue {
  private messages: LocalMessage[] = [];
  private head = 0;
  private readonly subscribers: LocalSubscriber[] = [];
  private next = 0;
  private scheduled = false;
  deleted = false;

  constructor(
    readonly name: string,
    readonly owner: symbol | undefined,
    readonly autoDelete: boolean,
  ) {}

  get consumerCount(): number {
    return this.subscribers.length;
  }

  enqueue(msg: LocalMessage): void {
    this.messages.push(msg);
    this.schedule();
  }

  subscribe(subscriber: LocalSubscriber): void {
    this.subscribers.push(subscriber);
    this.schedule();
  }

  unsubscribe(subscriber: LocalSubscriber): void {
    const i = this.subscribers.indexOf(subscriber);
    if (i >= 0) this.subscribers.splice(i, 1);
  }

  private schedule(): void {
    if (this.scheduled || this.deleted || this.subscribers.length === 0 || this.head >= this.messages.length) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    // `scheduled` stays true while draining so that handlers finishing synchronously do not queue
    // another drain; the batch limit keeps handlers that publish to their own queue from starving I/O.
    let budget = 1000;
    while (!this.deleted && this.head < this.messages.length && budget-- > 0) {
      const subscriber = this.pickSubscriber();
      if (!subscriber) break;
      const msg = this.messages[this.head++];
      subscriber.inflight++;
      let finished = false;
      subscriber.deliver(msg, () => {
        if (finished) return;
        finished = true;
        subscriber.inflight--;
        this.schedule();
      });
    }
    if (this.head === this.messages.length) {
      this.messages = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.messages.length) {
      this.messages = this.messages.slice(this.head);
      this.head = 0;
    }
    this.scheduled = false;
    if (budget < 0) this.schedule();
  }

  private pickSubscriber(): LocalSubscriber | undefined {
    const n = this.subscribers.length;
    for (let i = 0; i < n; i++) {
      const candidate = this.subscribers[(this.next + i) % n];
      if (candidate.inflight < candidate.prefetch) {
        this.next = (this.next + i + 1) % n;
        return candidate;
      }
    }
    return undefined;
  }
}

export class LocalBroker {
  private readonly exchanges = new Map<string, LocalExchange>();
  private readonly queues = new Map<string, LocalQueue>();

  private exchange(name: string): LocalExchange {
    let exchange = this.exchanges.get(name);
    if (!exchange) {
      exchange = { type: exchangeType(name), bindings: [] };
      this.exchanges.set(name, exchange);
    }
    return exchange;
  }

  declareQueue(name: string, options: { owner?: symbol; autoDelete: boolean }): LocalQueue {
    const existing = this.queues.get(name);
    if (existing) {
      if (existing.owner !== undefined && existing.owner !== options.owner) {
        throw new BusError('broker', `queue ${name} is exclusive to another bus (RESOURCE_LOCKED)`);
      }
      return existing;
    }
    const queue = new LocalQueue(name, options.owner, options.autoDelete);
    this.queues.set(name, queue);
    return queue;
  }

  bind(queue: LocalQueue, exchangeName: string, routingKey: string): void {
    const exchange = this.exchange(exchangeName);
    if (!exchange.bindings.some((b) => b.queue === queue && b.routingKey === routingKey)) {
      exchange.bindings.push({ queue, routingKey });
    }
  }

  /** Routes to every bound queue once; a message nobody is bound for is dropped, as on RabbitMQ. */
  publish(exchangeName: string, routingKey: string, body: string): void {
    const exchange = this.exchange(exchangeName);
    const targets = new Set<LocalQueue>();
    for (const { queue, routingKey: pattern } of exchange.bindings) {
      if (exchange.type === 'fanout' || (exchange.type === 'direct' ? pattern === routingKey : topicMatches(pattern, routingKey))) {
        targets.add(queue);
      }
    }
    for (const queue of targets) queue.enqueue({ body, exchange: exchangeName, routingKey });
  }

  /** Unsubscribes; an auto-delete queue goes away with its last consumer. */
  unsubscribe(queue: LocalQueue, subscriber: LocalSubscriber): void {
    queue.unsubscribe(subscriber);
    if (queue.autoDelete && queue.consumerCount === 0) this.deleteQueue(queue.name);
  }

  deleteQueue(name: string): void {
    const queue = this.queues.get(name);
    if (!queue) return;
    queue.deleted = true;
    this.queues.delete(name);
    for (const exchange of this.exchanges.values()) {
      exchange.bindings = exchange.bindings.filter((b) => b.queue !== queue);
    }
  }

  /** What a closed connection does to exclusive queues. */
  releaseOwner(owner: symbol): void {
    for (const queue of [...this.queues.values()]) if (queue.owner === owner) this.deleteQueue(queue.name);
  }
}

let shared: LocalBroker | undefined;

/** The process-wide broker every local bus uses unless given its own. */
export function sharedLocalBroker(): LocalBroker {
  shared ??= new LocalBroker();
  return shared;
}
