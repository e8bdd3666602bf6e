// Crossbar with the real authenticator on a CouchDB of its own (the global dbs are shared names),
// a bootstrapped master, and a client logged in as its admin: for the tests of the account, user
// and auth endpoints.
import { bootstrapMaster } from '@tollgate/accounts';
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch } from '@tollgate/kazoo-db';
import { createLocalBus, LocalBroker } from '@tollgate/kazoo-bus';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import type { CrossbarDeps, CrossbarModule } from '../core/types';
import { allModules } from '../modules';
import { accountsModule } from '../modules/accounts';
import { apiAuthModule } from '../modules/api-auth';
import { phoneNumbersModule } from '../modules/phone-numbers';
import { transactionsModule } from '../modules/transactions';
import { userAuthModule } from '../modules/user-auth';
import { usersModule } from '../modules/users';
import { type CrossbarService, startCrossbar } from '../service';
import { type CrossbarClient, crossbarClient } from './crossbar-client';

export interface CrossbarHarness extends CrossbarClient {
  deps: CrossbarDeps;
  masterId: string;
  masterToken: string;
  close(): Promise<void>;
}

export const MASTER = { accountName: 'Harness Master', username: 'admin', password: 'master-pass' };

export interface CrossbarHarnessOptions {
  /** Modules served beside the account, user, auth, numbers and transactions ones. */
  modules?: CrossbarModule[];
  /** Serve every module crossbar has (cross-module tests), instead of the few above and `modules`. */
  everyModule?: boolean;
}

export async function startCrossbarHarness(opts: CrossbarHarnessOptions = {}): Promise<CrossbarHarness> {
  const server: EmbeddedCouchDB = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  const couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  const config = new SystemConfig({ couch, node: 'tollgate@crossbar-test' });
  await config.start();
  const bus = createLocalBus({ appName: 'crossbar', appVersion: '4.3.0', broker: new LocalBroker() });
  const deps: CrossbarDeps = { couch, bus, config, node: 'tollgate@crossbar-test' };
  const { accountId: masterId } = await bootstrapMaster(deps, MASTER);
  const crossbar: CrossbarService = await startCrossbar({
    deps,
    port: 0,
    host: '127.0.0.1',
    modules: opts.everyModule
      ? allModules
      : [accountsModule, usersModule, userAuthModule, apiAuthModule, phoneNumbersModule, transactionsModule, ...(opts.modules ?? [])],
  });
  const client = crossbarClient(crossbar.url);
  const masterToken = await client.login(MASTER.username, MASTER.password, MASTER.accountName);
  return {
    ...client,
    deps,
    masterId,
    masterToken,
    close: async () => {
      await crossbar.stop();
      await bus.close();
      await config.stop();
      for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
      await server.close();
    },
  };
}
