// For the accounts module's tests: a CouchDB of their own (the global dbs `accounts`, `services` and
// `token_auth` are shared names), live system_config on it, and an in-process bus that records
// the document events published.
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch } from '@tollgate/kazoo-db';
import { type Bus, createLocalBus, docBindingKey, type KazooMessage, LocalBroker } from '@tollgate/kazoo-bus';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import type { AccountsDeps } from '../deps';

export interface Harness {
  deps: AccountsDeps & { bus: Bus };
  couch: Couch;
  config: SystemConfig;
  events: KazooMessage[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const server: EmbeddedCouchDB = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  const couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  const config = new SystemConfig({ couch, node: 'tollgate@accounts-test' });
  await config.start();
  const bus = createLocalBus({ appName: 'accounts-test', appVersion: '4.3.0', broker: new LocalBroker() });
  const events: KazooMessage[] = [];
  await bus.consume({ queue: '', exclusive: true, bindings: [{ exchange: 'configuration', routingKey: docBindingKey() }] }, (msg) => {
    events.push(msg);
  });
  return {
    deps: { couch, config, bus },
    couch,
    config,
    events,
    close: async () => {
      await bus.close();
      await config.stop();
      for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
      await server.close();
    },
  };
}
