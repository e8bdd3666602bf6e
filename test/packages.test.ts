// Issue 15 acceptance (seed 003, "Create new package"), end to end on a whole platform: a reseller
// buys at 0.009 (its own deck, given by the master's plan), creates a package — fixed 0.0025 then
// 20 %, a 6 s pulse, a per-area override, a free zone, monthly and setup fees — and assigns it to a
// client with Kazoo's service_plans POST. rates/number shows the client Rate 0.0138 and
// Rate-Increment 6 and says the deck is the package's; a 95 s CHANNEL_DESTROY debits the client
// ceil(95/6)·6 = 96 s at 0.0138 and the reseller 95 s on its own 0.009 rate, with the profit; the
// override and the free zone apply to their numbers only; a base rate edited by hand in CouchDB
// changes the client's price; the fees are in the client's ledger once after a sync (twice synced);
// a package given with `overrides` zeroing its activation charge (issue 18's "setup fee charged"
// switch off) bills the monthly fee and no setup fee, the same package given without bills both.
import { BookkeeperSelector, ServicesStore, syncNow } from '@tollgate/services';
import { type RunningCharging, startCharging } from '@tollgate/charging';
import { findMasterAccountId } from '@tollgate/accounts';
import { numberManagerSource } from '@tollgate/numbers';
import { modbName } from '@tollgate/kazoo-db';
import { RATE_REQ_ROUTING_KEY, rateReq } from '@tollgate/kazoo-bus';
import { type Loose, randomHex, waitFor } from '@tollgate/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { channelDestroy, publishChannelDestroy } from './support/channel-destroy';
import { startTestPlatform, type TestPlatform } from './support/platform';
import { callLedgers, platformApi } from './support/platform-api';

let platform: TestPlatform;
let masterToken: string;
let resellerToken: string;
let amqp: ChannelModel;
let channel: Channel;
let charging: RunningCharging | undefined;
const accounts = { reseller: '', client: '', other: '' };
const BUY = `buy15${randomHex(3)}`;

const BUY_CSV = [
  '"prefix","rate_cost","rate_increment","rate_minimum","rate_name","iso_country_code","ratedeck_id"',
  `"1503","0.009","1","0","US-1503 WHOLESALE","US","${BUY}"`,
  `"44","0.012","1","0","GB","GB","${BUY}"`,
  `"4420","0.011","1","0","GB-LONDON","GB","${BUY}"`,
  `"1416","0.004","1","0","CA-TORONTO","CA","${BUY}"`,
  '',
].join('\n');

const { api, ...http } = platformApi(() => platform);

async function importDeck(csv: string): Promise<void> {
  const put = await api(masterToken, 'PUT', '/v2/tasks?category=rates&action=import', csv, { 'Content-Type': 'text/csv' });
  expect(put.status).toBe(201);
  const id = put.body.data._read_only.id;
  expect((await api(masterToken, 'PATCH', `/v2/tasks/${id}`)).status).toBe(200);
  const done = await waitFor('the import', async () => {
    const task = (await api(masterToken, 'GET', `/v2/tasks/${id}`)).body.data._read_only;
    return task.status === 'executing' || task.status === 'pending' ? undefined : task;
  });
  expect(done).toMatchObject({ status: 'success', success_count: 4 });
}

const createAccount = (parentId: string, name: string) => http.createAccount(masterToken, parentId, name);

const rateOf = (accountId: string, number: string, rate: number) => http.rateOf(resellerToken, accountId, number, rate);

beforeAll(async () => {
  platform = await startTestPlatform();
  masterToken = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  accounts.reseller = await createAccount(platform.master.accountId, 'Package Reseller');
  expect((await api(masterToken, 'PUT', `/v2/accounts/${accounts.reseller}/reseller`)).status).toBeLessThan(300);
  accounts.client = await createAccount(accounts.reseller, 'Package Client');
  const user = await api(masterToken, 'PUT', `/v2/accounts/${accounts.reseller}/users`, { username: 'boss15', password: 'boss15-pw', first_name: 'B', last_name: 'R', priv_level: 'admin' });
  expect(user.status).toBe(201);
  resellerToken = await platform.login('boss15', 'boss15-pw', 'Package Reseller');
  // What the reseller buys: the master's deck BUY, given to the reseller's account by a plan.
  await importDeck(BUY_CSV);
  expect((await api(masterToken, 'PUT', `/v2/accounts/${platform.master.accountId}/service_plans`, { id: 'plan_buy15', name: 'Wholesale', plan: { ratedeck: { [BUY]: {} } } })).status).toBe(201);
  expect((await api(masterToken, 'POST', `/v2/accounts/${accounts.reseller}/service_plans`, { add: ['plan_buy15'] })).status).toBe(200);
  await rateOf(accounts.reseller, '15035551234', 0.009);
  amqp = await connect(platform.amqpUrl);
  channel = await amqp.createChannel();
  charging = await startCharging({ couch: platform.couch, bus: platform.bus, config: platform.config, node: 'charging-packages@localhost' });
}, 180_000);

