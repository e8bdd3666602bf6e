// service_plans and services over HTTP against a crossbar of their own (seed 001's calls included).
import { bootstrapMaster, md5Credentials } from '@tollgate/accounts';
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { accountDbName, Couch, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { createLocalBus, type KazooMessage, LocalBroker } from '@tollgate/kazoo-bus';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { jsonOf, type Loose, waitFor } from '@tollgate/testing';
import { type CrossbarService, startCrossbar } from '../../service';
import { accountsModule } from '../accounts';
import { servicePlansModule } from './index';
import { servicesModule } from '../services';
import { userAuthModule } from '../user-auth';

let server: EmbeddedCouchDB;
let couch: Couch;
let config: SystemConfig;
let crossbar: CrossbarService;
let masterId: string;
let token: string;
let resellerId: string;
const events: KazooMessage[] = [];
const MASTER = { accountName: 'Plans Master', username: 'admin', password: 'pw-master' };

async function call(method: string, path: string, data?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${crossbar.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'X-Auth-Token': token },
    ...(data === undefined ? {} : { body: JSON.stringify({ data }) }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function putPlan(accountId: string, id: string, plan: Record<string, unknown>): Promise<void> {
  await couch.put(accountDbName(accountId), { _id: id, pvt_type: 'service_plan', ...plan });
}

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  config = new SystemConfig({ couch, node: 'tollgate@plans-test' });
  await config.start();
  const broker = new LocalBroker();
  const bus = createLocalBus({ appName: 'crossbar', appVersion: '4.3.0', broker });
  await createLocalBus({ appName: 'listener', appVersion: '4.3.0', broker }).consume({ bindings: [{ exchange: 'configuration', routingKey: '#' }] }, (msg) => {
    events.push(msg);
  });
  const deps = { couch, bus, config, node: 'tollgate@plans-test' };
  masterId = (await bootstrapMaster(deps, MASTER)).accountId;
  crossbar = await startCrossbar({ deps, port: 0, host: '127.0.0.1', modules: [accountsModule, userAuthModule, servicePlansModule, servicesModule] });
  const login = await fetch(`${crossbar.url}/v2/user_auth`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { credentials: md5Credentials(MASTER.username, MASTER.password), account_name: MASTER.accountName } }),
  });
  token = (await jsonOf(login)).auth_token;
  const r = await call('PUT', `/v2/accounts/${masterId}`, { name: 'Plans Reseller' });
  resellerId = r.body.data.id;
}, 60000);

afterAll(async () => {
  await crossbar.stop();
  await config.stop();
  for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
  await server.close();
});

test("seed 001: a plan PUT into the admin db is listed, and adding it returns the merged plan and sets the account's ratedeck", async () => {
  await putPlan(masterId, 'plan_bulk_ratedeck', { name: 'Bulk Ratedeck Service Plan', plan: { ratedeck: { bulk: {} } } });
  const listed = await call('GET', `/v2/accounts/${masterId}/service_plans`);
  expect(listed.status).toBe(200);
  expect(listed.body.data).toEqual([{ id: 'plan_bulk_ratedeck', name: 'Bulk Ratedeck Service Plan' }]);
  expect(listed.body.page_size).toBe(1);

  const added = await call('POST', `/v2/accounts/${resellerId}/service_plans`, { add: ['plan_bulk_ratedeck'] });
  expect(added.status).toBe(200);
  expect(added.body.data).toEqual({ plan: { ratedeck: { bulk: {} } } });
  expect(added.body.revision).toMatch(/^\d+-/);
  const services = await couch.get(GLOBAL_DBS.services, resellerId);
  expect(services).toMatchObject({ ratedeck: { id: 'bulk', name: 'bulk' }, pvt_dirty: true, plans: { plan_bulk_ratedeck: { account_id: masterId } } });
  expect((await call('GET', `/v2/accounts/${resellerId}/service_plans/current`)).body.data).toEqual({ plan: { ratedeck: { bulk: {} } } });
});

test('a plan naming another ratedeck is refused with 409 naming both plans, and nothing changes', async () => {
  await putPlan(masterId, 'plan_retail', { name: 'Retail', plan: { ratedeck: { retail: {} } } });
  const before = await couch.get(GLOBAL_DBS.services, resellerId);
  const res = await call('POST', `/v2/accounts/${resellerId}/service_plans/plan_retail`);
  expect(res.status).toBe(409);
  expect(res.body.data.message).toContain('plan_bulk_ratedeck (bulk)');
  expect(res.body.data.message).toContain('plan_retail (retail)');
  expect(res.body.data.plans).toEqual(['plan_bulk_ratedeck', 'plan_retail']);
  expect((await couch.get(GLOBAL_DBS.services, resellerId))?._rev).toBe(before?._rev);
});

