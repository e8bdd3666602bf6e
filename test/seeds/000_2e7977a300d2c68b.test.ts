// Seed 000 (Kazoo reseller setup and billing sync), walked through against a whole platform: a
// reseller made with the CLI's make_reseller, a service plan PUT straight into the reseller's db on
// CouchDB, default_service_plan set in services/<reseller>, a sub-account that gets the plan, US
// numbers counted by classification, `tollgate sync` -> a Braintree subscription on SIP_Services
// with the did_us add-on and its discount, and the summary endpoint showing the same total.
// The reseller keeps its own Braintree account (reseller_bookkeeper_lookup): the seed's "only ONE
// Braintree account for the entire system" is lifted, so the master's gateway must see nothing.
import { commands } from '@tollgate/cli';
import { accountDbName, GLOBAL_DBS } from '@tollgate/kazoo-db';
import type { ServicesDoc } from '@tollgate/services';
import { type BraintreeStubServer, createBraintreeCustomer, startBraintreeStub } from '@tollgate/services/testing';
import { captureStdout, jsonOf, type Loose, waitFor } from '@tollgate/testing';
import { Command } from 'commander';
import { startTestPlatform, type TestPlatform } from '../support/platform';

let p: TestPlatform;
let token: string;
let resellerGateway: BraintreeStubServer;
let masterGateway: BraintreeStubServer;
let resellerId: string;
let customerId: string;
const saved = { couch: process.env.COUCHDB_URL, amqp: process.env.AMQP_URL };

const PLAN_ID = 'mycompany_default_plan';
const plan = {
  pvt_type: 'service_plan',
  name: 'My Company default plan',
  description: '',
  plan: {
    phone_numbers: {
      did_us: { name: 'US DID', rate: 1, cascade: false, discounts: { cumulative: { maximum: 2, rate: 0.5 } } },
    },
  },
  bookkeepers: {
    braintree: {
      phone_numbers: { did_us: { plan: 'SIP_Services', addon: 'did_us', discounts: { cumulative: 'discount_did_us' } } },
    },
  },
};

