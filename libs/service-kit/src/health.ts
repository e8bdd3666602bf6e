// What GET /health on the metrics port answers: is the process ready (every service started and
// saying so), healthy (CouchDB answers, the AMQP connection is up, no `_changes` follower stuck
// behind), with the detail. 200 when ready and healthy, 503 otherwise.
import { followerStates } from '@tollgate/kazoo-db';
import type { Couch } from '@tollgate/kazoo-db';
import type { Bus } from '@tollgate/kazoo-bus';
import type { Readiness } from './readiness';

/** A follower further behind than this (seconds since it was last caught up) makes the process unhealthy. */
export const FOLLOWER_LAG_LIMIT_S = 60;
const COUCH_TIMEOUT_MS = 2000;

export interface HealthReport {
  status: 'ok' | 'unavailable';
  ready: boolean;
  healthy: boolean;
  services: Record<string, Readiness>;
  dependencies: {
    couchdb: { reachable: boolean; error?: string };
    amqp: { reachable: boolean; mode: 'amqp' | 'local' };
  };
  followers: { db: string; name?: string; caught_up: boolean; lag_seconds: number }[];
}

export interface HealthSources {
  couch: Couch;
  bus: Bus;
  /** Each service's readiness (the platform's view: not started yet counts as not ready). */
  readiness: () => Record<string, Readiness>;
}

async function couchReachable(couch: Couch): Promise<{ reachable: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      couch.sessionUser(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${COUCH_TIMEOUT_MS} ms`)), COUCH_TIMEOUT_MS);
      }),
    ]);
    return { reachable: true };
  } catch (err) {
    return { reachable: false, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(src: HealthSources): Promise<HealthReport> {
  const services = src.readiness();
  const couchdb = await couchReachable(src.couch);
  const amqp = { reachable: src.bus.mode === 'local' || src.bus.connected, mode: src.bus.mode };
  const followers = followerStates().map((f) => ({ db: f.db, ...(f.name ? { name: f.name } : {}), caught_up: f.caughtUp, lag_seconds: f.lagSeconds }));
  const ready = Object.values(services).every((s) => s.ready);
  const healthy = couchdb.reachable && amqp.reachable && followers.every((f) => f.lag_seconds <= FOLLOWER_LAG_LIMIT_S);
  return { status: ready && healthy ? 'ok' : 'unavailable', ready, healthy, services, dependencies: { couchdb, amqp }, followers };
}
