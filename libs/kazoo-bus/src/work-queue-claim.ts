// Which Tollgate platform consumes a work queue. Two platforms with their own databases on one
// vhost would share `tasks_listener`, `hotornot_listener`, … and answer each other's requests
// from the wrong data. AMQP cannot list a queue's consumers, so each consuming process keeps a
// fresh claim beside the queue: a queue `<queue>.tollgate_platform` holding one message (the
// latest claim) that expires unless renewed. A consumer from another platform that finds a fresh
// foreign claim is refused.
import { type Channel, connect } from 'amqplib';
import { BusError } from './bus-error';

/** Who this process is: the platform (one per database) and the node, as `tollgate status` shows it. */
export interface PlatformIdentity {
  /** Stable per platform: every process on the same database has the same id. */
  id: string;
  /** The database the platform runs on, without credentials (for the operator's message). */
  database: string;
}

export interface WorkQueueClaim {
  platform_id: string;
  database: string;
  node: string;
  queue: string;
}

/** A claim lives this long unless renewed; renewed every CLAIM_RENEW_MS while the queue is consumed. */
const CLAIM_TTL_MS = 15_000;
export const CLAIM_RENEW_MS = 5_000;

function claimQueueName(queue: string): string {
  return `${queue}.tollgate_platform`;
}

async function assertClaimQueue(ch: Channel, queue: string): Promise<string> {
  const name = claimQueueName(queue);
  await ch.assertQueue(name, {
    durable: true,
    autoDelete: false,
    arguments: { 'x-max-length': 1, 'x-message-ttl': CLAIM_TTL_MS, 'x-expires': CLAIM_TTL_MS * 4 },
  });
  return name;
}

function parseClaim(body: Buffer): WorkQueueClaim | undefined {
  try {
    const c = JSON.parse(body.toString('utf8')) as Partial<WorkQueueClaim>;
    return typeof c.platform_id === 'string' ? (c as WorkQueueClaim) : undefined;
  } catch {
    return undefined;
  }
}

/** The claim queue's latest message, put back at once: reading a claim does not take it away. */
async function latestClaim(ch: Channel, name: string): Promise<WorkQueueClaim | undefined> {
  const msg = await ch.get(name, { noAck: false });
  if (!msg) return undefined;
  ch.nack(msg, false, true);
  return parseClaim(msg.content);
}

function sendClaim(ch: Channel, name: string, queue: string, platform: PlatformIdentity, node: string): void {
  const claim: WorkQueueClaim = { platform_id: platform.id, database: platform.database, node, queue };
  ch.sendToQueue(name, Buffer.from(JSON.stringify(claim)), { contentType: 'application/json' });
}

/**
 * The claim of a queue as an onlooker (`tollgate status`) sees it, declaring nothing: a missing
 * claim queue closes the channel (404), so give it a channel of its own.
 */
async function peekClaim(ch: Channel, queue: string): Promise<WorkQueueClaim | undefined> {
  try {
    await ch.checkQueue(claimQueueName(queue));
  } catch {
    return undefined;
  }
  return latestClaim(ch, claimQueueName(queue));
}

/** Renews this platform's claim; returns a fresh claim of another platform that was there. */
export async function renewWorkQueueClaim(ch: Channel, queue: string, platform: PlatformIdentity, node: string): Promise<WorkQueueClaim | undefined> {
  const name = await assertClaimQueue(ch, queue);
  const current = await latestClaim(ch, name);
  sendClaim(ch, name, queue, platform, node);
  return current && current.platform_id !== platform.id ? current : undefined;
}

function foreignPlatformError(queue: string, claim: WorkQueueClaim, vhostUrl: string): BusError {
  const suggestion = new URL(vhostUrl);
  suggestion.pathname = '/tollgate-<name>';
  suggestion.password = suggestion.password ? '***' : '';
  return new BusError(
    'foreign_platform',
    `queue ${queue} is consumed by another Tollgate platform (node ${claim.node}, database ${claim.database}); give each platform a RabbitMQ vhost of its own: AMQP_URL=${decodeURI(suggestion.toString())} (rabbitmqctl add_vhost tollgate-<name>)`,
  );
}

/** Refuses (BusError 'foreign_platform') when another platform holds a fresh claim; else claims the queue. */
export async function claimWorkQueue(ch: Channel, queue: string, platform: PlatformIdentity, node: string, vhostUrl: string): Promise<void> {
  const name = await assertClaimQueue(ch, queue);
  const current = await latestClaim(ch, name);
  if (current && current.platform_id !== platform.id) throw foreignPlatformError(queue, current, vhostUrl);
  sendClaim(ch, name, queue, platform, node);
}

/** Fresh claims of platforms other than `platformId` on these work queues, read over a short connection. */
export async function foreignClaims(url: string, platformId: string, queues: readonly string[]): Promise<WorkQueueClaim[]> {
  const conn = await connect(url, { timeout: 5000 });
  try {
    const out: WorkQueueClaim[] = [];
    for (const queue of queues) {
      const ch = await conn.createChannel();
      ch.on('error', () => {}); // a missing claim queue closes the channel with a 404
      const claim = await peekClaim(ch, queue);
      await ch.close().catch(() => {});
      if (claim && claim.platform_id !== platformId) out.push(claim);
    }
    return out;
  } finally {
    await conn.close().catch(() => {});
  }
}
