// The packages REST (seed 003) over HTTP: a reseller's own packages, validation naming the field
// with nothing written, the same doc listed and assigned through service_plans, one package's deck
// per account (400), a package in use not deleted (409), hand-written docs without `plan`.
import { type CrossbarHarness, createAccount, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { accountDbName, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { packageRatedeckId } from '@tollgate/services';
import { servicePlansModule } from '../service-plans';
import { packagesModule } from '.';

let h: CrossbarHarness;
let reseller: string;
let client: string;
let client2: string;
let other: string;
let otherClient: string;
let resellerToken: string;
let otherToken: string;
let clientToken: string;
const BUY = 'buy-pkgtest';

const create = (name: string, parent: string) => createAccount(h, h.masterToken, name, parent);
const pkgPath = (account: string, id?: string) => `/v2/accounts/${account}/packages${id ? `/${id}` : ''}`;

const BASIC = {
  id: 'basic',
  name: 'Basic',
  package: {
    markup: { fixed: 0.0025, percentage: 20 },
    pulse: 6,
    route: 'premium',
    overrides: [{ prefix: '44', rate_cost: 0.02 }, { iso_country_code: 'FR', rate_cost: 0.03 }],
    free_zones: [{ iso_country_code: 'CA' }, { prefix: '1800' }, { max_rate_cost: 0.005 }],
    free_minutes: 100,
    monthly_fee: 19.99,
    setup_fee: 5.0,
  },
};

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [servicePlansModule, packagesModule] });
  reseller = await create('Pkg Reseller', h.masterId);
  other = await create('Pkg Other Reseller', h.masterId);
  for (const r of [reseller, other]) expect((await h.call('PUT', `/v2/accounts/${r}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  client = await create('Pkg Client', reseller);
  client2 = await create('Pkg Client 2', reseller);
  otherClient = await create('Pkg Other Client', other);
  resellerToken = await loginOfNewUser(h, h.masterToken, { id: reseller, name: 'Pkg Reseller' }, 'pkgboss');
  otherToken = await loginOfNewUser(h, h.masterToken, { id: other, name: 'Pkg Other Reseller' }, 'pkgother');
  clientToken = await loginOfNewUser(h, h.masterToken, { id: client, name: 'Pkg Client' }, 'pkgclient');
  // The reseller buys from deck BUY: a master plan naming it, on the reseller's account.
  await h.deps.couch.ensureDb(`ratedeck/${BUY}`);
  await h.deps.couch.put(`ratedeck/${BUY}`, { _id: 'US-1503', pvt_type: 'rate', prefix: 1503, rate_cost: 0.009, routes: ['^\\+1503(\\d*)$'], rate_name: '1503', weight: 40 });
  await h.deps.couch.put(accountDbName(h.masterId), { _id: 'plan_buy', pvt_type: 'service_plan', name: 'Buy', plan: { ratedeck: { [BUY]: {} } } });
  expect((await h.call('POST', `/v2/accounts/${reseller}/service_plans`, { token: h.masterToken, data: { add: ['plan_buy'] } })).status).toBe(200);
}, 60_000);

afterAll(async () => h?.close());

test('PUT creates a package in the reseller db: the id names the doc; the derived deck and base deck are shown', async () => {
  const res = await h.call('PUT', pkgPath(reseller), { token: resellerToken, data: BASIC });
  expect(res.status).toBe(201);
  expect(res.body.data).toMatchObject({ ...BASIC, _read_only: { ratedeck_id: packageRatedeckId(reseller, 'basic'), base_ratedeck: BUY } });
  const doc = await h.deps.couch.get(accountDbName(reseller), 'basic');
  expect(doc).toMatchObject({ pvt_type: 'service_plan', name: 'Basic', package: BASIC.package, pvt_account_id: reseller });
  expect(doc).not.toHaveProperty('plan');
  const generated = await h.call('PUT', pkgPath(reseller), { token: resellerToken, data: { name: 'Gen', package: { markup: { percentage: 10 } } } });
  expect(generated.status).toBe(201);
  expect(generated.body.data.id).toMatch(/^pkg/);
});

test('the package is listed by packages and by service_plans; GET shows it; PATCH merges, POST replaces', async () => {
  const listed = await h.call('GET', pkgPath(reseller), { token: resellerToken });
  expect(listed.status).toBe(200);
  expect(listed.body.data.map((r: { id: string }) => r.id)).toContain('basic');
  const plans = await h.call('GET', `/v2/accounts/${client}/service_plans`, { token: resellerToken });
  expect(plans.body.data).toEqual(expect.arrayContaining([{ id: 'basic', name: 'Basic' }]));
  const patched = await h.call('PATCH', pkgPath(reseller, 'basic'), { token: resellerToken, data: { package: { markup: { percentage: 25 } } } });
  expect(patched.status).toBe(200);
  expect(patched.body.data.package).toMatchObject({ markup: { fixed: 0.0025, percentage: 25 }, pulse: 6 });
  const back = await h.call('PATCH', pkgPath(reseller, 'basic'), { token: resellerToken, data: { package: { markup: { percentage: 20 } } } });
  expect(back.body.data.package).toEqual(BASIC.package);
});

test.each([
  ['a base deck that does not exist', { base_ratedeck: 'no-such-deck' }, 'package.base_ratedeck'],
  ['a negative markup', { markup: { fixed: -0.001 } }, 'package.markup.fixed'],
  ['a negative percentage', { markup: { percentage: -5 } }, 'package.markup.percentage'],
  ['an override with a malformed prefix', { overrides: [{ prefix: '44x', rate_cost: 0.02 }] }, 'package.overrides.0.prefix'],
  ['an override with a leading 0', { overrides: [{ prefix: '0044', rate_cost: 0.02 }] }, 'package.overrides.0.prefix'],
  ['a free zone for an unknown country', { free_zones: [{ iso_country_code: 'QQ' }] }, 'package.free_zones.0.iso_country_code'],
])("%s is refused with Kazoo's 400 naming the field; nothing is written", async (_what, pkg, field) => {
  const res = await h.call('PUT', pkgPath(reseller), { token: resellerToken, data: { id: 'bad', name: 'Bad', package: pkg } });
  expect(res.status).toBe(400);
  expect(res.body.error).toBe('400');
  expect(res.body.message).toBe('validation error');
  expect(Object.keys(res.body.data)).toEqual([field]);
  expect(await h.deps.couch.get(accountDbName(reseller), 'bad')).toBeUndefined();
  // An edit making it invalid is refused the same way and leaves the stored doc alone.
  const before = await h.deps.couch.get(accountDbName(reseller), 'basic');
  const edit = await h.call('PATCH', pkgPath(reseller, 'basic'), { token: resellerToken, data: { package: pkg } });
  expect(edit.status).toBe(400);
  expect(Object.keys(edit.body.data)).toEqual([field]);
  expect((await h.deps.couch.get(accountDbName(reseller), 'basic'))?._rev).toBe(before?._rev);
});

test("a package over one of the reseller's own package decks is refused (it would feed on itself); service_plans PUT checks a package the same way", async () => {
  const self = await h.call('PUT', pkgPath(reseller), { token: resellerToken, data: { id: 'loop', name: 'Loop', package: { base_ratedeck: packageRatedeckId(reseller, 'basic') } } });
  expect(self.status).toBe(400);
  expect(Object.keys(self.body.data)).toEqual(['package.base_ratedeck']);
  const viaPlans = await h.call('PUT', `/v2/accounts/${reseller}/service_plans`, { token: resellerToken, data: { id: 'bad_plan_pkg', name: 'Bad', package: { free_zones: [{ iso_country_code: 'QQ' }] } } });
  expect(viaPlans.status).toBe(400);
  expect(Object.keys(viaPlans.body.data)).toEqual(['package.free_zones.0.iso_country_code']);
  expect(await h.deps.couch.get(accountDbName(reseller), 'bad_plan_pkg')).toBeUndefined();
});

test("a reseller sees and edits only its own packages; a client none; another reseller cannot assign them", async () => {
  expect((await h.call('GET', pkgPath(reseller), { token: otherToken })).status).toBe(403);
  expect((await h.call('GET', pkgPath(reseller, 'basic'), { token: otherToken })).status).toBe(403);
  expect((await h.call('PUT', pkgPath(reseller), { token: otherToken, data: BASIC })).status).toBe(403);
  expect((await h.call('GET', pkgPath(reseller), { token: clientToken })).status).toBe(403);
  expect((await h.call('GET', pkgPath(client), { token: clientToken })).status).toBe(403);
  expect((await h.call('GET', pkgPath(other), { token: otherToken })).body.data).toEqual([]);
  // The other reseller's client takes plans from the other reseller's db: `basic` is not there.
  expect((await h.call('POST', `/v2/accounts/${otherClient}/service_plans`, { token: otherToken, data: { add: ['basic'] } })).status).toBe(404);
  // And the other reseller may not change plans of an account outside its tree.
  expect((await h.call('POST', `/v2/accounts/${client}/service_plans`, { token: otherToken, data: { add: ['basic'] } })).status).toBe(403);
});

test("assigning with Kazoo's service_plans POST gives the client the package's deck; a second package's deck is a 400", async () => {
  const added = await h.call('POST', `/v2/accounts/${client}/service_plans`, { token: resellerToken, data: { add: ['basic'] } });
  expect(added.status).toBe(200);
  const deck = packageRatedeckId(reseller, 'basic');
  expect(added.body.data.plan.ratedeck).toEqual({ [deck]: { name: 'Basic', rate: 19.99, activation_charge: 5 } });
  const services = await h.deps.couch.get(GLOBAL_DBS.services, client);
  expect(services?.ratedeck).toEqual({ id: deck, name: deck, package: { id: 'basic', vendor_id: reseller, name: 'Basic' } });

  expect((await h.call('PUT', pkgPath(reseller), { token: resellerToken, data: { id: 'premium', name: 'Premium', package: { markup: { percentage: 50 } } } })).status).toBe(201);
  const before = await h.deps.couch.get(GLOBAL_DBS.services, client);
  const twice = await h.call('POST', `/v2/accounts/${client}/service_plans`, { token: resellerToken, data: { add: ['premium'] } });
  expect(twice.status).toBe(400);
  expect(twice.body.data.plans.conflict.message).toContain('only one package');
  expect(twice.body.data.plans.conflict.packages).toEqual(['basic', 'premium']);
  expect((await h.deps.couch.get(GLOBAL_DBS.services, client))?._rev).toBe(before?._rev);
});

test('a package in use is not deleted (409 naming how many clients); once removed from them it is', async () => {
  expect((await h.call('POST', `/v2/accounts/${client2}/service_plans`, { token: resellerToken, data: { add: ['basic'] } })).status).toBe(200);
  const refused = await h.call('DELETE', pkgPath(reseller, 'basic'), { token: resellerToken });
  expect(refused.status).toBe(409);
  expect(refused.body.data).toMatchObject({ clients: 2 });
  expect(refused.body.data.message).toContain('used by 2 clients');
  for (const c of [client, client2]) expect((await h.call('DELETE', `/v2/accounts/${c}/service_plans/basic`, { token: resellerToken })).status).toBe(200);
  const gone = await h.call('DELETE', pkgPath(reseller, 'basic'), { token: resellerToken });
  expect(gone.status).toBe(200);
  expect(await h.deps.couch.get(accountDbName(reseller), 'basic')).toBeUndefined();
  expect((await h.call('GET', pkgPath(reseller, 'basic'), { token: resellerToken })).status).toBe(404);
});

test('a package written straight into CouchDB, without `plan`, is listed and assigned the same way', async () => {
  await h.deps.couch.put(accountDbName(reseller), { _id: 'byhand', pvt_type: 'service_plan', name: 'By Hand', package: { markup: { fixed: 0.001 }, monthly_fee: 3 } });
  expect((await h.call('GET', pkgPath(reseller, 'byhand'), { token: resellerToken })).body.data).toMatchObject({ id: 'byhand', package: { markup: { fixed: 0.001 } } });
  const added = await h.call('POST', `/v2/accounts/${client}/service_plans`, { token: resellerToken, data: { add: ['byhand'] } });
  expect(added.status).toBe(200);
  expect((await h.deps.couch.get(GLOBAL_DBS.services, client))?.ratedeck).toMatchObject({ id: packageRatedeckId(reseller, 'byhand') });
});