async function api(method: string, path: string, data?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    ...(data === undefined ? {} : { body: JSON.stringify({ data }) }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

/**
 * Straight to CouchDB, as the seed does with curl on :15984 — now with the admin's credentials
 * (`curl -u admin:<password> http://127.0.0.1:15984/...`, the password from the banner): without
 * them the database refuses, as Apache CouchDB 3 does.
 */
async function couchPut(db: string, id: string, doc: unknown): Promise<number> {
  const path = `/${encodeURIComponent(db)}/${encodeURIComponent(id)}`;
  const anonymous = await p.curlCouch('PUT', path, { body: doc, anonymous: true });
  expect(anonymous.status).toBe(401);
  return (await p.curlCouch('PUT', path, { body: doc })).status;
}

async function runCli(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  for (const verb of commands) verb.register(program);
  return captureStdout(() => program.parseAsync(['node', 'tollgate', ...args]));
}


beforeAll(async () => {
  [resellerGateway, masterGateway] = await Promise.all([startBraintreeStub(), startBraintreeStub()]);
  for (const gw of [resellerGateway, masterGateway]) gw.addPlan({ id: 'SIP_Services', addOns: ['did_us'], discounts: ['discount_did_us'] });
  p = await startTestPlatform({ services: ['crossbar-api', 'services-sync', 'number-manager'] });
  process.env.COUCHDB_URL = p.couchUrl;
  process.env.AMQP_URL = p.amqpUrl;
  token = await p.login(p.master.username, p.master.password, p.master.accountName);
  // system_config/services as the seed sets it (3.x bookkeeper name), plus the per-reseller lookup.
  await p.config.setDefault('services', 'sync_services', true);
  await p.config.setDefault('services', 'sync_buffer_period', 60);
  await p.config.setDefault('services', 'scan_rate', 20000);
  await p.config.setDefault('services', 'master_account_bookkeeper', 'wh_bookkeeper_braintree');
  await p.config.setDefault('services', 'reseller_bookkeeper_lookup', true);
  for (const [k, v] of Object.entries(masterGateway.configValues())) await p.config.setDefault('braintree', k, v);
  // Seed 000's complaint: numbers added without a carrier land on "local", which Kazoo never billed
  // unless recompiled. Here it is one system_config setting.
  await p.config.setDefault('number_manager', ['is_number_billable', 'knm_local'], true);
}, 60000);

afterAll(async () => {
  process.env.COUCHDB_URL = saved.couch;
  if (saved.amqp === undefined) delete process.env.AMQP_URL;
  else process.env.AMQP_URL = saved.amqp;
  await p?.stop();
  await Promise.all([resellerGateway?.stop(), masterGateway?.stop()]);
});

test('sup whistle_services_maintenance make_reseller: the CLI makes the account a reseller', async () => {
  const res = await api('PUT', `/v2/accounts/${p.master.accountId}`, { name: 'My Company' });
  expect(res.status).toBe(201);
  resellerId = res.body.data.id;
  expect(await runCli('make_reseller', resellerId)).toContain('is a reseller');
  const services = await p.couch.get<ServicesDoc>(GLOBAL_DBS.services, resellerId);
  expect(services).toMatchObject({ pvt_reseller: true, pvt_reseller_id: p.master.accountId });
  // The reseller bills its customers with its own Braintree account.
  const db = accountDbName(resellerId);
  expect(await couchPut(db, 'configs_services', { master_account_bookkeeper: 'braintree' })).toBe(201);
  expect(await couchPut(db, 'configs_braintree', resellerGateway.configValues())).toBe(201);
});

test("a service plan PUT straight into the reseller's db is listed for its customers", async () => {
  expect(await couchPut(accountDbName(resellerId), PLAN_ID, plan)).toBe(201);
  const own = await api('GET', `/v2/accounts/${resellerId}/service_plans/${PLAN_ID}`);
  expect(own.status).toBe(200);
  expect(own.body.data).toMatchObject({ id: PLAN_ID, name: plan.name, plan: plan.plan, bookkeepers: plan.bookkeepers });
  expect(own.body.data.pvt_type).toBeUndefined();
});

test('default_service_plan on services/<reseller> is given to every new sub-account', async () => {
  const current = await p.couch.get<ServicesDoc>(GLOBAL_DBS.services, resellerId);
  expect(await couchPut(GLOBAL_DBS.services, resellerId, { ...current, default_service_plan: PLAN_ID })).toBe(201);
  const res = await api('PUT', `/v2/accounts/${resellerId}`, { name: 'Customer of My Company' });
  expect(res.status).toBe(201);
  customerId = res.body.data.id;
  const services = await api('GET', `/v2/accounts/${customerId}/services`);
  expect(services.status).toBe(200);
  expect(services.body.data).toMatchObject({ reseller: false, reseller_id: resellerId, billing_id: customerId, in_good_standing: true });
  expect(Object.keys(services.body.data.plans)).toEqual([PLAN_ID]);
  const listed = await api('GET', `/v2/accounts/${customerId}/service_plans`);
  expect(listed.body.data).toEqual([{ id: PLAN_ID, name: plan.name }]);
  const merged = await api('GET', `/v2/accounts/${customerId}/service_plans/current`);
  expect(merged.body.data).toEqual({ plan: plan.plan });
});

test('3 did_us and 1 tollfree_us numbers are counted by classification', async () => {
  for (const n of ['+14155550101', '+14155550102', '+14155550103', '+18005550104']) {
    const res = await api('PUT', `/v2/accounts/${customerId}/phone_numbers/${encodeURIComponent(n)}`, { state: 'in_service' });
    expect(res.status).toBe(201);
  }
  const quantities = await waitFor('the recount', async () => {
    const res = await api('GET', `/v2/accounts/${customerId}/services`);
    const q = res.body.data.account_quantities?.phone_numbers;
    return q?.did_us === 3 && q?.tollfree_us === 1 ? res.body.data : undefined;
  });
  expect(quantities.account_quantities.phone_numbers).toEqual({ did_us: 3, tollfree_us: 1 });
  expect(quantities.dirty).toBe(true);
});

test('tollgate sync: Braintree gets a subscription on SIP_Services with did_us x3 and its discount; the summary shows the same total', async () => {
  await createBraintreeCustomer(resellerGateway.credentials(), customerId);
  const out = await runCli('sync', customerId);
  expect(out).toContain(`account ${customerId} synced with braintree (good_standing)`);

  const [sub] = resellerGateway.subscriptionsOf(customerId);
  expect(sub).toMatchObject({ planId: 'SIP_Services', status: 'Active' });
  expect(sub.addOns).toEqual([{ id: 'did_us', quantity: 3, amount: '1.00' }]);
  expect(sub.discounts).toEqual([{ id: 'discount_did_us', quantity: 2, amount: '0.50' }]);
  expect(masterGateway.calls).toEqual([]);

  const cents = (lines: { quantity: number; amount: string }[]) => lines.reduce((s, l) => s + l.quantity * Math.round(Number(l.amount) * 100), 0);
  const braintreeTotal = (cents(sub.addOns) - cents(sub.discounts)) / 100;

  const summary = await api('GET', `/v2/accounts/${customerId}/services/summary`);
  expect(summary.status).toBe(200);
  expect(summary.body.data.total).toBe(braintreeTotal);
  expect(summary.body.data.total).toBe(2);
  expect(summary.body.data.items).toEqual([
    expect.objectContaining({
      category: 'phone_numbers',
      item: 'did_us',
      name: 'US DID',
      quantity: 3,
      rate: 1,
      charge: 3,
      discounts: { single: 0, cumulative: 1 },
      total: 2,
    }),
  ]);
  const services = await p.couch.get<ServicesDoc>(GLOBAL_DBS.services, customerId);
  expect(services).toMatchObject({ pvt_dirty: false, pvt_status: 'good_standing' });
});
