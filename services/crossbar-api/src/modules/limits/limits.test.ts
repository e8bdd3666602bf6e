import { KAZOO_LIMIT_DEFAULTS, limitsOf, readLimitsDoc } from '@tollgate/calls';
import { type CrossbarHarness, createAccount, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { propertiesModule } from '../properties';
import { limitsModule } from '.';

let h: CrossbarHarness;
let reseller: string;
let customer: string;
let direct: string;
let resellerToken: string;
let customerToken: string;
let directToken: string;

const create = (name: string, parent: string) => createAccount(h, h.masterToken, name, parent);
const adminOf = (id: string, name: string, username: string) => loginOfNewUser(h, h.masterToken, { id, name }, username);

const path = (accountId: string) => `/v2/accounts/${accountId}/limits`;

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [limitsModule, propertiesModule] });
  reseller = await create('Limits Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${reseller}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  customer = await create('Limits Customer', reseller);
  direct = await create('Limits Direct', h.masterId);
  resellerToken = await adminOf(reseller, 'Limits Reseller', 'limboss');
  customerToken = await adminOf(customer, 'Limits Customer', 'limclient');
  directToken = await adminOf(direct, 'Limits Direct', 'limdirect');
}, 60_000);

afterAll(async () => h?.close());

test('an account without a limits doc reads the defaults jonny5 would use', async () => {
  const res = await h.call('GET', path(customer), { token: customerToken });
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual({ id: 'limits', allow_prepay: true, allow_postpay: false, max_postpay_amount: 0, reserve_amount: 0.5, balance_management: 'hard' });
});

test("the reseller sets its customer's trunks and balance management; jonny5 reads them from the private fields", async () => {
  const res = await h.call('POST', path(customer), {
    token: resellerToken,
    data: { twoway_trunks: 1, inbound_trunks: 2, balance_management: 'soft', allow_postpay: true, max_postpay_amount: 25.5 },
  });
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({ id: 'limits', twoway_trunks: 1, inbound_trunks: 2, balance_management: 'soft', allow_postpay: true, max_postpay_amount: 25.5 });
  const doc = await readLimitsDoc(h.deps.couch, customer);
  expect(doc).toMatchObject({ pvt_type: 'limits', pvt_soft_limit_inbound: true, pvt_soft_limit_outbound: true, pvt_allow_postpay: true, pvt_max_postpay_amount: 255000 });
  expect(doc).not.toHaveProperty('balance_management');
  const limits = limitsOf(customer, doc, KAZOO_LIMIT_DEFAULTS);
  expect(limits).toMatchObject({ twowayTrunks: 1, inboundTrunks: 2, softLimitOutbound: true, allowPostpay: true, maxPostpayUnits: 255000 });
  // the customer reads what was set, private settings included, read-only
  const seen = await h.call('GET', path(customer), { token: customerToken });
  expect(seen.body.data).toMatchObject({ twoway_trunks: 1, balance_management: 'soft', max_postpay_amount: 25.5 });
});

test('a later POST replaces the public fields and keeps the private settings it does not name', async () => {
  const res = await h.call('POST', path(customer), { token: resellerToken, data: { outbound_trunks: 3 } });
  expect(res.status).toBe(200);
  expect(res.body.data).not.toHaveProperty('twoway_trunks');
  expect(res.body.data).toMatchObject({ outbound_trunks: 3, balance_management: 'soft', allow_postpay: true });
  const hard = await h.call('POST', path(customer), { token: resellerToken, data: { outbound_trunks: 3, balance_management: 'hard' } });
  expect(hard.body.data.balance_management).toBe('hard');
});

test("the customer, and a direct customer of the master account, get Kazoo's 403 and nothing changes", async () => {
  const before = await readLimitsDoc(h.deps.couch, customer);
  for (const [token, account] of [
    [customerToken, customer],
    [directToken, direct],
  ] as const) {
    const res = await h.call('POST', path(account), { token, data: { twoway_trunks: 99, balance_management: 'soft' } });
    expect(res.status).toBe(403);
    expect(res.body.data).toEqual({ message: 'Please contact your phone provider to add limits.' });
  }
  expect(await readLimitsDoc(h.deps.couch, customer)).toEqual(before);
  expect(await readLimitsDoc(h.deps.couch, direct)).toBeUndefined();
});

test('bad values are 400 with the field named, and nothing is written', async () => {
  const before = await readLimitsDoc(h.deps.couch, customer);
  for (const data of [{ twoway_trunks: -1 }, { balance_management: 'maybe' }, { max_postpay_amount: 'lots' }, { inbound_trunks: 1.5 }]) {
    const res = await h.call('POST', path(customer), { token: resellerToken, data });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.data)).toEqual(Object.keys(data));
  }
  expect(await readLimitsDoc(h.deps.couch, customer)).toEqual(before);
});

test('a superduper_admin may set any account, and nobody reads limits outside their tree', async () => {
  expect((await h.call('POST', path(direct), { token: h.masterToken, data: { twoway_trunks: 4 } })).status).toBe(200);
  expect((await h.call('GET', path(direct), { token: customerToken })).status).toBe(403);
  expect((await h.call('GET', path(reseller), { token: customerToken })).status).toBe(403);
});

describe('prepaid_changes (NGNPro)', () => {
  test('an account without it keeps its balance management and postpay: 403 naming the property, nothing written', async () => {
    const account = await create('Limits Gated', reseller);
    expect((await h.call('PATCH', `/v2/accounts/${account}/properties`, { token: resellerToken, data: { prepaid_changes: { value: false } } })).status).toBe(200);
    for (const data of [{ balance_management: 'soft' }, { allow_postpay: true }]) {
      const res = await h.call('POST', path(account), { token: resellerToken, data });
      expect(res.status).toBe(403);
      expect(res.body.data).toMatchObject({ cause: 'prepaid_changes', message: expect.stringMatching(/no prepaid_changes/) });
    }
    expect(await readLimitsDoc(h.deps.couch, account)).toBeUndefined();
    // other limits, and the current values sent back, still go through
    expect((await h.call('POST', path(account), { token: resellerToken, data: { twoway_trunks: 2, balance_management: 'hard', allow_postpay: false } })).status).toBe(200);
    // a bad value is still a 400 first
    expect((await h.call('POST', path(account), { token: resellerToken, data: { balance_management: 'maybe' } })).status).toBe(400);
    // a superduper_admin may switch it anyway
    expect((await h.call('POST', path(account), { token: h.masterToken, data: { balance_management: 'soft' } })).body.data.balance_management).toBe('soft');
    // given the property, the reseller switches it
    expect((await h.call('PATCH', `/v2/accounts/${account}/properties`, { token: resellerToken, data: { prepaid_changes: { value: true } } })).status).toBe(200);
    expect((await h.call('POST', path(account), { token: resellerToken, data: { balance_management: 'hard', allow_postpay: true } })).body.data).toMatchObject({ balance_management: 'hard', allow_postpay: true });
  });
});
