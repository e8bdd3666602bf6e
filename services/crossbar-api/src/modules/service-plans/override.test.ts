// POST service_plans/override (Kazoo 4.3) and `overrides` in the POST add body, over HTTP against a
// crossbar of its own: a superduper admin and the reseller whose plan it is may override it, a
// client's own admin and another reseller may not; invalid overrides are a 400 naming the field and
// write nothing; a plan given with overrides is one services-doc write.
import { bootstrapMaster, md5Credentials } from '@tollgate/accounts';
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { type Bus, createAmqpBus } from '@tollgate/kazoo-bus';
import { accountDbName, Couch, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { createTestVhost, jsonOf, type Loose, type TestVhost } from '@tollgate/testing';
import { type CrossbarService, startCrossbar } from '../../service';
import { accountsModule } from '../accounts';
import { userAuthModule } from '../user-auth';
import { usersModule } from '../users';
import { servicePlansModule } from './index';

let server: EmbeddedCouchDB;
let couch: Couch;
let config: SystemConfig;
let crossbar: CrossbarService;
let vhost: TestVhost;
let bus: Bus;
const MASTER = { accountName: 'Override Master', username: 'admin', password: 'pw-master' };
const ids = { master: '', reseller: '', client: '', other: '' };
const tokens = { master: '', reseller: '', client: '', other: '' };
const GOLD = { name: 'Gold', plan: { ratedeck: { gold: { name: 'Gold', rate: 10, activation_charge: 25 } } } };
const WAIVED = { gold: { ratedeck: { gold: { activation_charge: 0 } } } };

async function call(token: string, method: string, path: string, data?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${crossbar.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'X-Auth-Token': token },
    ...(data === undefined ? {} : { body: JSON.stringify({ data }) }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function login(username: string, password: string, accountName: string): Promise<string> {
  const res = await fetch(`${crossbar.url}/v2/user_auth`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { credentials: md5Credentials(username, password), account_name: accountName } }),
  });
  const body = await jsonOf(res);
  expect(res.status).toBe(201);
  return body.auth_token;
}

/** An account under `parent` with an admin user, and that admin's token. */
async function accountWithAdmin(parent: string, name: string, username: string): Promise<[string, string]> {
  const created = await call(tokens.master, 'PUT', `/v2/accounts/${parent}`, { name });
  expect(created.status).toBe(201);
  const id = created.body.data.id;
  const user = await call(tokens.master, 'PUT', `/v2/accounts/${id}/users`, { username, password: `${username}-pw`, first_name: 'A', last_name: 'B', priv_level: 'admin' });
  expect(user.status).toBe(201);
  return [id, await login(username, `${username}-pw`, name)];
}

function revNumber(doc: { _rev?: string } | undefined): number {
  return Number.parseInt(String(doc?._rev ?? '0').split('-')[0], 10);
}

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  config = new SystemConfig({ couch, node: 'tollgate@override-test' });
  await config.start();
  // Writes are announced on a real RabbitMQ (a vhost of this test's own).
  vhost = await createTestVhost('tollgate-override');
  bus = createAmqpBus({ url: vhost.url, appName: 'crossbar', appVersion: '4.3.0' });
  const deps = { couch, bus, config, node: 'tollgate@override-test' };
  ids.master = (await bootstrapMaster(deps, MASTER)).accountId;
  crossbar = await startCrossbar({ deps, port: 0, host: '127.0.0.1', modules: [accountsModule, usersModule, userAuthModule, servicePlansModule] });
  tokens.master = await login(MASTER.username, MASTER.password, MASTER.accountName);
  [ids.reseller, tokens.reseller] = await accountWithAdmin(ids.master, 'Override Reseller', 'boss');
  expect((await call(tokens.master, 'PUT', `/v2/accounts/${ids.reseller}/reseller`)).status).toBeLessThan(300);
  [ids.other, tokens.other] = await accountWithAdmin(ids.master, 'Other Reseller', 'rival');
  expect((await call(tokens.master, 'PUT', `/v2/accounts/${ids.other}/reseller`)).status).toBeLessThan(300);
  [ids.client, tokens.client] = await accountWithAdmin(ids.reseller, 'Override Client', 'client');
  await couch.put(accountDbName(ids.reseller), { _id: 'gold', pvt_type: 'service_plan', ...GOLD });
  expect((await call(tokens.reseller, 'POST', `/v2/accounts/${ids.client}/service_plans`, { add: ['gold'] })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await crossbar?.stop();
  await bus?.close();
  await vhost?.remove();
  await config?.stop();
  for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
  await server.close();
});

