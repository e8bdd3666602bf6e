// The services verbs run the library services-sync runs, against the CouchDB COUCHDB_URL names.
import { bootstrapMaster, createAccount } from '@tollgate/accounts';
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { accountDbName, Couch, GLOBAL_DBS, stampPvt } from '@tollgate/kazoo-db';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { balance } from '@tollgate/ledger';
import { Command } from 'commander';
import { creditVerb } from '../credit';
import { debitVerb } from '../debit';
import { reconcileVerb } from '../reconcile';
import { servicesVerb } from '../services';
import { syncVerb } from '../sync';
import { syncAllVerb } from '../sync-all';
import { captureStdout } from '@tollgate/testing';

let server: EmbeddedCouchDB;
let couch: Couch;
let customerId: string;
const saved = process.env.COUCHDB_URL;

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  process.env.COUCHDB_URL = server.url;
  couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  const config = new SystemConfig({ couch, node: 'tollgate@cli-services-test' });
  const deps = { couch, config };
  const { accountId: masterId } = await bootstrapMaster(deps, { accountName: 'CLI Services Master', username: 'admin', password: 'pw' });
  await couch.put(accountDbName(masterId), stampPvt({ _id: 'plan_users', name: 'Users', plan: { users: { _all: { rate: 3, as: 'user' } } } }, { type: 'service_plan', account: masterId }));
  await couch.update(GLOBAL_DBS.services, masterId, (cur) => (cur ? { ...cur, default_service_plan: 'plan_users' } : undefined));
  customerId = (await createAccount(deps, { parentId: masterId, data: { name: 'CLI Customer' } }))._id;
}, 60000);

afterAll(async () => {
  process.env.COUCHDB_URL = saved;
  for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
  await server.close();
});

async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  for (const verb of [creditVerb, debitVerb, reconcileVerb, servicesVerb, syncVerb, syncAllVerb]) verb.register(program);
  return captureStdout(() => program.parseAsync(['node', 'tollgate', ...args]), { quietStderr: true });
}

test('credit and debit move the local ledger balance, exactly', async () => {
  expect(await run('credit', customerId, '25')).toContain('balance $25');
  expect(await run('debit', customerId, '0.1')).toContain('balance $24.9');
  await expect(run('credit', customerId, '-3')).rejects.toThrow(/positive number of dollars/);
  await expect(run('credit', 'not-an-account', '3')).rejects.toThrow(/not an account id/);
});

test('credit with --id is recorded once however often it is retried; the same id for another amount is refused', async () => {
  const before = await balance(couch, customerId);
  expect(await run('credit', customerId, '10', '--id', 'wire-2026-11-24-001')).toContain('credit of $10 recorded');
  expect(await run('credit', customerId, '10', '--id', 'wire-2026-11-24-001')).toContain('credit wire-2026-11-24-001 of $10 was already recorded');
  expect(await balance(couch, customerId)).toBe(before + 100_000);
  await expect(run('credit', customerId, '11', '--id', 'wire-2026-11-24-001')).rejects.toThrow(/already exists .* as a credit of \$10; nothing recorded/);
  await expect(run('debit', customerId, '10', '--id', 'wire-2026-11-24-001')).rejects.toThrow(/already exists/);
  await expect(run('credit', customerId, '1', '--id', '_design/x')).rejects.toThrow(/--id must be/);
  expect(await balance(couch, customerId)).toBe(before + 100_000);
});

test('reconcile counts, services show prints the plan and the preview, sync bills with the local bookkeeper', async () => {
  await couch.put(accountDbName(customerId), stampPvt({ _id: 'u-extra', pvt_type: 'user', priv_level: 'user' }, { account: customerId }));
  const reconciled = JSON.parse(await run('reconcile', customerId));
  expect(reconciled.quantities.users).toEqual({ user: 1 });
  const shown = JSON.parse(await run('services', 'show', customerId));
  expect(Object.keys(shown.plans)).toEqual(['plan_users']);
  expect(shown.summary.total).toBe(3);
  expect(await run('sync', customerId)).toContain(`account ${customerId} synced with local (good_standing)`);
  expect(await run('sync_all')).toMatch(/accounts: /);
});
