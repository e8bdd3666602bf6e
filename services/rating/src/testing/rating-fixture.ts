// Test-only: the rating service on a CouchDB and a RabbitMQ vhost of its own, since it uses Kazoo's
// fixed names (`services`, `ratedeck`, queue `hotornot_listener`) that other tests must not share.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch, type Doc } from '@tollgate/kazoo-db';
import { type Bus, createAmqpBus } from '@tollgate/kazoo-bus';
import { ensureGlobalDbs, Metrics, type ServiceDeps } from '@tollgate/service-kit';
import { createTestVhost, randomHex } from '@tollgate/testing';
import { type RatingService, start } from '../index';


export interface RatingFixture {
  server: EmbeddedCouchDB;
  couch: Couch;
  amqpUrl: string;
  config: SystemConfig;
  bus: Bus;
  rating: RatingService;
  /** The registry this fixture's rating instances report to (a scrape: `metrics.scrape()`). */
  metrics: Metrics;
  /** Where this fixture's rating instances keep their deck snapshots (removed by stop()). */
  snapshotDir: string;
  /** Starts another rating instance on the same CouchDB and vhost. */
  startAnother(): Promise<RatingService>;
  /** A bus for requesters (crossbar, a softswitch written with our library). */
  client(): Bus;
  stop(): Promise<void>;
}

export function rateDoc(prefix: string, rateCost: number | string, extra: Record<string, unknown> = {}): Doc {
  return { _id: `XX-${prefix}`, pvt_type: 'rate', prefix: Number(prefix), rate_cost: rateCost, routes: [`^\\+${prefix}(\\d*)$`], ...extra };
}

/** The seed's simple_rates.csv as the import stores it. */
export function seedDeck(scale = 1): Doc[] {
  const cost = (c: number) => Number((c * scale).toPrecision(12)); // 0.1 × 0.1 is 0.01, not 0.010000000000000002
  return [
    rateDoc('1503', cost(0.1), { description: 'BRONZE', rate_name: '1503' }),
    rateDoc('150', cost(0.2), { description: 'SILVER', rate_name: '150' }),
    rateDoc('15', cost(0.3), { description: 'GOLD', rate_name: '15' }),
    rateDoc('1', cost(0.4), { description: 'PLATINUM', rate_name: '1' }),
  ];
}

export async function startRatingFixture(prepare?: (couch: Couch) => Promise<void>): Promise<RatingFixture> {
  const vhost = await createTestVhost('tollgate-rating');
  const server = await startEmbeddedCouchDB({ port: 0 });
  const couch = new Couch(server.url);
  const buses: Bus[] = [];
  const services: RatingService[] = [];
  const newBus = (app: string) => {
    const b = createAmqpBus({ url: vhost.url, appName: app, appVersion: '4.3.0', node: `${app}-${randomHex(3)}@test` });
    buses.push(b);
    return b;
  };
  await ensureGlobalDbs(couch);
  await prepare?.(couch);
  const node = `rating-${randomHex(3)}@test`;
  const config = new SystemConfig({ couch, node });
  await config.start();
  const bus = newBus('tollgate');
  const metrics = new Metrics({ processMetrics: false });
  const deps = (b: Bus): ServiceDeps => ({ couch, bus: b, config, node, metrics });
  const snapshotDir = await mkdtemp(join(tmpdir(), 'tollgate-rating-test-'));
  const rating = await start(deps(bus), { snapshotDir });
  services.push(rating);
  return {
    server,
    couch,
    amqpUrl: vhost.url,
    config,
    bus,
    rating,
    metrics,
    snapshotDir,
    startAnother: async () => {
      const s = await start(deps(newBus('tollgate')), { snapshotDir });
      services.push(s);
      return s;
    },
    client: () => newBus('client'),
    stop: async () => {
      for (const s of services) await s.stop();
      for (const b of buses) await b.close();
      await config.stop();
      // The in-memory adapter keeps dbs per name for the whole process: leave none behind.
      try {
        for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
      } catch {
        // the server may have been stopped by the test
      }
      await server.close();
      await vhost.remove();
      await rm(snapshotDir, { recursive: true, force: true });
    },
  };
}