test('swapping plans in one POST (delete + add) moves the account to the other deck; DELETE removes it', async () => {
  const swapped = await call('POST', `/v2/accounts/${resellerId}/service_plans`, { add: ['plan_retail'], delete: ['plan_bulk_ratedeck'] });
  expect(swapped.status).toBe(200);
  expect((await couch.get(GLOBAL_DBS.services, resellerId))?.ratedeck).toEqual({ id: 'retail', name: 'retail' });
  const removed = await call('DELETE', `/v2/accounts/${resellerId}/service_plans/plan_retail`);
  expect(removed.body.data).toEqual({ plan: {} });
  expect((await couch.get(GLOBAL_DBS.services, resellerId))?.ratedeck).toBeUndefined();
});

test('unknown plans are 404 and malformed add lists 400', async () => {
  expect((await call('POST', `/v2/accounts/${resellerId}/service_plans`, { add: ['nope'] })).status).toBe(404);
  const bad = await call('POST', `/v2/accounts/${resellerId}/service_plans`, { add: 'plan_retail' });
  expect(bad.status).toBe(400);
  expect(bad.body.data).toEqual({ add: { type: { message: 'add must be a list of service plan ids' } } });
});

test('PUT /service_plans validates the plan, writes it into the account db, refuses a duplicate id', async () => {
  const bad = await call('PUT', `/v2/accounts/${masterId}/service_plans`, { id: 'plan_bad', name: 'Bad', plan: { users: { user: { rate: -2 } } } });
  expect(bad.status).toBe(400);
  expect(bad.body.data).toEqual({ 'plan.users.user.rate': { minimum: { message: 'Value must be at least 0', target: 0 } } });
  expect(await couch.get(accountDbName(masterId), 'plan_bad')).toBeUndefined();

  const plan = { id: 'plan_users', name: 'Users', plan: { users: { _all: { rate: 4.5, as: 'user', minimum: 2 } } } };
  const created = await call('PUT', `/v2/accounts/${masterId}/service_plans`, plan);
  expect(created.status).toBe(201);
  expect(created.body.data).toEqual(plan);
  expect(await couch.get(accountDbName(masterId), 'plan_users')).toMatchObject({ pvt_type: 'service_plan', pvt_account_id: masterId });
  expect((await call('PUT', `/v2/accounts/${masterId}/service_plans`, plan)).status).toBe(409);
  expect((await call('GET', `/v2/accounts/${resellerId}/service_plans/available/plan_users`)).body.data).toEqual(plan);
  // Not a reseller: no plans of its own.
  expect((await call('PUT', `/v2/accounts/${resellerId}/service_plans`, { name: 'x', plan: {} })).status).toBe(403);
});

test('services and services/summary show what the account is billed, in dollars', async () => {
  await call('POST', `/v2/accounts/${resellerId}/service_plans`, { add: ['plan_users'] });
  const services = await call('GET', `/v2/accounts/${resellerId}/services`);
  expect(services.status).toBe(200);
  expect(services.body.data).toMatchObject({ billing_id: resellerId, reseller_id: masterId, dirty: true, in_good_standing: true, status: 'good_standing' });
  const summary = await call('GET', `/v2/accounts/${resellerId}/services/summary`);
  expect(summary.body.data).toMatchObject({ total: 9, activation_charges: 0 });
  expect(summary.body.data.items).toEqual([expect.objectContaining({ category: 'users', item: 'user', quantity: 0, billable_quantity: 2, rate: 4.5, total: 9 })]);
});

test('a change names at most max_plans_per_request plans; 50,000 ids are a 400 that changes nothing', async () => {
  const before = await couch.get(GLOBAL_DBS.services, resellerId);
  const huge = Array.from({ length: 50_000 }, (_, i) => `p${i}`);
  const res = await call('POST', `/v2/accounts/${resellerId}/service_plans`, { add: huge });
  expect(res.status).toBe(400);
  expect(res.body.data).toEqual({ add: { maxItems: { message: 'add may list at most 50 service plan ids, got 50000', target: 50 } } });
  const del = await call('POST', `/v2/accounts/${resellerId}/service_plans`, { delete: huge.slice(0, 51) });
  expect(del.status).toBe(400);
  expect((await couch.get(GLOBAL_DBS.services, resellerId))?._rev).toBe(before?._rev);
  // Repeats count once.
  const repeated = await call('POST', `/v2/accounts/${resellerId}/service_plans`, { add: Array.from({ length: 60 }, () => 'plan_users') });
  expect(repeated.status).toBe(200);
});

test('a plan PUT through crossbar and a plan assignment are announced as doc events (services-sync follows them)', async () => {
  const created = await call('PUT', `/v2/accounts/${masterId}/service_plans`, { id: 'plan_announced', name: 'Announced', plan: {} });
  expect(created.status).toBe(201);
  await waitFor('the plan doc_created event', async () =>
    events.some((e) => e['Event-Name'] === 'doc_created' && e.Type === 'service_plan' && e.ID === 'plan_announced' && e['Account-ID'] === masterId) ? true : undefined,
  );
  expect((await call('POST', `/v2/accounts/${resellerId}/service_plans/plan_announced`)).status).toBe(200);
  await waitFor('the services doc_edited event', async () =>
    events.some((e) => e['Event-Name'] === 'doc_edited' && e.Type === 'service' && e.ID === resellerId && e.Database === GLOBAL_DBS.services) ? true : undefined,
  );
});