test("the reseller whose plan it is overrides it for its client: the merged plan is returned and the overrides stored", async () => {
  const res = await call(tokens.reseller, 'POST', `/v2/accounts/${ids.client}/service_plans/override`, { overrides: WAIVED });
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual({ plan: { ratedeck: { gold: { name: 'Gold', rate: 10, activation_charge: 0 } } } });
  expect(await couch.get(GLOBAL_DBS.services, ids.client)).toMatchObject({ plans: { gold: { account_id: ids.reseller, overrides: WAIVED.gold } } });
  expect((await call(tokens.reseller, 'GET', `/v2/accounts/${ids.client}/service_plans/current`)).body.data.plan.ratedeck.gold.activation_charge).toBe(0);
});

test('a superduper admin may override (Kazoo); `{}` clears the overrides', async () => {
  const res = await call(tokens.master, 'POST', `/v2/accounts/${ids.client}/service_plans/override`, { overrides: { gold: {} } });
  expect(res.status).toBe(200);
  expect(res.body.data.plan.ratedeck.gold.activation_charge).toBe(25);
  expect((await couch.get<Loose>(GLOBAL_DBS.services, ids.client))?.plans.gold.overrides).toBeUndefined();
});

test("the client's own admin and another reseller are forbidden, and nothing is written", async () => {
  const before = await couch.get(GLOBAL_DBS.services, ids.client);
  for (const token of [tokens.client, tokens.other]) {
    const res = await call(token, 'POST', `/v2/accounts/${ids.client}/service_plans/override`, { overrides: WAIVED });
    expect(res.status).toBe(403);
  }
  expect((await couch.get(GLOBAL_DBS.services, ids.client))?._rev).toBe(before?._rev);
});

test('invalid overrides are a 400 naming the field (a plan the account lacks, a negative charge, another deck, not an object); nothing is written', async () => {
  const before = await couch.get(GLOBAL_DBS.services, ids.client);
  const path = `/v2/accounts/${ids.client}/service_plans/override`;
  const negative = await call(tokens.reseller, 'POST', path, { overrides: { gold: { ratedeck: { gold: { activation_charge: -1 } } } } });
  expect(negative.status).toBe(400);
  expect(negative.body.data).toEqual({ 'overrides.gold.ratedeck.gold.activation_charge': { minimum: expect.objectContaining({ message: 'Value must be at least 0' }) } });
  const missing = await call(tokens.reseller, 'POST', path, { overrides: { silver: {} } });
  expect(missing.status).toBe(400);
  expect(Object.keys(missing.body.data)).toEqual(['overrides.silver']);
  // Overrides change a deck item's fees, never which deck the client rates on.
  const otherDeck = await call(tokens.reseller, 'POST', path, { overrides: { gold: { ratedeck: { wholesale: {} } } } });
  expect(otherDeck.status).toBe(400);
  expect(Object.keys(otherDeck.body.data)).toEqual(['overrides.gold.ratedeck.wholesale']);
  expect((await call(tokens.reseller, 'POST', path, { overrides: { gold: 'free' } })).body.data).toEqual({ 'overrides.gold': { type: expect.any(Object) } });
  expect((await call(tokens.reseller, 'POST', path, { overrides: [] })).status).toBe(400);
  expect((await call(tokens.reseller, 'POST', path, {})).status).toBe(400);
  expect((await couch.get(GLOBAL_DBS.services, ids.client))?._rev).toBe(before?._rev);
});

test('POST service_plans gives a plan with its overrides in one services-doc write; overrides of a plan not given are a 400', async () => {
  const [client2] = await accountWithAdmin(ids.reseller, 'Override Client 2', 'client2');
  const before = await couch.get(GLOBAL_DBS.services, client2);
  const bad = await call(tokens.reseller, 'POST', `/v2/accounts/${client2}/service_plans`, { add: [], overrides: WAIVED });
  expect(bad.status).toBe(400);
  expect((await call(tokens.reseller, 'POST', `/v2/accounts/${client2}/service_plans`, { add: ['gold'], overrides: 'x' })).status).toBe(400);
  expect((await couch.get(GLOBAL_DBS.services, client2))?._rev).toBe(before?._rev);

  const res = await call(tokens.reseller, 'POST', `/v2/accounts/${client2}/service_plans`, { add: ['gold'], overrides: WAIVED });
  expect(res.status).toBe(200);
  expect(res.body.data.plan.ratedeck.gold.activation_charge).toBe(0);
  const after = await couch.get<Loose>(GLOBAL_DBS.services, client2);
  expect(revNumber(after)).toBe(revNumber(before) + 1);
  expect(after?.plans.gold).toMatchObject({ account_id: ids.reseller, overrides: WAIVED.gold });
});
