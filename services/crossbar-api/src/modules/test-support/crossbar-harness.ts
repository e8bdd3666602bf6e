// For the auth/accounts/users module tests: crossbar with the real authenticator on a CouchDB of
// its own (the global dbs are shared names), a bootstrapped master, and HTTP helpers.
import { bootstrapMaster, md5Credentials } from '@tollgate/accounts';
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch } from '@tollgate/kazoo-db';
import { createLocalBus, LocalBroker } from '@tollgate/kazoo-bus';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { jsonOf, type Loose } from '@tollgate/testing';
import type { CrossbarDeps } from '../../core/types';
import { type CrossbarService, startCrossbar } from '../../service';
import { accountsModule } from '../accounts';
import { apiAuthModule } from '../api-auth';
import { phoneNumbersModule } from '../phone-numbers';
import { transactionsModule } from '../transactions';
import { userAuthModule } from '../user-auth';
import { usersModule } from '../users';

export interface Reply {
  status: number;
  body: Loose;
}

export interface CrossbarHarness {
  url: string;
  deps: CrossbarDeps;
  masterId: string;
  masterToken: string;
  call(method: string, path: string, opts?: { token?: string; data?: unknown; raw?: string }): Promise<Reply>;
  login(username: string, password: string, accountName: string): Promise<string>;
  close(): Promise<void>;
}

export const MASTER = { accountName: 'Harness Master', username: 'admin', password: 'master-pass' };

export async function startCrossbarHarness(): Promise<CrossbarHarness> {
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
    modules: [accountsModule, usersModule, userAuthModule, apiAuthModule, phoneNumbersModule, transactionsModule],
  });
  const call: CrossbarHarness['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.token) headers['X-Auth-Token'] = opts.token;
    const body = opts.raw ?? (opts.data === undefined ? undefined : JSON.stringify({ data: opts.data }));
    const res = await fetch(`${crossbar.url}${path}`, { method, headers, body });
    return { status: res.status, body: await jsonOf(res) };
  };
  const login = async (username: string, password: string, accountName: string) => {
    const res = await call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials(username, password), account_name: accountName } });
    if (res.status !== 201) throw new Error(`login ${username}@${accountName}: ${res.status} ${JSON.stringify(res.body)}`);
    return String(res.body.auth_token);
  };
  const masterToken = await login(MASTER.username, MASTER.password, MASTER.accountName);
  return {
    url: crossbar.url,
    deps,
    masterId,
    masterToken,
    call,
    login,
    close: async () => {
      await crossbar.stop();
      await bus.close();
      await config.stop();
      for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
      await server.close();
    },
  };
}