afterAll(async () => {
  await charging?.stop();
  await channel?.close().catch(() => {});
  await amqp?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

test("the reseller creates the seed's package and assigns it; rates/number shows Rate 0.0138, Rate-Increment 6, the package's deck", async () => {
  const created = await api(resellerToken, 'PUT', `/v2/accounts/${accounts.reseller}/packages`, {
    id: 'basic',
    name: 'Basic',
    package: {
      markup: { fixed: 0.0025, percentage: 20 },
      pulse: 6,
      overrides: [{ prefix: '4420', rate_cost: 0.02 }],
      free_zones: [{ iso_country_code: 'CA' }],
      monthly_fee: 19.99,
      setup_fee: 5.0,
    },
  });
  expect(created.status).toBe(201);
  expect(created.body.data._read_only.base_ratedeck).toBe(BUY);
  // The same doc, listed by Kazoo's service_plans, assigned by Kazoo's POST.
  expect((await api(resellerToken, 'GET', `/v2/accounts/${accounts.client}/service_plans`)).body.data).toEqual(expect.arrayContaining([{ id: 'basic', name: 'Basic' }]));
  expect((await api(resellerToken, 'POST', `/v2/accounts/${accounts.client}/service_plans`, { add: ['basic'] })).status).toBe(200);

  const rate = await rateOf(accounts.client, '15035551234', 0.0138);
  expect(rate).toMatchObject({ Rate: 0.0138, 'Rate-Increment': 6, 'Rate-Minimum': '6', 'Ratedeck-ID': created.body.data._read_only.ratedeck_id });
  const explained = await api(resellerToken, 'GET', `/v2/accounts/${accounts.client}/rates/number/15035551234?explain=true`);
  expect(explained.body.data.Explain.ratedeck).toMatchObject({ id: created.body.data._read_only.ratedeck_id, reason: 'account', package: `package basic ("Basic") of reseller ${accounts.reseller}` });
  expect(explained.body.data.Explain.ratedeck.because).toContain('the derived ratedeck of package basic');
}, 120_000);

test('the per-area override and the free zone apply to their numbers only', async () => {
  expect(await rateOf(accounts.client, '442071234567', 0.02)).toMatchObject({ Prefix: '4420' });
  // Another UK number (prefix 44): marked up, not overridden: (0.012 + 0.0025) × 1.2.
  expect(await rateOf(accounts.client, '447700900123', 0.0174)).toMatchObject({ Prefix: '44' });
  // Canada is free; the US next to it is not.
  expect(await rateOf(accounts.client, '14165551234', 0)).toMatchObject({ Prefix: '1416' });
  await rateOf(accounts.client, '15035551234', 0.0138);
  // The reseller itself still buys at its own price.
  await rateOf(accounts.reseller, '14165551234', 0.004);
}, 120_000);

test("a package's route is matched against the call's outbound flags as hotornot's route_options filter does", async () => {
  const client2 = await createAccount(accounts.reseller, 'Package Premium Client');
  const created = await api(resellerToken, 'PUT', `/v2/accounts/${accounts.reseller}/packages`, { id: 'premium', name: 'Premium', package: { route: 'premium', markup: { percentage: 50 } } });
  expect(created.status).toBe(201);
  expect((await api(resellerToken, 'POST', `/v2/accounts/${client2}/service_plans`, { add: ['premium'] })).status).toBe(200);
  await rateOf(client2, '15035551234', 0.0135);
  const bus = platform.bus;
  const ask = (flags: string[]) =>
    bus.rpc('callmgr', RATE_REQ_ROUTING_KEY, rateReq.build({ 'To-DID': '+15035551234', 'Account-ID': client2, 'Outbound-Flags': flags, 'Send-Empty': true }, bus.envelope()), { timeoutMs: 20_000 });
  // A switch asking for the premium route (or no route) gets the package's rate; the value route does not.
  expect(await ask(['premium'])).toMatchObject({ Rate: '135', 'Ratedeck-ID': created.body.data._read_only.ratedeck_id });
  expect(await ask([])).toMatchObject({ Rate: '135' });
  expect(await ask(['value'])).not.toHaveProperty('Rate');
}, 120_000);

/** A CHANNEL_DESTROY as ecallmgr publishes it, for the client's 95 s call on the package's rate. */
function destroyOf(callId: string): Record<string, unknown> {
  return channelDestroy({ callId, accountId: accounts.client, resellerId: accounts.reseller, billingSeconds: 95, ccvs: { 'Rate-Minimum': '6', 'Rate-Name': 'US-1503 WHOLESALE' } });
}

const ledgers = (accountId: string, callId: string) => callLedgers(platform.couch, accountId, callId);

test('a 95 s call debits the client 96 s at 0.0138 and the reseller 95 s on its own 0.009 rate; the CDR has the profit', async () => {
  const hex = `pkg${randomHex(8)}`;
  const callId = `${hex}@10.0.0.1`;
  publishChannelDestroy(channel, destroyOf(callId));
  const yyyymm = new Date().toISOString().slice(0, 7).replace('-', '');
  const cdr = await waitFor('the CDR', () => platform.couch.get(modbName(accounts.client, new Date()), `${yyyymm}-${callId}`), 60_000);
  // ceil(95 / 6) · 6 = 96 s at $0.0138/min = $0.02208 → 221 units; 95 s at $0.009 = $0.01425 → 143 units.
  expect(cdr).toMatchObject({ pvt_tollgate_billing: { sell: 221, cost: 143, profit: 78, reseller_id: accounts.reseller, rate_source: 'exact', cost_source: 'exact' } });
  const client = await ledgers(accounts.client, callId);
  expect(client).toEqual([expect.objectContaining({ pvt_ledger_type: 'debit', amount: 221, usage: { type: 'voice', quantity: 96, unit: 'sec' } })]);
  expect(client[0].metadata.rate).toMatchObject({ per_minute: '0.0138', increment: 6, minimum: 6 });
  const reseller = await ledgers(accounts.reseller, callId);
  expect(reseller).toEqual([expect.objectContaining({ pvt_ledger_type: 'debit', amount: 143, usage: { type: 'voice', quantity: 95, unit: 'sec' } })]);
  expect(reseller[0].metadata.rate).toMatchObject({ per_minute: '0.009', increment: 1, name: 'US-1503 WHOLESALE' });
}, 120_000);

test("a base rate edited by hand in CouchDB changes the client's price within seconds", async () => {
  const path = `/${encodeURIComponent(`ratedeck/${BUY}`)}/US-1503`;
  const cur = (await (await platform.curlCouch('GET', path)).json()) as Loose;
  expect(cur.rate_cost).toBe(0.009);
  const put = await platform.curlCouch('PUT', path, { body: { ...cur, rate_cost: 0.01 } });
  expect(put.status).toBe(201);
  // (0.01 + 0.0025) × 1.2 = 0.015; the override and free zone are untouched.
  await rateOf(accounts.client, '15035551234', 0.015);
  await rateOf(accounts.client, '442071234567', 0.02);
}, 120_000);

/** Syncs each account `times` times, as services-sync does (its syncNow). */
async function syncAccounts(accountIds: string[], times: number): Promise<void> {
  const store = await ServicesStore.open({
    couch: platform.couch,
    bus: platform.bus,
    config: platform.config,
    numbers: numberManagerSource(platform.couch, platform.config),
    masterId: () => findMasterAccountId({ couch: platform.couch, config: platform.config }),
  });
  try {
    const deps = { store, bookkeepers: new BookkeeperSelector({ store }), node: 'packages-acceptance@localhost' };
    for (const id of accountIds) for (let i = 0; i < times; i++) expect(await syncNow(deps, id)).toMatchObject({ result: 'synced' });
  } finally {
    store.close();
  }
}

/** The client's monthly and activation charges, as [reason, amount] sorted. */
async function feesOf(accountId: string): Promise<[string, number][]> {
  const res = await api(resellerToken, 'GET', `/v2/accounts/${accountId}/transactions`);
  expect(res.status).toBe(200);
  const fees = (res.body.data as Loose[]).filter((t) => t.reason === 'monthly_recurring' || t.reason === 'activation_charges');
  return fees.map((t): [string, number] => [t.reason, t.amount]).sort();
}

test("the monthly and setup fees are in the client's ledger once after a sync (and still once after a second)", async () => {
  await syncAccounts([accounts.client], 2);
  const res = await api(resellerToken, 'GET', `/v2/accounts/${accounts.client}/transactions`);
  expect(res.status).toBe(200);
  const fees = (res.body.data as Loose[]).filter((t) => t.reason === 'monthly_recurring' || t.reason === 'activation_charges');
  expect(fees.map((t) => [t.reason, t.amount]).sort()).toEqual([
    ['activation_charges', 5],
    ['monthly_recurring', 19.99],
  ]);
}, 120_000);

test('a package given with its setup fee waived (overrides in the same POST) bills no setup fee on sync; given without, it does', async () => {
  const created = await api(resellerToken, 'PUT', `/v2/accounts/${accounts.reseller}/packages`, { id: 'waivable', name: 'Waivable', package: { markup: { percentage: 10 }, monthly_fee: 3, setup_fee: 7 } });
  expect(created.status).toBe(201);
  const deck = created.body.data._read_only.ratedeck_id;
  const waived = await createAccount(accounts.reseller, 'Setup Waived Client');
  const charged = await createAccount(accounts.reseller, 'Setup Charged Client');
  const give = await api(resellerToken, 'POST', `/v2/accounts/${waived}/service_plans`, { add: ['waivable'], overrides: { waivable: { ratedeck: { [deck]: { activation_charge: 0 } } } } });
  expect(give.status).toBe(200);
  expect(give.body.data.plan.ratedeck[deck]).toMatchObject({ rate: 3, activation_charge: 0 });
  expect((await api(resellerToken, 'POST', `/v2/accounts/${charged}/service_plans`, { add: ['waivable'] })).status).toBe(200);
  await syncAccounts([waived, charged], 2);
  expect(await feesOf(waived)).toEqual([['monthly_recurring', 3]]);
  expect(await feesOf(charged)).toEqual([
    ['activation_charges', 7],
    ['monthly_recurring', 3],
  ]);
}, 120_000);
