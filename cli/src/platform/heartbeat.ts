// Each running process advertises itself in the `tollgate_nodes` db (one doc per node, refreshed
// every few seconds), so `tollgate status` can tell which services run where, whatever the bus.
import { type Couch, gregorianNow, stampPvt } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import type { Readiness } from '@tollgate/service-kit';

const log = createLogger('heartbeat');

const NODES_DB = 'tollgate_nodes';
const HEARTBEAT_INTERVAL_S = 5;
/** A node not heard from for this long is considered down. */
const HEARTBEAT_STALE_S = 3 * HEARTBEAT_INTERVAL_S;

export interface NodeDoc {
  _id: string;
  _rev?: string;
  services: string[];
  bus: 'amqp' | 'local';
  crossbar_url?: string;
  pid: number;
  started: number;
  heartbeat: number;
  /** Per service: can it answer yet, and if not what it is doing (absent in docs of older nodes). */
  readiness?: Record<string, Readiness>;
  [key: string]: unknown;
}

export interface Heartbeat {
  /** Writes the node doc now (a service became ready) rather than at the next beat. */
  beatNow(): Promise<void>;
  stop(): Promise<void>;
}

/** Read at every beat, so what changes while the node starts (crossbar's URL) is carried. */
export interface HeartbeatInfo {
  node: string;
  services: string[];
  bus: 'amqp' | 'local';
  crossbar_url?: string;
  pid: number;
  readiness?: () => Record<string, Readiness>;
}

export async function startHeartbeat(couch: Couch, node: HeartbeatInfo): Promise<Heartbeat> {
  await couch.ensureDb(NODES_DB);
  const started = gregorianNow();
  const beat = (services: string[]) =>
    couch.update<NodeDoc>(NODES_DB, node.node, () =>
      stampPvt(
        {
          _id: node.node,
          services,
          bus: node.bus,
          crossbar_url: node.crossbar_url,
          pid: node.pid,
          started,
          heartbeat: gregorianNow(),
          readiness: services.length > 0 ? node.readiness?.() : undefined,
        },
        { type: 'node' },
      ),
    );
  await beat(node.services);
  const timer = setInterval(() => {
    beat(node.services).catch((err) => log.warn('heartbeat failed', { error: (err as Error).message }));
  }, HEARTBEAT_INTERVAL_S * 1000);
  timer.unref();
  return {
    beatNow: async () => {
      await beat(node.services).catch((err) => log.warn('heartbeat failed', { error: (err as Error).message }));
    },
    stop: async () => {
      clearInterval(timer);
      await beat([]).catch(() => undefined);
    },
  };
}

export async function readNodes(couch: Couch): Promise<NodeDoc[]> {
  const rows = await couch.allDocs<NodeDoc>(NODES_DB, { include_docs: true });
  return rows.flatMap((r) => (r.doc && !r.id.startsWith('_design/') ? [r.doc] : []));
}

export function isAlive(node: NodeDoc, now = gregorianNow()): boolean {
  return node.services.length > 0 && now - node.heartbeat <= HEARTBEAT_STALE_S;
}
