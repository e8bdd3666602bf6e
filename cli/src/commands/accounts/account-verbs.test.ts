// The account verbs run the accounts module crossbar runs, against the CouchDB COUCHDB_URL names.
import { bootstrapMaster, deleteAccount, fetchAccount } from '@tollgate/accounts';
import { fetchServices } from '@tollgate/services';
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { accountDbName, Couch } from '@tollgate/kazoo-db';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { Command } from 'commander';
import { CliError } from '../../cli-error';
import { createAccountVerb } from '../create-account';
import { demoteResellerVerb } from '../demote-reseller';
import { makeResellerVerb } from '../make-reseller';
import { purgeAccountVerb } from '../purge-account';
import { captureStdout, createTestVhost, type TestVhost } from '@tollgate/testing';

let server: EmbeddedCouchDB;
let couch: Couch;
let config: SystemConfig;
let masterId: string;
let vhost: TestVhost;
const saved = { couch: process.env.COUCHDB_URL, amqp: process.env.AMQP_URL };

beforeAll(async () => {
  // The verbs use the global dbs (accounts, services): give them a server of their own.
  server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  process.env.COUCHDB_URL = server.url;
  // A vhost of their own, so their document events reach no other test.
  vhost = await createTestVhost('tollgate-cli-accounts');
  process.env.AMQP_URL = vhost.url;
  couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  config = new SystemConfig({ couch, node: 'tollgate@cli-test' });
  masterId = (await bootstrapMaster({ couch, config }, { accountName: 'CLI Master', username: 'admin', password: 'pw' })).accountId;
});

afterAll(async () => {
  process.env.COUCHDB_URL = saved.couch;
  if (saved.amqp === undefined) delete process.env.AMQP_URL;
  else process.env.AMQP_URL = saved.amqp;
  for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
  await server.close();
  await vhost.remove();
});

async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  for (const verb of [createAccountVerb, makeResellerVerb, demoteResellerVerb, purgeAccountVerb]) verb.register(program);
  return captureStdout(() => program.parseAsync(['node', 'tollgate', ...args]));
}

test('create_account, make_reseller, demote_reseller and purge_account', async () => {
  const created = JSON.parse(await run('create_account', 'Reseller One', 'r1.example.com', 'ra', 'ra-pass'));
  expect(created).toMatchObject({ name: 'Reseller One', realm: 'r1.example.com', reseller_id: masterId, is_reseller: false });
  const r = created.id as string;
  const kid = JSON.parse(await run('create_account', 'Kid One', '-', 'ka', 'ka-pass', '--parent', r)).id as string;
  expect(await fetchAccount(couch, kid)).toMatchObject({ pvt_tree: [masterId, r] });

  expect(await run('make_reseller', r)).toContain(`account ${r} is a reseller`);
  expect(await fetchServices(couch, r)).toMatchObject({ pvt_reseller: true });
  expect(await fetchServices(couch, kid)).toMatchObject({ pvt_reseller_id: r });

  expect(await run('demote_reseller', r)).toContain(`now belong to ${masterId}`);
  expect(await fetchServices(couch, kid)).toMatchObject({ pvt_reseller_id: masterId });

  await expect(run('purge_account', kid)).rejects.toThrow(CliError);
  await expect(run('purge_account', kid)).rejects.toThrow(/is not deleted/);
  await deleteAccount({ couch, config }, kid);
  expect(await run('purge_account', kid)).toContain('purged');
  expect(await couch.dbExists(accountDbName(kid))).toBe(false);
});

test('errors are one line with Kazoo detail', async () => {
  await expect(run('make_reseller', masterId)).rejects.toThrow(/forbidden: .*master account/);
  await expect(run('create_account', 'Reseller One', '-', 'x', 'y')).rejects.toThrow(/validation error: .*Account name already in use/);
});
