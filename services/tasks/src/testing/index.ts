// Test helpers of @tollgate/tasks-service: a CouchDB server and a RabbitMQ vhost of the test's
// own (tasks are claimed through the `tasks` db and the shared `tasks_listener` queue, so tests
// must not share either), and deps for as many service instances as a test starts.
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { type Bus, createAmqpBus } from '@tollgate/kazoo-bus';
import { Couch, deployDesignDocs } from '@tollgate/kazoo-db';
import type { ServiceDeps } from '@tollgate/service-kit';
import { TASKS_DB } from '@tollgate/tasks';
import { amqpUrl, createTestVhost, randomHex } from '@tollgate/testing';

export interface Harness {
  couch: Couch;
  couchUrl: string;
  amqpUrl: string;
  config: SystemConfig;
  deps(node?: string): Promise<ServiceDeps>;
  close(): Promise<void>;
}

export async function startHarness(settings: Record<string, number> = {}): Promise<Harness> {
  const server: EmbeddedCouchDB = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  const vhost = await createTestVhost('tollgate-tasks', amqpUrl());
  const couch = new Couch(server.url);
  for (const db of [TASKS_DB, 'system_config']) await couch.ensureDb(db);
  await deployDesignDocs(couch, TASKS_DB, 'tasks');
  const config = new SystemConfig({ couch, node: 'tollgate@test' });
  await config.start();
  for (const [k, v] of Object.entries(settings)) await config.setDefault('tasks', k, v);
  const buses: Bus[] = [];
  return {
    couch,
    couchUrl: server.url,
    amqpUrl: vhost.url,
    config,
    deps: async (node = `tasks-${randomHex(2)}@test`) => {
      const bus = createAmqpBus({ url: vhost.url, appName: 'tasks', appVersion: '4.3.0', node });
      buses.push(bus);
      return { couch, bus, config, node };
    },
    close: async () => {
      for (const b of buses) await b.close().catch(() => undefined);
      await config.stop();
      await server.close();
      await vhost.remove();
    },
  };
}
